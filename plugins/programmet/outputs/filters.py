"""The Jinja filters and tests the theme uses.

Most are the Formatter's methods for the site's language (formatter.py); the
rest are plain formats that need no language: media positions and file sizes,
the service behind an embedded player, and machine-readable times.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from .formatter import Formatter
from .status import page_title


def clock(seconds: float) -> str:
    """A media position: '4:05', '1:02:05'."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def filesize(length: int) -> str:
    """Norwegian decimal comma: '84 kB', '1,2 MB'."""
    if length < 1_000_000:
        return f"{max(1, round(length / 1000))} kB"
    return f"{length / 1_000_000:.1f} MB".replace(".", ",")


def host_label(url: str) -> str:
    """Which service an embedded player comes from, said plainly."""
    host = urlsplit(url).hostname or url
    return {"www.youtube-nocookie.com": "YouTube", "player.vimeo.com": "Vimeo"}.get(host, host)


def iso(value: datetime | date) -> str:
    """Machine-readable form for <time datetime> and JSON-LD."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def make_filters(formatter: Formatter) -> dict[str, Callable[..., Any]]:
    """The Jinja filters the theme uses."""
    return {
        "day": formatter.day,
        "day_heading": formatter.day_heading,
        "times": formatter.times,
        "when": formatter.when,
        "moment": formatter.moment,
        "rule": formatter.rule,
        "price": formatter.price,
        "age_range": lambda details: formatter.age_range(details.age_min, details.age_max),
        "language_name": formatter.language_name,
        "iso": iso,
        "lang_attr": formatter.lang_attr,
        "site_lang_attr": formatter.site_lang_attr,
        "status_label": formatter.status_label,
        # A page's title with its status (status.py has the rule for every use of it).
        "page_title": lambda event: page_title(event.details.title, event.status, formatter.translations),
        "access_label": formatter.access_label,
        "registration_label": formatter.registration_label,
        "clock": clock,
        "host_label": host_label,
        "duration": formatter.media_duration,
        "filesize": filesize,
        "role_label": formatter.role_label,
        "episode_type_label": formatter.episode_type_label,
    }


def make_tests(formatter: Formatter) -> dict[str, Callable[..., bool]]:
    """The Jinja tests the theme uses: ``{% if d.language is other_language %}``."""
    return {"other_language": formatter.is_other_language}
