"""Share cards: the same bytes however they are drawn (in one process or several, with warm caches or cold)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from programmet.build import share_cards
from programmet.build.images import read_source
from programmet.outputs import share


def write_photo(content: Path, name: str, colour: tuple[int, int, int], orientation: int = 1) -> str:
    """A real JPEG with an EXIF orientation under content/images/; returns its src."""
    path = content / "images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (1600, 900), colour)
    image.paste((240, 200, 40), (0, 0, 800, 300))  # a corner, so a wrong crop or rotation changes the card
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.save(path, quality=90, exif=exif.tobytes())
    return f"images/{name}"


def card(number: int, title: str, src: str | None = None, digest: str = "", label: str = "") -> share.ShareCard:
    when = f"Tirsdag {number}. mars 2027 kl. 18.00–19.30"
    return share.ShareCard(
        output=f"arrangement/{number}/deling.jpg",
        title=title,
        lines=(when, "Havnen bibliotek"),
        label=label,
        kicker="Fjordvik bibliotek",
        photo=src,
        photo_digest=digest,
        alt=title,
    )


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    write_photo(folder, "books.jpg", (30, 120, 90))
    write_photo(folder, "portrait.jpg", (140, 40, 90), orientation=6)
    return folder


@pytest.fixture
def cards(content: Path) -> list[share.ShareCard]:
    """Cards with and without a photo, with a status label, and series sharing a title or a photo."""
    books, portrait = (read_source(content, f"images/{name}") for name in ("books.jpg", "portrait.jpg"))
    return [
        card(1, "Lesestund", books.src, books.digest),
        card(2, "Lesestund", books.src, books.digest),
        card(3, "Lesestund", books.src, books.digest, label="AVLYST"),
        card(4, "Forfatterkveld med Ida Berg", books.src, books.digest),
        card(5, "Samtale med Liv Sæther om «Lyset over Oksøy» og andre bøker", portrait.src, portrait.digest),
        card(6, "Sjakk for alle"),
        card(7, "Sjakk for alle"),
        card(8, "Sjakk for alle", label="AVLYST"),
        card(9, "Konsert med Ensemble Saltvann: salmer og julesanger i nye drakter og gamle"),
    ]


def drawn(cache: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(cache.iterdir())}


def cold(one: share.ShareCard, content: Path, fonts: share_cards.Fonts) -> bytes:
    """The card drawn with nothing cached from earlier cards (a new drawer)."""
    return share_cards.CardDrawer(fonts).draw(one, content / one.photo if one.photo else None)


def test_cards_are_the_same_bytes_drawn_serially_and_in_parallel(
    tmp_path: Path, content: Path, cards: list[share.ShareCard]
) -> None:
    fonts = share_cards.find_fonts()
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert len(share_cards.make_missing(cards, content, serial, fonts, workers=1)) == len(cards)
    assert len(share_cards.make_missing(cards, content, parallel, fonts, workers=2)) == len(cards)
    assert drawn(serial) == drawn(parallel)
    assert len(set(drawn(serial).values())) == len(cards)  # every card is its own picture


def test_cached_photos_fonts_and_headings_do_not_change_the_bytes(content: Path, cards: list[share.ShareCard]) -> None:
    """Each card drawn after the others (a series' title, a photo, faces already cached) equals one drawn cold."""
    fonts = share_cards.find_fonts()
    drawer = share_cards.CardDrawer(fonts)
    warm = [drawer.draw(c, content / c.photo if c.photo else None) for c in cards]
    assert warm == [cold(c, content, fonts) for c in cards]


def test_a_photo_replaced_under_the_same_name_is_read_again(content: Path, cards: list[share.ShareCard]) -> None:
    fonts = share_cards.find_fonts()
    drawer = share_cards.CardDrawer(fonts)
    first = cards[0]
    before = drawer.draw(first, content / first.photo)
    write_photo(content, "books.jpg", (200, 30, 30))
    again = replace(first, photo_digest=read_source(content, first.photo).digest)
    after = drawer.draw(again, content / again.photo)
    assert after != before
    assert after == cold(again, content, fonts)


def test_a_photo_is_decoded_once_for_all_its_cards(
    tmp_path: Path, content: Path, cards: list[share.ShareCard], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open = Image.open
    monkeypatch.setattr(
        Image, "open", lambda path, *args, **kw: opened.append(Path(path).name) or real_open(path, *args, **kw)
    )
    share_cards.make_missing(cards, content, tmp_path / "cache", share_cards.find_fonts(), workers=1)
    assert sorted(opened) == ["books.jpg", "portrait.jpg"]


def test_the_first_failure_in_a_worker_process_is_raised(tmp_path: Path, content: Path) -> None:
    missing = [card(n, "Lesestund", f"images/missing-{n}.jpg", "0" * 64) for n in (2, 3)]
    cards = [card(1, "Lesestund"), *missing, card(4, "Sjakk")]
    with pytest.raises(FileNotFoundError, match=r"missing-2\.jpg"):
        share_cards.make_missing(cards, content, tmp_path / "cache", share_cards.find_fonts(), workers=2)
