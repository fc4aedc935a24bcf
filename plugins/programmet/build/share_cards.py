"""Drawing the 1200×630 share cards with Pillow, into the image cache.

What a card shows is planned in outputs/share.py (pure). Here it is drawn: the
event's photo on top (or the site colour when it has none) and its title, time,
place and any status («AVLYST») in large type. A card is cached under a name made
from everything drawn on it (text, the photo's content hash, the fonts), so an
unchanged card is never drawn again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont, ImageOps

from ..outputs.share import HEIGHT, WIDTH, ShareCard
from .atomic import store_sealed
from .parallel import run_parallel

RECIPE = "2"  # part of every cache key: change it when the layout or the encoding changes
# Baseline, not optimised: optimising the Huffman tables took a quarter of the time to
# draw a card for 13 % fewer bytes; 75 without it is about as small as 80 with it.
QUALITY = 75
# Bold and regular faces looked up by file name in the system's font folders
# (fc-list shows DejaVu on Debian); Pillow's own font when they are missing.
FONT_FILES = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")
BRAND = (11, 90, 138)  # the theme's --accent
TEXT = (255, 255, 255)
SOFT_TEXT = (222, 236, 246)
ALERT = (166, 25, 25)
MARGIN = 60
PHOTO_HEIGHT = 340

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True)
class Fonts:
    """The two faces the cards use; ``None`` means Pillow's built-in font."""

    bold: str | None
    regular: str | None

    @property
    def identity(self) -> str:
        return f"{self.bold}|{self.regular}"


def find_fonts(names: Sequence[str] = FONT_FILES) -> Fonts:
    """Pillow searches the system's font folders for a bare file name."""
    found = []
    for name in names:
        try:
            found.append(str(ImageFont.truetype(name, 12).path))
        except OSError:
            found.append(None)
    return Fonts(found[0], found[1] or found[0])


def cache_name(card: ShareCard, fonts: Fonts) -> str:
    """The card's file in the image cache: everything drawn on it, and how."""
    key = "|".join((RECIPE, str(QUALITY), card.title, *card.lines, card.label, card.kicker, card.photo_digest))
    return f"share-{hashlib.sha256((key + fonts.identity).encode()).hexdigest()[:40]}.jpg"


@dataclass(frozen=True)
class Layout:
    title_sizes: tuple[int, ...]  # the largest at which the title fits is used
    title_lines: int
    line_size: int  # the time and place under the title


# With a photo the text has the lower half; without, the whole card.
WITH_PHOTO = Layout((54, 46, 40), 2, 30)
WITHOUT_PHOTO = Layout((76, 66, 56), 3, 36)


def make_missing(
    cards: Sequence[ShareCard], content_path: Path, cache: Path, fonts: Fonts, workers: int | None = None
) -> list[ShareCard]:
    """Draw the cards the cache does not have yet; returns those that were drawn.

    The cards go to forked worker processes (parallel.py): Pillow holds the GIL while it
    draws text, so threads would mostly take turns. Each process draws with its own copy
    of this build's drawer, which keeps what the card before needed; the cards go in an
    order that keeps those with the same photo and title (a series) together, and the
    workers take them in runs of neighbours.
    """
    todo: dict[str, ShareCard] = {}
    for card in cards:
        name = cache_name(card, fonts)
        if name not in todo and not (cache / name).is_file():
            todo[name] = card
    order = sorted(todo.items(), key=lambda item: (item[1].photo or "", item[1].title, item[1].label, item[0]))
    drawer = CardDrawer(fonts)

    def draw(item: tuple[str, ShareCard]) -> None:
        name, card = item
        store_sealed(cache / name, drawer.draw(card, content_path / card.photo if card.photo else None))

    run_parallel(draw, order, workers, label="Drawing share images")
    return list(todo.values())


