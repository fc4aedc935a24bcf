"""Addresses from content are judged as a browser reads them (WHATWG), not as Python's urlsplit does."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.bad_input_catalogue import (
    BRANCH,
    EVENT,
    REGISTRATION,
    Case,
    assert_one_clear_error,
    publish_fixtures,
    set_fields,
)
from programmet.content.weburls import WebUrl, host_allowed, read_url

EMBED = "episodes/tv/debatt-pa-youtube.md"


@pytest.mark.parametrize(
    ("written", "host"),
    [
        # urlsplit names YouTube as the host of the first; every browser goes to evil.example.
        ("https://evil.example\\@www.youtube-nocookie.com/embed/abc", "evil.example"),
        ("https://evil.example\\.www.youtube-nocookie.com/", "evil.example"),
        ("https://www.youtube-nocookie.com#@evil.example/", "www.youtube-nocookie.com"),
        ("HTTPS://WWW.YouTube-NoCookie.com./embed/x", "www.youtube-nocookie.com."),
        ("https://bibliotêk.example/", "xn--bibliotk-q1a.example"),  # IDNA, as the address bar shows it
        ("https://xn--bibliotk-q1a.example/", "xn--bibliotk-q1a.example"),
    ],
)
def test_the_host_is_the_one_a_browser_visits(written: str, host: str) -> None:
    url = read_url(written)
    assert isinstance(url, WebUrl)
    assert url.host == host


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("https://user:secret@checkin.no/", "user name or password"),
        ("https://checkin.no@evil.example/", "user name or password"),
        ("https://127.0.0.1/", "not on the public internet"),
        ("https://0x7f.1/", "127.0.0.1"),  # a browser reads hexadecimal IPv4 too
        ("https://2130706433/", "127.0.0.1"),
        ("https://[::1]/", "not on the public internet"),
        ("https://[::ffff:127.0.0.1]/", "not on the public internet"),
        ("https://10.1.2.3/", "not on the public internet"),
        ("https://192.168.0.10/booking", "not on the public internet"),
        ("https://169.254.169.254/latest/meta-data/", "not on the public internet"),  # cloud metadata
        ("https://localhost/", "only this computer or network knows"),
        ("https://printer.local/", "only this computer or network knows"),
        ("https://intranett/", "without a domain"),
        ("http://checkin.no/", "not an https:// link"),
        ("javascript:alert(1)", "not an https:// link"),
        ("https://check in.no/", "space"),
        ("checkin.no/event", "not an https:// link"),
    ],
)
def test_addresses_that_do_not_lead_to_the_public_web_are_refused(written: str, problem: str) -> None:
    found = read_url(written)
    assert isinstance(found, str)
    assert problem in found


def test_what_is_published_is_the_address_that_was_judged() -> None:
    url = read_url("https://Checkin.NO/event/12345?x=å")
    assert isinstance(url, WebUrl)
    assert url.href == "https://checkin.no/event/12345?x=%C3%A5"
    assert host_allowed(url, {"checkin.no"}) and not host_allowed(url, {"no"})


CASES = [
    Case("an embed whose host Python and browsers read differently", "shows",
         set_fields(EMBED, embed_url='"https://evil.example\\\\@www.youtube-nocookie.com/embed/abc123"'),
         EMBED, "embed_url", "a browser would go to 'evil.example'"),
    Case("a map link with a user name before the host", "small",
         set_fields(BRANCH, map_url="https://www.openstreetmap.org@evil.example/"),
         BRANCH, "map_url", "user name or password"),
    Case("a registration link to this computer", "small",
         set_fields(EVENT, registration={**REGISTRATION, "url": "https://0x7f.1/admin"}),
         EVENT, "registration.url", "127.0.0.1"),
    Case("a registration link into the library's own network", "small",
         set_fields(EVENT, registration={**REGISTRATION, "url": "https://192.168.1.20/pamelding"}),
         EVENT, "registration.url", "public internet"),
]  # fmt: skip


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return publish_fixtures(tmp_path_factory)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_link_a_browser_would_follow_elsewhere_is_one_clear_error(
    case: Case, published: dict[str, Path], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert_one_clear_error(case, published, tmp_path, capfd)
