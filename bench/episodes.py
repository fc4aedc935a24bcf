"""Podcast episodes for the benchmark corpus: the demo's show, M episodes, real audio.

Each episode gets its own copy of one of the demo's MP3 files and its WebVTT
transcript (apps ignore an enclosure URL used twice), so the build measures real
media files with mutagen. Deterministic: episode k is always the same file.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOW = "verdt-a-snakke-om"
FIRST = date(2024, 1, 4)


def write_episodes(content: Path, count: int) -> None:
    """Copy the demo show (file and cover) into ``content`` and write ``count`` weekly episodes."""
    source = ROOT / "content"
    (content / "shows").mkdir(exist_ok=True)
    shutil.copyfile(source / "shows" / f"{SHOW}.md", content / "shows" / f"{SHOW}.md")
    (content / "images").mkdir(exist_ok=True)
    shutil.copyfile(source / "images" / f"cover-{SHOW}.png", content / "images" / f"cover-{SHOW}.png")
    audio = sorted((source / "media" / SHOW).glob("*.mp3"))
    media, episodes = content / "media" / SHOW, content / "episodes" / SHOW
    media.mkdir(parents=True, exist_ok=True)
    episodes.mkdir(parents=True, exist_ok=True)
    for k in range(1, count + 1):
        sound = audio[k % len(audio)]
        name = f"e{k:04d}"
        shutil.copyfile(sound, media / f"{name}.mp3")
        shutil.copyfile(sound.with_suffix(".vtt"), media / f"{name}.vtt")
        (episodes / f"{name}.md").write_text(_episode(k, name), encoding="utf-8")


def _episode(k: int, name: str) -> str:
    season, published = 1 + (k - 1) // 20, FIRST + timedelta(weeks=k - 1)
    return (
        f"---\nid: bench-{name}\ntitle: Samtale nummer {k}\ndate: {published} 07:00\n"
        f"season: {season}\nepisode: {k}\n"
        f"summary: To gjester snakker om noe som er viktig, men vanskelig å snakke om (del {k}).\n"
        f"media: media/{SHOW}/{name}.mp3\ntranscript: media/{SHOW}/{name}.vtt\n---\n\n"
        f"Notater til samtale nummer {k}: hvem som var med, og hva de snakket om.\n"
    )
