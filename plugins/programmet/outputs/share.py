"""Sharing: what each page shares (Open Graph and Twitter data), and what its share card says.

Each event page gets its own share image: the event's photo on top (or the
site colour when it has none) and its title, time, place and any status
(«AVLYST») in large type. Every other page shares one image for the site.
All text of our own is in the site's language (a Translator from i18n.py).
Pure: the cards are drawn, and kept in the image cache, by build/share_cards.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Branch, Event
from ..content.urls import event_url
from .formatter import Formatter
from .i18n import Translator
from .page_kinds import PageKind
from .status import card_label

WIDTH, HEIGHT = 1200, 630
SITE_IMAGE = "deling.jpg"
EVENT_IMAGE = "deling.jpg"  # beside the event's index.html
LOCALES = {"nb": "nb_NO", "nn": "nn_NO"}  # og:locale by PROGRAMMET_LANGUAGE


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


def event_card(
    event: Event, branch: Branch, formatter: Formatter, organisation: str, photo: str | None, photo_digest: str
) -> ShareCard:
    """The event's own card; ``photo`` is an image the card can show (not an animation), with its content hash."""
    d = event.details
    label = card_label(event.status, formatter)
    when = formatter.when(event.when)
    when = when[0].upper() + when[1:]
    alt = f"{label.capitalize() + ': ' if label else ''}{d.title} – {when} – {branch.name}"
    return ShareCard(
        output=f"{event_url(event)}{EVENT_IMAGE}",
        title=d.title,
        lines=(when, branch.name),
        label=label,
        kicker=organisation,
        photo=photo,
        photo_digest=photo_digest if photo else "",
        alt=alt,
    )


def site_card(organisation: str, translations: Translator) -> ShareCard:
    tagline = translations.gettext("Foredrag, konserter, kurs, lesestunder og møteplasser")
    title = translations.gettext("Hva skjer på biblioteket?")
    return ShareCard(SITE_IMAGE, title, (tagline,), "", organisation, None, "", f"{organisation}: {title} {tagline}.")


def default_description(organisation: str, translations: Translator) -> str:
    text = translations.gettext("Arrangementer i %(organisation)s: foredrag, konserter, kurs, lesestunder og mer.")
    return text % {"organisation": organisation}


def page_meta(
    kind: PageKind,
    url: str,
    site_url: str,
    site_name: str,
    organisation: str,
    card: ShareCard,
    language: str,
    translations: Translator,
) -> ShareMeta:
    """What the page at ``url`` shares: its kind's own title and description, or the site's."""
    return ShareMeta(
        title=kind.title(translations) or site_name,
        description=kind.description(translations) or default_description(organisation, translations),
        url=f"{site_url}/{url}",
        image=f"{site_url}/{card.output}",
        image_alt=card.alt,
        locale=LOCALES[language],
    )
