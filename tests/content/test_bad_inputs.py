"""A catalogue of bad inputs: each one is one clear error, a failed build, and nothing lost.

Every case breaks a copy of a fixture in one way, then runs the real strict build
(`build_atomically`, a Pelican process with a time limit) over a copy of the
site that was published before. Each must print exactly one content error line
``ERROR: path: field: message``, exit non-zero, print no traceback and leave
the published site byte-identical.
"""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup
from helpers.bad_input_catalogue import (
    BABYKLUBB_RULE,
    BRANCH,
    EPISODE,
    EVENING_COURSE,
    EVENING_COURSE_RULE,
    EVENT,
    REGISTRATION,
    SERIES,
    SHOW,
    VIDEO,
    Case,
    add_image,
    assert_one_clear_error,
    both,
    cmyk_jpeg,
    copy,
    huge_front_matter,
    link,
    moved_to,
    png_claiming,
    publish_fixtures,
    remove_fields,
    rename_field,
    replace,
    set_fields,
    write,
)
from helpers.model_builders import DROP, changed
from helpers.sites import FIXTURES, build_site, page
from helpers.snapshots import snapshot
from PIL import Image

LATIN1_EVENT = (FIXTURES / "small" / EVENT).read_text(encoding="utf-8").encode("latin-1", errors="replace")

