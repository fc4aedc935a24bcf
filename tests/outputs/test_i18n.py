"""Bokmål and nynorsk: complete catalogues, nothing unmarked, and a nynorsk build without bokmål interface text."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from helpers.sites import FIXTURES, ROOT, build_site, page
from icalendar import Calendar
from jinja2 import Environment
from pelican.settings import read_settings as read_pelican_settings
from programmet.content.model import Frequency, Recurrence, Timespan
from programmet.outputs.formatter import Formatter
from programmet.outputs.i18n import CatalogueError, catalogue_path, load_translations
from programmet.settings import LANGUAGES, SettingsError, read_settings

THEME = ROOT / "theme"
TRANSLATIONS = THEME / "translations"
POT = TRANSLATIONS / "messages.pot"
# Names that are the same in every language: products and services, not our words.
PRODUCT_NAMES = {"Google", "Kalender", "Outlook", "Apple", "Podcasts", "Spotify"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source)


def messages(path: Path) -> dict[object, object]:
    """msgid (a tuple for plurals) -> msgstr (a tuple for plurals), header left out."""
    catalogue = read_catalogue(path)
    return {m.id: m.string for m in catalogue if m.id}


def strings(value: object) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


# -- the catalogues -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    template = messages(POT)
    catalogue = read_catalogue(catalogue_path(THEME, language))
    translated = {m.id: m for m in catalogue if m.id}
    missing = sorted(map(str, template.keys() - translated.keys()))
    assert missing == [], "run `invoke translations` (docs/development.md, Languages)"
    for msgid in template:
        message = translated[msgid]
        assert all(s.strip() for s in strings(message.string)), f"{language}: no translation for {msgid!r}"
        assert not message.fuzzy, f"{language}: {msgid!r} is marked fuzzy: check it and remove the flag"
    # Babel's own checks: the same %(placeholders)s in the translation as in the message.
    assert [(m.id, errors) for m, errors in catalogue.check() if errors] == []


def test_bokmal_is_the_source_language() -> None:
    for msgid, msgstr in messages(catalogue_path(THEME, "nb")).items():
        assert strings(msgstr) == strings(msgid)


def test_the_template_is_up_to_date_with_the_sources(tmp_path: Path) -> None:
    """Extract again, as `invoke translations` does, and compare the messages found."""
    fresh = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(fresh), str(ROOT)])
    assert set(messages(fresh)) == set(messages(POT)), "messages.pot is out of date: run the translation update"


def test_every_template_text_is_marked_for_translation() -> None:
    """Text between tags and in aria-label/title/alt/label/placeholder must be in _() or {% trans %}."""
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True, trim_blocks=True, lstrip_blocks=True)
    unmarked = {}
    for path in sorted((THEME / "templates").rglob("*.html")):
        found = [w for w in _literal_words(env, path.read_text(encoding="utf-8")) if w not in PRODUCT_NAMES]
        if found:
            unmarked[str(path.relative_to(THEME))] = found
    assert unmarked == {}


def _literal_words(env: Environment, source: str) -> list[str]:
    """Words written straight into a template: outside tags, expressions and {% trans %} blocks."""
    text, in_trans, last = [], 0, None
    for _, kind, value in env.lex(source):
        if kind == "whitespace":
            continue
        if kind == "name" and last == "block_begin":
            in_trans += {"trans": 1, "endtrans": -1}.get(value, 0)
        last = kind
        if kind == "data" and not in_trans:
            text.append(value)
        elif kind in ("variable_begin", "block_begin"):
            text.append("\x00")
    literal = "".join(text)
    attributes = re.findall(r'\b(?:aria-label|title|alt|label|placeholder)="([^"\x00]*)"', literal)
    between_tags = re.sub(r"<[^>]*>", " ", literal)
    return [w for chunk in (*attributes, between_tags) for w in re.findall(r"[^\W\d_][\w.-]*", chunk)]


def test_a_missing_catalogue_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="no catalogue for 'nn'"):
        load_translations(tmp_path, "nn")


def test_catalogues_are_read_from_the_po_files() -> None:
    assert load_translations(THEME, "nn").gettext("Hele programmet") == "Heile programmet"
    assert load_translations(THEME, "nb").gettext("Hele programmet") == "Hele programmet"
    assert not list(TRANSLATIONS.rglob("*.mo")), "compiled catalogues are made in memory, not committed"


# -- settings ---------------------------------------------------------------------------------------


def pelican_settings(**overrides: object) -> dict:
    return read_pelican_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(FIXTURES / "small"), **overrides})


def test_the_language_setting_picks_the_labels() -> None:
    assert read_settings(pelican_settings()).language == "nb"
    nynorsk = read_settings(pelican_settings(PROGRAMMET_LANGUAGE="nn"))
    assert nynorsk.language == "nn"
    assert {t.id: t.label for t in nynorsk.audiences}["children"] == "Born"
    assert {t.id: t.label for t in nynorsk.themes}["family-saturday"] == "Familielaurdag"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"PROGRAMMET_LANGUAGE": "en"}, "PROGRAMMET_LANGUAGE: expected one of nb, nn, got 'en'"),
        ({"PROGRAMMET_LANGUAGE": "nn", "PROGRAMMET_THEMES": {"x": {"label": "X", "slug": "x"}}},
         "PROGRAMMET_THEMES['x']: needs 'label_nn'"),
        ({"PROGRAMMET_THEMES": {"x": {"label": "X", "label_nn": "", "slug": "x"}}},
         "PROGRAMMET_THEMES['x'].label_nn: expected a non-empty text"),
        ({"PROGRAMMET_THEMES": {"x": {"label": "X", "label_en": "X", "slug": "x"}}},
         "PROGRAMMET_THEMES['x']: unknown key(s) ['label_en']"),
    ],
)  # fmt: skip
def test_language_mistakes_are_configuration_errors(overrides: dict, message: str) -> None:
    with pytest.raises(SettingsError) as error:
        read_settings(pelican_settings(**overrides))
    assert str(error.value).startswith(message)


# -- formatting in nynorsk ----------------------------------------------------------------------------

NN = Formatter("nn", date(2025, 1, 13), translations=load_translations(THEME, "nn"))


def test_nynorsk_dates_and_words() -> None:
    assert NN.day(date(2025, 1, 14)) == "tysdag 14. januar"
    assert NN.day_heading(date(2025, 1, 13)) == "I dag – måndag 13. januar"
    assert NN.day_heading(date(2025, 1, 14)) == "I morgon – tysdag 14. januar"
    assert NN.day_heading(date(2025, 1, 18)) == "Laurdag 18. januar"
    assert NN.when(Timespan(date(2025, 1, 18), date(2025, 1, 18))) == "laurdag 18. januar, heile dagen"
    assert NN.age_range(10, None) == "frå 10 år"
    assert NN.age_range(None, 2) == "opp til 2 år"
    assert NN.language_name("en") == "engelsk"
    assert NN.lang_attr("nb") == ' lang="nb"'
    assert NN.lang_attr("nn") == ""


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (dict(frequency=Frequency.WEEKLY, interval=1, weekdays=(1,), week_of_month=None),
         "Kvar tysdag kl. 10.00–11.00"),
        (dict(frequency=Frequency.WEEKLY, interval=2, weekdays=(0, 2), week_of_month=None),
         "Kvar andre måndag og onsdag kl. 10.00–11.00"),
        (dict(frequency=Frequency.MONTHLY, interval=1, weekdays=(3,), week_of_month=1),
         "Første torsdag i månaden kl. 10.00–11.00"),
        (dict(frequency=Frequency.MONTHLY, interval=2, weekdays=(5,), week_of_month=-1),
         "Siste laurdag kvar 2. månad kl. 10.00–11.00"),
    ],
)  # fmt: skip
def test_nynorsk_rules_in_words(rule: dict, expected: str) -> None:
    recurrence = Recurrence(start_time="10:00", duration=timedelta(hours=1), first=date(2025, 1, 1), until=None, **rule)
    assert NN.rule(recurrence) == expected


# -- the nynorsk build ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nn_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        return build_site(FIXTURES / "small", tmp_path_factory.mktemp("nn") / "out", PROGRAMMET_LANGUAGE="nn")


def bokmal_only() -> dict[str, re.Pattern[str]]:
    """Every bokmål text the site could show that nynorsk says otherwise, as a pattern over page text."""
    nb, nn = messages(catalogue_path(THEME, "nb")), messages(catalogue_path(THEME, "nn"))
    texts = {s for msgid in nb for s in strings(nb[msgid]) if s not in strings(nn[msgid])}
    # The controlled lists' labels (configuration) and Babel's bokmål weekday names.
    conf = read_pelican_settings(str(ROOT / "pelicanconf.py"))
    for name in ("PROGRAMMET_CATEGORIES", "PROGRAMMET_AUDIENCES", "PROGRAMMET_THEMES"):
        texts |= {t["label"] for t in conf[name].values() if t["label"] != t["label_nn"]}
    nb_days, nn_days = Locale("nb").days["format"]["wide"], Locale("nn").days["format"]["wide"]
    texts |= {day for i, day in nb_days.items() if day != nn_days[i]}
    texts |= {day.capitalize() for i, day in nb_days.items() if day != nn_days[i]}
    return {text: _pattern(text) for text in sorted(texts)}


def _pattern(text: str) -> re.Pattern[str]:
    """The text's words in order: a number placeholder matches digits, any other placeholder a short
    stretch of text, and markup a space. Case matters: «Hvor» is bokmål, a «hvor» in a name may not be."""
    plain = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    pieces = [p for p in re.split(f"({PLACEHOLDER.pattern})", plain) if p.strip()]
    while pieces and PLACEHOLDER.fullmatch(pieces[0]):  # text around the message may be anything
        pieces.pop(0)
    while pieces and PLACEHOLDER.fullmatch(pieces[-1]):
        pieces.pop()
    parts = []
    for piece in pieces:
        if PLACEHOLDER.fullmatch(piece):
            parts.append(r"\d+" if piece.endswith("d") else r".{1,120}?")
        else:
            parts.append(r"\s*".join(map(re.escape, piece.split())))
    start = r"(?<!\w)" if re.match(r"\w", pieces[0].strip()) else ""
    end = r"(?!\w)" if re.search(r"\w$", pieces[-1].strip()) else ""
    return re.compile(start + r"\s*".join(parts) + end)


def interface_text(html: str) -> str:
    """What a page says in its own words, leaving out content written by staff ([data-content]) and text
    marked as bokmål (lang="nb": an app's own menu names, quoted in the calendar help). Alt texts are
    left out too: every image's alt text is written by staff."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select("[data-content], [lang='nb'], style, script:not([type='application/json'])"):
        element.decompose()
    texts = [soup.body.get_text(" ") if soup.body else ""]
    texts += [link["title"] for link in soup.select("head link[title]")]
    texts += [json.get_text() for json in soup.select("script[type='application/json']")]
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name in {"aria-label", "title", "label", "placeholder"} or name.startswith("data-msg"):
                texts.append(value)
    return " ".join(" ".join(texts).split())


def test_the_nynorsk_build_says_nynorsk(nn_site: Path) -> None:
    front = page(nn_site, "")
    assert front.html["lang"] == "nn"
    week = front.find("section", attrs={"aria-labelledby": "week"})
    assert week.find(class_="day__heading").get_text(strip=True) == "I morgon – tysdag 12. januar"
    assert "Kvar tysdag kl. 10.00–11.00" in front.get_text()
    assert front.select_one(".site-nav a").get_text() == "Heile programmet"
    event = page(nn_site, "arrangement/2027-01-20-english-talk/")
    assert event.h1["lang"] == "en"
    assert "Går føre seg på engelsk" in event.select_one(".facts").get_text()
    assert page(nn_site, "arrangement/2027-01-16-eventyr/").find(attrs={"data-status": "cancelled"}).get_text() == (
        "Avlyst"
    )
    assert page(nn_site, "program/").h1.get_text() == "Heile programmet"
    assert page(nn_site, "for/barn/").h1.get_text() == "Born", "labels come from label_nn; URLs stay the same"


def test_no_bokmal_interface_text_in_the_nynorsk_build(nn_site: Path) -> None:
    patterns = bokmal_only()
    assert "Hele programmet" in patterns and "tirsdag" in patterns  # the check checks something
    found = {}
    for file in sorted(nn_site.rglob("*.html")):
        html = file.read_text(encoding="utf-8")
        assert re.search(r'<html lang="nn"', html), f"{file}: not marked as nynorsk"
        said = interface_text(html)
        hits = sorted(text for text, pattern in patterns.items() if pattern.search(said))
        if hits:
            found[str(file.relative_to(nn_site))] = hits
    assert found == {}


def test_content_in_another_language_than_the_site_is_marked(nn_site: Path) -> None:
    """Staff write in the site's language unless they say otherwise; English stays English."""
    card = page(nn_site, "program/").select_one("article[data-event-id='ev-test-english']")
    assert card["lang"] == "en"
    assert card.select_one(".event-card__when")["lang"] == "nn", "the interface in an English card is nynorsk"
    norwegian = page(nn_site, "program/").select_one("article[data-event-id='ev-test-forfatterkveld']")
    assert not norwegian.has_attr("lang"), "content without a language is in the site's language"


def test_nynorsk_calendar_feeds(nn_site: Path) -> None:
    feed = Calendar.from_ical((nn_site / "kalender" / "alle.ics").read_bytes())
    assert str(feed["X-WR-CALNAME"]) == "Fjordvik bibliotek: heile programmet"
    assert str(feed["X-WR-CALDESC"]).startswith("Arrangement i Fjordvik bibliotek")
    events = list(feed.walk("VEVENT"))
    cancelled = [str(e["SUMMARY"]) for e in events if str(e["STATUS"]) == "CANCELLED"]
    assert cancelled and all(s.startswith("AVLYST: ") for s in cancelled)
    descriptions = " ".join(str(e["DESCRIPTION"]) for e in events)
    assert "Meir informasjon: " in descriptions and "Mer informasjon" not in descriptions
    assert "inga påmelding" in descriptions and "ingen påmelding" not in descriptions
