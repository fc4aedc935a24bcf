"""The words shown for fixed values (status, access, registration, roles, episode types).

Each table holds bokmål message ids, marked with N_ for the catalogue (i18n.py);
the Formatter translates them where they are shown.
"""

from __future__ import annotations

from ..content.model import Access, RegistrationType, Status
from ..content.model_media import EpisodeType
from .i18n import N_

STATUS_LABELS = {
    Status.SCHEDULED: "",
    Status.CANCELLED: N_("Avlyst"),
    Status.POSTPONED: N_("Utsatt"),
    Status.MOVED: N_("Flyttet"),
    Status.FULL: N_("Fullt"),
}
ACCESS_LABELS = {
    Access.SIGN_LANGUAGE: N_("Tegnspråktolket"),
    Access.TEXT_INTERPRETED: N_("Skrivetolket"),
    Access.HEARING_LOOP: N_("Teleslynge"),
    Access.STEP_FREE: N_("Trinnfri adkomst"),
}
REGISTRATION_LABELS = {
    RegistrationType.NONE: N_("Ingen påmelding"),
    RegistrationType.REQUIRED: N_("Påmelding"),
    RegistrationType.TICKET: N_("Billett"),
}
ROLE_LABELS = {
    "host": N_("programleder"),
    "co-host": N_("programleder"),
    "guest": N_("gjest"),
    "producer": N_("produsent"),
    "editor": N_("redaktør"),
    "performer": N_("medvirkende"),
    "author": N_("forfatter"),
    "interviewer": N_("intervjuer"),
}
EPISODE_TYPE_LABELS = {
    EpisodeType.FULL: N_("Episode"),
    EpisodeType.TRAILER: N_("Trailer"),
    EpisodeType.BONUS: N_("Bonus"),
}