class CardDrawer:
    """Draws cards one at a time, keeping what the next card is likely to share with the last one.

    The faces it loaded, the photo it decoded and cropped, that photo's backgrounds (with
    and without a status label) and the last card's heading (everything down to its title).
    One drawer per build, copied into each worker process (make_missing); never shared
    between threads, since ``draw`` draws on the kept heading and then puts it back.
    """

    def __init__(self, fonts: Fonts) -> None:
        self.fonts = fonts
        self._faces: dict[tuple[bool, int], Font] = {}
        self._photo: tuple[tuple[Path, str], Image.Image] | None = None
        self._backgrounds: dict[tuple[Path | None, str, str, str], tuple[Image.Image, int]] = {}
        self._heading: tuple[tuple[Any, ...], tuple[Image.Image, int, Image.Image]] | None = None

    def draw(self, card: ShareCard, photo: Path | None) -> bytes:
        """The card as a 1200×630 baseline JPEG; ``photo`` is its photo's file.

        The lines are drawn on the kept heading itself, which is then put back as it was:
        copying the whole card each time cost a sixth of drawing it.
        """
        canvas, top, below = self._heading_of(photo, card.photo_digest, card.label, card.kicker, card.title)
        pen = ImageDraw.Draw(canvas)
        line_size = (WITH_PHOTO if photo else WITHOUT_PHOTO).line_size
        small = self.face(False, line_size)
        step = round(line_size * 1.3)
        if photo is None:  # at the bottom of the card, unless the title reaches further down
            top = max(top, HEIGHT - 40 - step * len(card.lines))
        buffer = BytesIO()
        try:  # from the first line drawn: a failure half way must not leave its marks on the next card
            for line in card.lines:
                pen.text((MARGIN, top), _wrap(line, small, WIDTH - 2 * MARGIN, 1)[0], font=small, fill=SOFT_TEXT)
                top += step
            canvas.save(buffer, "JPEG", quality=QUALITY)
        finally:
            canvas.paste(below, (0, HEIGHT - below.height))  # the heading as it was, for the next card
        return buffer.getvalue()

    def face(self, bold: bool, size: int) -> Font:
        """A face at one size, read from its file once: every card tries the same few sizes."""
        key = (bold, size)
        if key not in self._faces:
            path = self.fonts.bold if bold else self.fonts.regular
            self._faces[key] = ImageFont.truetype(path, size) if path else ImageFont.load_default(size)
        return self._faces[key]

    def _fitted_photo(self, path: Path, digest: str) -> Image.Image:
        """The photo decoded, turned upright and cropped to the card's top; shared, so only ever read.

        Many events show the same photo, and decoding it was most of a card's work. The
        digest is in the key so that a photo replaced under the same name is read again.
        """
        if self._photo is None or self._photo[0] != (path, digest):
            with Image.open(path) as opened:
                picture = ImageOps.exif_transpose(opened).convert("RGB")
            fitted = ImageOps.fit(picture, (WIDTH, PHOTO_HEIGHT), Image.Resampling.LANCZOS, centering=(0.5, 0.4))
            self._photo = ((path, digest), fitted)
        return self._photo[1]

    def _heading_of(
        self, photo: Path | None, digest: str, label: str, kicker: str, title: str
    ) -> tuple[Image.Image, int, Image.Image]:
        """The card down to its title, where the lines under the title start, and a copy of what is below it.

        The events of a series have the same title and differ only in time: the title is drawn once.
        ``draw`` draws on the card and then pastes the copy back.
        """
        key = (photo, digest, label, kicker, title)
        if self._heading is not None and self._heading[0] == key:
            return self._heading[1]
        background, top = self._background(photo, digest, label, kicker)
        canvas = background.copy()
        pen = ImageDraw.Draw(canvas)
        layout = WITH_PHOTO if photo else WITHOUT_PHOTO
        font, size, lines = self._fit(title, layout.title_sizes, WIDTH - 2 * MARGIN, layout.title_lines)
        for line in lines:
            pen.text((MARGIN, top), line, font=font, fill=TEXT)
            top += round(size * 1.18)
        # From the end of the title's line box: the lines below are drawn from ``top + 14`` down, and no glyph
        # reaches above its ascender line.
        heading = (canvas, top + 14, canvas.crop((0, top, WIDTH, HEIGHT)))
        self._heading = (key, heading)
        return heading

    def _background(self, photo: Path | None, digest: str, label: str, kicker: str) -> tuple[Image.Image, int]:
        """What the cards above the title have in common (the photo or the organisation, and the status label).

        Returns where the title starts; the image is shared, so only ever read. Kept for the
        current photo only, with and without each label: the cards come grouped by photo.
        """
        key = (photo, digest, label, kicker)
        if key in self._backgrounds:
            return self._backgrounds[key]
        if any(known[:2] != (photo, digest) for known in self._backgrounds):
            self._backgrounds.clear()
        canvas = Image.new("RGB", (WIDTH, HEIGHT), BRAND)
        pen = ImageDraw.Draw(canvas)
        if photo is not None:
            canvas.paste(self._fitted_photo(photo, digest))
            if label:
                self._label(pen, label, MARGIN, 36)
            top = PHOTO_HEIGHT + 34
        else:
            pen.text((MARGIN, 54), kicker, font=self.face(True, 34), fill=SOFT_TEXT)
            top = 130
            if label:
                top = self._label(pen, label, MARGIN, top) + 24
        self._backgrounds[key] = (canvas, top)
        return canvas, top

    def _label(self, pen: ImageDraw.ImageDraw, text: str, x: int, y: int) -> int:
        """A status label in a red box; returns its bottom edge."""
        font = self.face(True, 34)
        *_, right, bottom = pen.textbbox((x + 18, y + 10), text, font=font)
        pen.rectangle((x, y, right + 18, bottom + 12), fill=ALERT)
        pen.text((x + 18, y + 10), text, font=font, fill=TEXT)
        return bottom + 12

    def _fit(self, text: str, sizes: Sequence[int], width: int, max_lines: int) -> tuple[Font, int, list[str]]:
        """The largest size at which ``text`` fits in ``max_lines``; at the smallest it is cut with «…»."""
        for size in sizes:
            font = self.face(True, size)
            lines = _wrap(text, font, width, max_lines)
            if " ".join(lines) == " ".join(text.split()):
                break
        return font, size, lines


def _wrap(text: str, font: Any, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap by measured width; a word wider than a line is split; overflow ends in «…»."""

    def fits(line: str) -> bool:
        return font.getlength(line) <= width

    whole = " ".join(text.split())
    if fits(whole):  # most lines: one measurement instead of one per word
        return [whole] if whole else []
    lines: list[str] = []
    for word in text.split():
        while not fits(word):  # a compound word wider than the card: split it where it stops fitting
            cut = 1
            while cut < len(word) - 1 and fits(word[: cut + 1] + "-"):
                cut += 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        if lines and not lines[-1].endswith("-") and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and not fits(last + " …"):
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines = [*lines[: max_lines - 1], f"{last} …"]
    return lines
