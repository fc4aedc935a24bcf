"""The real content/ builds strictly and is a programme worth looking at."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import mutagen
import podcastparser
import pytest
from helpers.sites import ROOT, page
from icalendar import Calendar
from pelican.settings import read_settings as read_pelican_settings
from PIL import Image
from programmet.content.catalog import Catalog, load_catalog
from programmet.content.markup import markdown_renderer
from programmet.content.model import Access, RegistrationType, Status
from programmet.content.urls import show_feed_path
from programmet.outputs.listings import is_upcoming
from programmet.outputs.pages import front_page
from programmet.settings import Settings, read_settings

DEMO_TODAY = "2026-11-23"


def demo_settings(today: str = DEMO_TODAY) -> Settings:
    pelican_settings = read_pelican_settings(str(ROOT / "publishconf.py"), override={"PROGRAMMET_TODAY": today})
    return read_settings(pelican_settings, environ={})


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded, errors = load_catalog(demo_settings(), markdown_renderer())
    assert errors == []
    return loaded


RECORD = ROOT / "content" / "calendar-state.json"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path, Path]:
    """The production build, as docs/deployment.md gives it, with a copy of the committed calendar record."""
    output = tmp_path_factory.mktemp("published")
    record = output.parent / "calendar-state.json"
    shutil.copyfile(RECORD, record)
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o", str(output),
         "-e", f"PROGRAMMET_CALENDAR_STATE={json.dumps(str(record))}"],
        cwd=ROOT, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "PROGRAMMET_TODAY": DEMO_TODAY},
        check=False,
    )  # fmt: skip
    return result, output, record


def test_production_build_of_the_demo_content_is_clean(published) -> None:
    result, output, _ = published
    assert result.returncode == 0, result.stderr
    assert "ERROR" not in result.stderr
    assert "Traceback" not in result.stderr
    front = page(output, "")
    assert front.find("link", rel="canonical")["href"] == "https://program.fjordvik.kommune.example/"
    assert front.select("section[aria-labelledby=today] article[data-event-id]")


def test_the_committed_calendar_record_is_up_to_date(published) -> None:
    """Content changes must come with their record, or published SEQUENCEs would not move."""
    _, _, record = published
    assert record.read_bytes() == RECORD.read_bytes(), (
        "content/calendar-state.json is out of date: run `invoke build` and commit it with the content"
    )


def test_demo_feeds_parse_and_stay_far_below_a_megabyte(published) -> None:
    _, output, _ = published
    feeds = sorted((output / "kalender").rglob("*.ics"))
    # all, branches, categories, audiences, themes, series, each branch's 7 days for signage,
    # each branch × audience, the three other languages (ar, en, uk) and the four accessibility features
    assert len(feeds) == 1 + 6 + 9 + 7 + 5 + 14 + 6 + 6 * 7 + 3 + 4
    for feed in feeds:
        assert feed.stat().st_size < 300_000, feed
        calendar = Calendar.from_ical(feed.read_bytes())
        assert [c.errors for c in calendar.walk() if c.errors] == [], feed


def test_demo_podcast_and_bibliotektv(catalog: Catalog, published) -> None:
    _, output, _ = published
    shows = {s.medium.value: s for s in catalog.shows}
    podcast = [e for e in catalog.episodes if e.show == shows["podcast"].id]
    assert len(podcast) >= 8
    assert len({e.season for e in podcast}) >= 2
    recordings = [e for e in catalog.episodes if e.show == shows["video"].id]
    assert len(recordings) >= 4
    event_ids = {e.id for e in catalog.events}
    assert all(e.event in event_ids for e in recordings)
    for show in catalog.shows:
        feed = output / show_feed_path(show)
        parsed = podcastparser.parse(
            f"https://program.fjordvik.kommune.example/{show_feed_path(show)}", feed.open("rb")
        )
        for episode in parsed["episodes"]:
            (enclosure,) = episode["enclosures"]
            local = ROOT / "content" / enclosure["url"].split("/", 3)[3]
            assert enclosure["file_size"] == local.stat().st_size
            assert episode["total_time"] == round(mutagen.File(local).info.length) > 0


def test_event_pages_stay_within_the_weight_budget(published) -> None:
    """Issue 5's budget: at most 25 kB of HTML+CSS+JS per event page (images excluded)."""
    from bench.page_weight import BUDGET, weigh

    _, output, _ = published
    events = sorted((output / "arrangement").rglob("index.html"))
    heaviest = max(weigh(output, str(p.parent.relative_to(output)))[0] for p in events)
    assert heaviest <= BUDGET


def test_six_branches_and_a_full_season(catalog: Catalog) -> None:
    assert len(catalog.branches) == 6
    one_offs = [e for e in catalog.events if not e.is_occurrence]
    season = [e for e in one_offs if date(2026, 12, 1) <= e.when.first_day <= date(2027, 6, 30)]
    assert len(season) >= 150
    assert {e.details.branch for e in season} == {b.id for b in catalog.branches}
    open_ended = [s for s in catalog.series if s.recurrence and s.recurrence.until is None]
    assert len(open_ended) >= 6


def test_the_demo_shows_every_kind_of_event(catalog: Catalog) -> None:
    events = catalog.events
    statuses = Counter(e.status for e in events)
    assert {Status.CANCELLED, Status.MOVED, Status.FULL, Status.POSTPONED} <= set(statuses)
    assert any(Access.SIGN_LANGUAGE in e.details.accessibility for e in events)
    registrations = {e.details.registration.type for e in events}
    assert {RegistrationType.REQUIRED, RegistrationType.TICKET} <= registrations
    assert any(e.when.all_day and e.when.multi_day and e.details.category == "exhibition" for e in events)
    assert any(e.when.all_day and not e.when.multi_day for e in events)
    assert any(e.details.language == "en" for e in events)
    audiences = {a for e in events for a in e.details.audiences}
    assert audiences == {t.id for t in demo_settings().audiences}
    assert any(e.featured for e in events)


@pytest.mark.parametrize("today", ["2026-11-23", "2027-03-20", "2027-08-07", "2028-05-28", "2031-01-05"])
def test_the_front_page_is_never_empty(today: str) -> None:
    settings = demo_settings(today)
    loaded, errors = load_catalog(settings, markdown_renderer())
    assert errors == []
    upcoming = [e for e in loaded.events if is_upcoming(e, settings.today)]
    context = front_page(loaded, upcoming, settings).context
    shown = len(context["today_group"].events) + sum(len(g.events) for g in context["week"])
    assert shown > 0


def test_demo_images_are_real_and_described(catalog: Catalog) -> None:
    images = {e.details.image for e in catalog.events if e.details.image}
    images |= {s.details.image for s in catalog.series if s.details.image}
    assert len(images) >= 5
    for image in images:
        with Image.open(ROOT / "content" / image.src) as opened:
            assert opened.format == "JPEG"
            assert opened.width >= 720
        assert len(image.alt) > 10


def test_every_event_and_occurrence_has_its_own_id(catalog: Catalog) -> None:
    ids = [e.id for e in catalog.events]
    assert len(ids) == len(set(ids))
