"""Sharing: Open Graph data for every page, and the 1200×630 share images (Pillow).

Each event page gets its own share image: the event's photo on top (or the
site colour when it has none) and its title, time, place and any status
(«AVLYST») in large type. Every other page shares one image for the site.
All text of our own is in the site's language (a Translator from i18n.py).
Cards are cached like the image renditions: the cache name is made from
everything drawn on the card (text, the photo's content hash, the font), so
an unchanged card is never drawn again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont, ImageOps

from ..build.atomic import store_sealed
from ..build.images import SourceImage
from ..build.renditions import run_parallel
from ..content.model import Branch, Event, Status
from ..content.urls import event_url
from .formatter import Formatter
from .i18n import Translator

WIDTH, HEIGHT = 1200, 630
RECIPE = "2"  # part of every cache key: change it when the layout or the encoding changes
# Baseline, not optimised: optimising the Huffman tables took a quarter of the time to
# draw a card for 13 % fewer bytes; 75 without it is about as small as 80 with it.
QUALITY = 75
SITE_IMAGE = "deling.jpg"
EVENT_IMAGE = "deling.jpg"  # beside the event's index.html
LOCALES = {"nb": "nb_NO", "nn": "nn_NO"}  # og:locale by PROGRAMMET_LANGUAGE
# Bold and regular faces looked up by file name in the system's font folders
# (fc-list shows DejaVu on Debian); Pillow's own font when they are missing.
FONT_FILES = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")
BRAND = (11, 90, 138)  # the theme's --accent
TEXT = (255, 255, 255)
SOFT_TEXT = (222, 236, 246)
ALERT = (166, 25, 25)
MARGIN = 60
PHOTO_HEIGHT = 340


@dataclass(frozen=True)
class Fonts:
    """The two faces the cards use; ``None`` means Pillow's built-in font."""

    bold: str | None
    regular: str | None

    @property
    def identity(self) -> str:
        return f"{self.bold}|{self.regular}"

    def load(self, bold: bool, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        return _face(self.bold if bold else self.regular, size)


def find_fonts(names: Sequence[str] = FONT_FILES) -> Fonts:
    """Pillow searches the system's font folders for a bare file name."""
    found = []
    for name in names:
        try:
            found.append(str(ImageFont.truetype(name, 12).path))
        except OSError:
            found.append(None)
    return Fonts(found[0], found[1] or found[0])


@dataclass(frozen=True)
class ShareCard:
    """One share image: what it shows, and where it is published."""

    output: str  # path in the output folder
    title: str
    lines: tuple[str, ...]  # smaller lines under the title: time, place
    label: str  # a status such as «AVLYST», or ""
    kicker: str  # the organisation, above the title on cards without a photo
    photo: str | None  # source image under the content folder
    photo_digest: str
    alt: str

    def cache_name(self, fonts: Fonts) -> str:
        key = "|".join((RECIPE, str(QUALITY), self.title, *self.lines, self.label, self.kicker, self.photo_digest))
        return f"share-{hashlib.sha256((key + fonts.identity).encode()).hexdigest()[:40]}.jpg"


@dataclass(frozen=True)
class ShareMeta:
    """The Open Graph and Twitter data of one page."""

    title: str
    description: str
    url: str
    image: str  # absolute URL when SITEURL is set
    image_alt: str
    locale: str  # og:locale, like "nn_NO"
    type: str = "website"
    width: int = WIDTH
    height: int = HEIGHT


# -- planning (pure) -------------------------------------------------------------------


def event_card(
    event: Event, branch: Branch, formatter: Formatter, organisation: str, photo: SourceImage | None
) -> ShareCard:
    d = event.details
    label = formatter.status_label(event.status).upper()
    when = formatter.when(event.when)
    when = when[0].upper() + when[1:]
    alt = f"{label.capitalize() + ': ' if label else ''}{d.title} – {when} – {branch.name}"
    return ShareCard(
        output=f"{event_url(event)}{EVENT_IMAGE}",
        title=d.title,
        lines=(when, branch.name),
        label=label,
        kicker=organisation,
        photo=photo.src if photo and photo.resizable else None,
        photo_digest=photo.digest if photo and photo.resizable else "",
        alt=alt,
    )


def site_card(organisation: str, translations: Translator) -> ShareCard:
    tagline = translations.gettext("Foredrag, konserter, kurs, lesestunder og møteplasser")
    title = translations.gettext("Hva skjer på biblioteket?")
    return ShareCard(SITE_IMAGE, title, (tagline,), "", organisation, None, "", f"{organisation}: {title} {tagline}.")


def default_description(organisation: str, translations: Translator) -> str:
    text = translations.gettext("Arrangementer i %(organisation)s: foredrag, konserter, kurs, lesestunder og mer.")
    return text % {"organisation": organisation}


def page_text(template: str, context: Mapping[str, Any], translations: Translator) -> tuple[str | None, str | None]:
    """The page's own title and description for sharing (``None``: the site's)."""
    gettext = translations.gettext
    pager = context.get("pager")
    page_note = ""
    if pager is not None and pager.number > 1:
        page_note = " " + gettext("(side %(number)s)") % {"number": pager.number}
    match template:
        case "event.html":
            event = context["event"]
            title = event.details.title
            if event.status is Status.CANCELLED:
                title = gettext("Avlyst: %(title)s") % {"title": title}
            return title, event.details.summary
        case "series.html":
            return context["series"].details.title, context["series"].details.summary
        case "branch.html":
            return context["branch"].name + page_note, None
        case "programme.html" | "archive.html":
            return context["heading"] + page_note, None
        case "branches.html":
            return gettext("Bibliotekene"), None
        case "series_index.html":
            return gettext("Faste arrangementer"), None
        case "calendars.html":
            return (
                gettext("Programmet i kalenderen din"),
                gettext("Abonner på programmet i Google Kalender, Apple Kalender eller Outlook."),
            )
        case "page.html":
            return context["page"].title, context["page"].summary or context["page"].title
        case "show.html":
            return context["show"].title, context["show"].summary
        case "episode.html":
            return f"{context['episode'].title} – {context['show'].title}", context["episode"].summary
        case "404.html":
            return gettext("Fant ikke siden"), None
    return None, None


def page_meta(
    template: str,
    context: Mapping[str, Any],
    url: str,
    site_url: str,
    site_name: str,
    organisation: str,
    card: ShareCard,
    language: str,
    translations: Translator,
) -> ShareMeta:
    title, description = page_text(template, context, translations)
    return ShareMeta(
        title=title or site_name,
        description=description or default_description(organisation, translations),
        url=f"{site_url}/{url}",
        image=f"{site_url}/{card.output}",
        image_alt=card.alt,
        locale=LOCALES[language],
    )


# -- drawing (Pillow) --------------------------------------------------------------------


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

    The cards go to worker processes: Pillow holds the GIL while it draws text, so
    threads would mostly take turns. Cards with the same photo and title (a series)
    are kept together, so a worker reuses what it drew for the previous one.
    """
    todo: dict[str, ShareCard] = {}
    for card in cards:
        name = card.cache_name(fonts)
        if name not in todo and not (cache / name).is_file():
            todo[name] = card
    order = sorted(todo.items(), key=lambda item: (item[1].photo or "", item[1].title, item[1].label, item[0]))
    jobs = [(card, content_path, cache / name, fonts) for name, card in order]
    run_parallel(_draw_into, jobs, workers, label="Drawing share images", processes=True)
    clear_caches()  # with one worker they were drawn here: give the build its memory back
    return list(todo.values())


def _draw_into(card: ShareCard, content_path: Path, target: Path, fonts: Fonts) -> None:
    store_sealed(target, draw(card, content_path / card.photo if card.photo else None, fonts))


def draw(card: ShareCard, photo: Path | None, fonts: Fonts) -> bytes:
    """The card as a 1200×630 baseline JPEG.

    The lines are drawn on the cached heading itself, which is then put back as it was: copying the
    whole card each time cost a sixth of drawing it. So a process draws one card at a time (make_missing
    uses processes, never threads).
    """
    canvas, top, below = _heading(photo, card.photo_digest, card.label, card.kicker, card.title, fonts)
    pen = ImageDraw.Draw(canvas)
    line_size = (WITH_PHOTO if photo else WITHOUT_PHOTO).line_size
    small = fonts.load(False, line_size)
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


def clear_caches() -> None:
    """Forget this process's loaded faces, decoded photos and drawn headings."""
    for cached in (_face, _fitted_photo, _background, _heading):
        cached.cache_clear()


@lru_cache(maxsize=32)
def _face(path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A face at one size, read from its file once per process: every card tries the same few sizes."""
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


# The caches below are small: make_missing hands the cards out grouped by photo and title,
# so a worker needs only the last few (each is 1–2 MB).


@lru_cache(maxsize=4)
def _fitted_photo(path: Path, digest: str, size: tuple[int, int]) -> Image.Image:
    """The photo decoded, turned upright and cropped to ``size``; shared, so only ever read.

    Many events show the same photo, and decoding it was most of a card's work. The
    digest is in the key so that a photo replaced under the same name is read again.
    """
    with Image.open(path) as opened:
        picture = ImageOps.exif_transpose(opened).convert("RGB")
    return ImageOps.fit(picture, size, Image.Resampling.LANCZOS, centering=(0.5, 0.4))


@lru_cache(maxsize=4)
def _heading(
    photo: Path | None, digest: str, label: str, kicker: str, title: str, fonts: Fonts
) -> tuple[Image.Image, int, Image.Image]:
    """The card down to its title, where the lines under the title start, and a copy of what is below it.

    The events of a series have the same title and differ only in time: the title is drawn once.
    ``draw`` draws on the card and then pastes the copy back.
    """
    background, top = _background(photo, digest, label, kicker, fonts)
    canvas = background.copy()
    pen = ImageDraw.Draw(canvas)
    layout = WITH_PHOTO if photo else WITHOUT_PHOTO
    font, size, lines = _fit(title, fonts, layout.title_sizes, WIDTH - 2 * MARGIN, layout.title_lines)
    for line in lines:
        pen.text((MARGIN, top), line, font=font, fill=TEXT)
        top += round(size * 1.18)
    # From the end of the title's line box: the lines below are drawn from ``top + 14`` down, and no glyph
    # reaches above its ascender line.
    return canvas, top + 14, canvas.crop((0, top, WIDTH, HEIGHT))


@lru_cache(maxsize=8)  # a photo's background with and without each status label
def _background(photo: Path | None, digest: str, label: str, kicker: str, fonts: Fonts) -> tuple[Image.Image, int]:
    """What the cards above the title have in common (the photo or the organisation, and the status label).

    Returns where the title starts; the image is shared, so only ever read.
    """
    canvas = Image.new("RGB", (WIDTH, HEIGHT), BRAND)
    pen = ImageDraw.Draw(canvas)
    if photo is not None:
        canvas.paste(_fitted_photo(photo, digest, (WIDTH, PHOTO_HEIGHT)))
        if label:
            _label(pen, label, fonts, MARGIN, 36)
        return canvas, PHOTO_HEIGHT + 34
    pen.text((MARGIN, 54), kicker, font=fonts.load(True, 34), fill=SOFT_TEXT)
    top = 130
    if label:
        top = _label(pen, label, fonts, MARGIN, top) + 24
    return canvas, top


def _label(pen: ImageDraw.ImageDraw, text: str, fonts: Fonts, x: int, y: int) -> int:
    """A status label in a red box; returns its bottom edge."""
    font = fonts.load(True, 34)
    *_, right, bottom = pen.textbbox((x + 18, y + 10), text, font=font)
    pen.rectangle((x, y, right + 18, bottom + 12), fill=ALERT)
    pen.text((x + 18, y + 10), text, font=font, fill=TEXT)
    return bottom + 12


def _fit(text: str, fonts: Fonts, sizes: Sequence[int], width: int, max_lines: int) -> tuple[Any, int, list[str]]:
    """The largest size at which ``text`` fits in ``max_lines``; at the smallest it is cut with «…»."""
    for size in sizes:
        font = fonts.load(True, size)
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