CASES = [
    # -- the file itself -----------------------------------------------------------------------------
    Case("malformed YAML", "small", replace(EVENT, "audiences: [adults]", "audiences: [adults"),
         EVENT, "front matter", "not valid YAML"),
    Case("tab indentation", "small", replace(EVENT, "  type: required", "\ttype: required"),
         EVENT, "front matter", "a tab is used for indenting (line 14, column 1); indent with spaces"),
    Case("not UTF-8", "small", write(EVENT, LATIN1_EVENT), EVENT, "file", "not UTF-8"),
    Case("empty file", "small", write(EVENT, ""), EVENT, "front matter", "missing"),
    Case("front matter never closed", "small", write(EVENT, "---\nid: ev-x\ntitle: Uten slutt\n"),
         EVENT, "front matter", "missing"),
    Case("front matter is a list", "small", write(EVENT, "---\n- id\n- title\n---\n"),
         EVENT, "front matter", "must be a mapping"),
    Case("a NUL byte", "small", write(EVENT, b"---\nid: ev-x\x00\n---\n"), EVENT, "file", "NUL"),
    # Refused from its size, before it is read (frontmatter.oversized).
    Case("10 MB of front matter", "small", write(EVENT, huge_front_matter), EVENT, "file", "too large"),
    Case("a key given twice", "small", replace(EVENT, "room: Scenen", "room: Scenen\nroom: Salen"),
         EVENT, "front matter", "duplicate key 'room'"),
    Case("YAML aliases (billion laughs)", "small",
         replace(EVENT, "featured: true", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]"),
         EVENT, "front matter", "alias"),
    Case("a Python tag", "small", replace(EVENT, "featured: true", "featured: !!python/object/apply:os.system [ls]"),
         EVENT, "front matter", "tag"),
    # -- fields ------------------------------------------------------------------------------------
    Case("a missing required key", "small", remove_fields(EVENT, "category"),
         EVENT, "category", "required field is missing"),
    Case("a misspelled required key", "small", rename_field(EVENT, "title", "tittel"),
         EVENT, "tittel", "did you mean 'title'?"),
    Case("an unknown key", "small", rename_field(EVENT, "featured", "fetured"),
         EVENT, "fetured", "did you mean 'featured'?"),
    Case("a list where text belongs", "small", set_fields(EVENT, title=["a", "b"]),
         EVENT, "title", "text"),
    Case("a newline in the title", "small",
         set_fields(EVENT, title='"Forfatterkveld\\nmed Ida Berg"'),
         EVENT, "title", "one line"),
    Case("an empty title", "small", set_fields(EVENT, title='""'),
         EVENT, "title", "empty"),
    Case("a javascript: URL", "small", set_fields(EVENT, registration={**REGISTRATION, "url": "javascript:alert(1)"}),
         EVENT, "registration.url", "not an https:// link"),
    Case("an unknown status", "small", set_fields(EVENT, status="canceled"),
         EVENT, "status", "did you mean 'cancelled'?"),
    # -- dates and times ---------------------------------------------------------------------------
    Case("30 February", "small",
         both(remove_fields(EVENT, "end"), set_fields(EVENT, start="2027-02-30 18:00", duration="1h30m")),
         EVENT, "start", "February 2027 has 28 days, not 30"),
    Case("month 13", "small", set_fields(EVENT, start="2027-13-14 18:00"),
         EVENT, "start", "not a date"),
    Case("a time that does not exist (spring forward)", "small",
         moved_to("2027-03-28 02:30", end="2027-03-28 04:00"),
         EVENT, "start", "does not exist"),
    Case("a time that exists twice (fall back)", "small",
         moved_to("2027-10-31 02:30", end="2027-10-31 04:00"),
         EVENT, "start", "twice"),
    Case("a time without a colon", "small", set_fields(EVENT, start="2027-01-14 18.30"),
         EVENT, "start", "colon"),
    Case("25 o'clock", "small", set_fields(EVENT, start="2027-01-14 25:00"),
         EVENT, "start", "not a"),
    Case("end before start", "small", set_fields(EVENT, end="2027-01-14 17:00"),
         EVENT, "end", "before the start"),
    Case("a 400-day event", "small", set_fields(EVENT, end="2028-02-18 18:00"),
         EVENT, "end", "400 days"),
    Case("a negative duration", "small", both(remove_fields(EVENT, "end"), set_fields(EVENT, duration="-1h")),
         EVENT, "duration", "duration"),
    Case("registration deadline after the start", "small",
         set_fields(EVENT, registration={**REGISTRATION, "deadline": "2027-01-20"}),
         EVENT, "registration.deadline", "after"),
    # -- series ------------------------------------------------------------------------------------
    # A rule without `until` runs until further notice (up to PROGRAMMET_HORIZON_DAYS ahead),
    # so "never ends and no window" is a rule with neither a first nor a last date.
    Case("a rule that never ends and has no window", "small",
         set_fields(SERIES, recurrence=changed(BABYKLUBB_RULE, {"from": DROP, "until": DROP})),
         SERIES, "recurrence.from", "required"),
    Case("a rule that yields no dates", "small",
         set_fields(EVENING_COURSE, recurrence={**EVENING_COURSE_RULE, "from": "2027-03-19", "until": "2027-03-24"}),
         EVENING_COURSE, "recurrence", "no dates"),
    Case("an exception that is not a date of the series", "small",
         set_fields(SERIES, exceptions=["2027-01-20"]), SERIES, "exceptions", "2027-01-20"),
    Case("an override that is not a date of the series", "small",
         replace(SERIES, "2027-01-26: {status", "2027-01-27: {status"), SERIES, "overrides.2027-01-27",
         "not a date of this series (it meets on tuesdays)"),
    Case("an unknown weekday", "small", set_fields(SERIES, recurrence={**BABYKLUBB_RULE, "weekdays": ["tirsdag"]}),
         SERIES, "recurrence.weekdays", "did you mean 'tuesday'?"),
    Case("a rule repeating every 0 weeks", "small",
         set_fields(SERIES, recurrence={**BABYKLUBB_RULE, "interval": 0}), SERIES,
         "recurrence.interval", "must be between 1 and 52"),
    Case("an unknown series", "small", set_fields(EVENT, series="babyklub"),
         EVENT, "series", "babyklub"),
    # -- vocabularies and references --------------------------------------------------------------
    Case("an unknown branch", "small", set_fields(EVENT, branch="sentum"),
         EVENT, "branch", "did you mean 'sentrum'?"),
    Case("an unknown category", "small", set_fields(EVENT, category="litteratur"),
         EVENT, "category", "litteratur"),
    Case("an unknown audience", "small", set_fields(EVENT, audiences=["adult"]),
         EVENT, "audiences", "did you mean 'adults'?"),
    Case("an unknown room", "small", set_fields(EVENT, room="Kjelleren"), EVENT, "room", "Kjelleren"),
    Case("duplicate ids across files", "small", copy(EVENT, "events/kopi.md"), "events/kopi.md", "id", "already used"),
    Case("coordinates off the globe", "small",
         set_fields(BRANCH, coordinates=[158.16, 8.01]),
         BRANCH, "coordinates", "latitude"),
    Case("an id reused by an episode", "shows", set_fields(EPISODE, id="ev-show-foredrag"),
         EPISODE, "id", "already used"),
    # -- images ------------------------------------------------------------------------------------
    Case("an image path escaping the content folder", "small",
         set_fields(EVENT, image="{src: ../../etc/passwd, alt: Et bilde}"),
         EVENT, "image.src", "must be a file in the images/ folder"),
    Case("a missing image", "small", add_image(), EVENT, "image.src", "file not found"),
    Case("a corrupt image", "small",
         both(add_image(), write("images/bilde.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")),
         EVENT, "image.src", "'images/bilde.jpg' is not an image Pillow can read"),
    Case("a decompression bomb", "small",
         both(set_fields(EVENT, image="{src: images/bombe.png, alt: Et bilde}"),
              write("images/bombe.png", png_claiming(40_000, 40_000))),
         EVENT, "image.src", "'images/bombe.png' is too large to open safely (1,600,000,000 pixels)"),
    Case("an image without alt text", "small", both(set_fields(EVENT, image="{src: images/x.jpg}"),
                                                    write("images/x.jpg", cmyk_jpeg)),
         EVENT, "image.alt", "required"),
    Case("a CMYK podcast cover", "shows",
         both(set_fields(SHOW, image="{src: images/cmyk.jpg, alt: En blå firkant}"),
              write("images/cmyk.jpg", cmyk_jpeg)),
         SHOW, "image.src", "must be RGB, 'images/cmyk.jpg' is CMYK"),
    # -- media -------------------------------------------------------------------------------------
    Case("a media file that is not audio", "shows",
         write("media/lydpod/e01.mp3", b"ID3 this is text, not sound\n" * 40),
         EPISODE, "media", "not"),
    Case("a missing media file", "shows", set_fields(EPISODE, media="media/lydpod/e09.mp3"),
         EPISODE, "media", "e09.mp3"),
    Case("a transcript that is not WebVTT", "shows",
         write("media/lydpod/e01.vtt", "1\n00:00:00,000 --> 00:00:01,000\nHei\n"),
         EPISODE, "transcript", "does not start with 'WEBVTT'"),
    Case("a video without captions", "shows", remove_fields(VIDEO, "transcript"),
         VIDEO, "transcript", "required"),
    Case("an episode number given twice", "shows",
         set_fields("episodes/lydpod/s02e01-videre.md", season=1),
         "episodes/lydpod/s02e01-videre.md", "episode", "already"),
]  # fmt: skip


