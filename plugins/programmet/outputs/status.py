"""How an event's status reads in its title, wherever the title is all a reader sees.

Pure. Three texts, each its own message in the catalogue (translators word them apart):

- calendar apps and feed readers list titles only, and many ignore STATUS: «AVLYST: …»
  and «UTSATT: …» in capitals (``listed_title``: VEVENT SUMMARY, the new-events RSS);
- a cancelled event's page title and its shared link: «Avlyst: …» (``page_title``);
- the share card's status label above the title, in capitals: «AVLYST» (``card_label``).

Pages show the status as a badge (labels.STATUS_LABELS) beside an unchanged title.
"""

from __future__ import annotations

from ..content.model import Status
from .formatter import Formatter
from .i18n import N_, Translator

LISTED_MARKS = {Status.CANCELLED: N_("AVLYST: %(title)s"), Status.POSTPONED: N_("UTSATT: %(title)s")}


def listed_title(title: str, status: Status, translations: Translator) -> str:
    """The title as calendar apps and feed readers list it, with the status in front when it matters."""
    mark = LISTED_MARKS.get(status)
    return translations.gettext(mark) % {"title": title} if mark else title


def page_title(title: str, status: Status, translations: Translator) -> str:
    """A page's own title (and its shared link's): a cancelled event says so first."""
    if status is Status.CANCELLED:
        return translations.gettext("Avlyst: %(title)s") % {"title": title}
    return title


def card_label(status: Status, formatter: Formatter) -> str:
    """The status word on a share card, in capitals («AVLYST», «FULLT»); '' for a scheduled event."""
    return formatter.status_label(status).upper()