def truncated_jpeg() -> bytes:
    """A real photo-sized JPEG cut off half-way, as an interrupted upload leaves it."""
    buffer = BytesIO()
    Image.effect_noise((1200, 800), 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()[: len(buffer.getvalue()) // 2]


LATE_CASES = [
    Case("a truncated image", "small",
         both(add_image(), write("images/bilde.jpg", truncated_jpeg)),
         EVENT, "image.src", "'images/bilde.jpg' is damaged or cut off"),
    Case("a control character in the text", "small", replace(EVENT, "En kveld om", "En kveld\x07 om"),
         EVENT, "file", "a control character (U+0007) on line 19"),
    Case("an image symlinked out of the content folder", "small",
         both(add_image(), link("images/bilde.jpg", "/etc/passwd")),
         EVENT, "image.src", "outside the content folder"),
    Case("moved without a new time", "small", set_fields(EVENT, status="moved"),
         EVENT, "moved_to", "required"),
    Case("an episode without a show", "shows",
         both(lambda content: (content / "episodes" / "ukjent").mkdir(), copy(EPISODE, "episodes/ukjent/s01e01.md"),
              set_fields("episodes/ukjent/s01e01.md", id="ukjent-1")),
         "episodes/ukjent/s01e01.md", "file", "no show 'ukjent'"),
]  # fmt: skip
CASES += LATE_CASES


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return publish_fixtures(tmp_path_factory)


def test_the_catalogue_is_large_and_every_case_distinct() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_one_clear_error_and_nothing_is_lost(
    case: Case, published: dict[str, Path], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert_one_clear_error(case, published, tmp_path, capfd)


# -- text that looks like code is shown, never run ----------------------------------------------------

HOSTILE_TITLE = '</script><script>alert("tittel")</script> & <img src=x onerror=alert(1)>'
HOSTILE_LINKS = [
    "[a](javascript:alert(1))", "[b](JaVaScRiPt:alert(1))", "[c]( javascript:alert(1))",
    "[d](&#106;avascript:alert(1))", "[e](java&#x09;script:alert(1))", "[f](java\tscript:alert(1))",
    '<a href="javascript:alert(1)">g</a>', "![h](javascript:alert(1))", "[i](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>", "[j][ref]\n\n[ref]: javascript:alert(1)", "[k](vbscript:msgbox(1))",
]  # fmt: skip


def running_code(soup: BeautifulSoup) -> list[str]:
    """Anything in a page that a browser would run: inline scripts with our text, handlers, script URLs."""
    found = [str(s) for s in soup.find_all("script") if "alert" in (s.string or "") and s.get("type") != LD_JSON]
    for element in soup.find_all(True):
        found += [f"{element.name} {name}" for name in element.attrs if name.lower().startswith("on")]
        for name in ("href", "src", "action", "formaction", "poster"):
            # What a browser does before it reads the scheme: drop tabs and newlines, trim spaces.
            url = re.sub("[\t\n\r]", "", str(element.get(name, ""))).strip().lower()
            if url.startswith(("javascript:", "vbscript:", "data:text")):
                found.append(f"{element.name} {name}={url}")
    return found


LD_JSON = "application/ld+json"


def test_script_in_a_title_and_script_links_in_a_text_are_inert(scenario, tmp_path: Path) -> None:
    content = scenario("small")
    content.set(EVENT, title=f"'{HOSTILE_TITLE}'")
    with content.path(EVENT).open("a", encoding="utf-8") as body:
        body.write("\n\n" + "\n\n".join(HOSTILE_LINKS) + "\n")

    site = build_site(content.root, tmp_path / "site")

    event_page = page(site, "arrangement/2027-01-14-forfatterkveld/")
    assert event_page.h1.get_text(strip=True) == HOSTILE_TITLE
    structured = json.loads(event_page.find("script", type=LD_JSON).string)
    assert structured["name"] == HOSTILE_TITLE
    for html in sorted(site.rglob("*.html")):
        assert running_code(BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")) == [], html
    calendar = icalendar.Calendar.from_ical((site / "arrangement/2027-01-14-forfatterkveld/kalender.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [HOSTILE_TITLE]
    feed = feedparser.parse((site / "data" / "nye-arrangementer.xml").read_bytes())
    assert HOSTILE_TITLE in [entry.title for entry in feed.entries]
    records = json.loads((site / "data" / "v1" / "arrangementer.json").read_bytes())
    assert HOSTILE_TITLE in [record["name"] for record in records["events"]]


def test_a_byte_order_mark_is_not_a_mistake(copy_fixture, tmp_path: Path) -> None:
    """Notepad on Windows starts UTF-8 files with a BOM; Pelican and every editor accept it, and so do we."""
    plain = build_site(FIXTURES / "small", tmp_path / "plain")
    content = copy_fixture("small")
    target = content / EVENT
    target.write_bytes(b"\xef\xbb\xbf" + target.read_bytes())
    marked = build_site(content, tmp_path / "marked")
    assert snapshot(marked) == snapshot(plain)
