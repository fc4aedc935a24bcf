"""A deterministic, realistic synthetic content tree for benchmarks and feed-size measurements.

    python bench/corpus.py OUT --events 5000 [--series 20] [--seed 1] [--force]

writes a tree shaped like ``content/``: the six real branch files (copied verbatim,
so rooms are real), ``series`` series (weekly and monthly rules with exceptions and
overrides on dates the rule really gives, plus one or two collections without a
rule), ``events`` one-off events spread over ``days`` days, one page and one image.
Only ``random.Random(seed)`` decides anything, so the same arguments give a
byte-identical tree.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

import yaml
from dateutil import rrule

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "content"
DEFAULT_START = date(2026, 8, 1)
FALLBACK_IMAGE = ("images/bokstabel.jpg", "Illustrasjon av en stabel bøker ved siden av en liten grønn plante")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The weekday themes of pelicanconf.py: theme id -> weekday (0 = Monday).
THEMES = {"green-monday": 0, "youth-tuesday": 1, "culture-wednesday": 2, "expert-thursday": 3, "family-saturday": 5}
THEME_OF_WEEKDAY = {weekday: theme for theme, weekday in THEMES.items()}
# No programme on Sundays, Christmas, New Year's Day and Constitution Day.
CLOSED = frozenset({(12, 24), (12, 25), (12, 26), (1, 1), (5, 17)})
ACCESS = ("sign_language", "text_interpreted", "hearing_loop", "step_free")
# "på Havnen", "i Nordlia": how a branch is named after a series title.
PLACE = {"hovedbiblioteket": "på Hovedbiblioteket", "havnen": "på Havnen", "nordlia": "i Nordlia",
         "strandvik": "i Strandvik", "skogheim": "på Skogheim", "bruland": "på Bruland"}  # fmt: skip
DAY_END = 20 * 60  # everything ends by 20:00
DAY_START = 10 * 60


@dataclass(frozen=True)
class CorpusStats:
    """What ``write_corpus`` wrote."""

    branches: int
    series: int
    recurring_series: int
    events: int
    all_day_events: int
    exhibitions: int
    pages: int
    images: int
    files: int
    total_bytes: int


@dataclass(frozen=True)
class Kind:
    """A kind of event: its category, who it is for, and the words to write it with."""

    category: str
    audiences: tuple[tuple[str, ...], ...]
    titles: tuple[str, ...]
    summaries: tuple[str, ...]
    sentences: tuple[str, ...]
    tags: tuple[str, ...]
    rooms: tuple[str, ...]  # preferred rooms, of any branch; others are used when none fits
    hours: tuple[int, ...] = (18,)
    minutes: tuple[int, ...] = (60, 90)
    themes: tuple[str, ...] = ()
    ages: tuple[tuple[int, int], ...] = ()
    series: tuple[str, ...] = ()  # names of recurring series of this kind
    weight: int = 2


@dataclass(frozen=True)
class _Branch:
    id: str
    name: str
    short_name: str
    rooms: tuple[str, ...]


@dataclass(frozen=True)
class _Collection:
    """A series without a rule: events name it in ``series:``."""

    id: str
    kind: str
    branch: _Branch


# -- words ---------------------------------------------------------------------

FIRST_NAMES = ("Ida", "Sigrid", "Ola", "Kari", "Nils", "Ingrid", "Magnus", "Astrid", "Eirik", "Hanne", "Tobias",
               "Guro", "Jonas", "Marte", "Sindre", "Liv", "Håkon", "Silje", "Aslak", "Torunn", "Amina", "Yusuf",
               "Mari", "Kristian", "Ragnhild", "Emil", "Sofie", "Vegard", "Nora", "Øystein", "Leila",
               "Bjørn")  # fmt: skip
LAST_NAMES = ("Berg", "Aasland", "Hovland", "Nakken", "Eikeland", "Thorsen", "Ness", "Bentsen", "Aamodt", "Lindstad",
              "Bjørnevik", "Haugen", "Solberg", "Fjeld", "Strand", "Knutsen", "Dahl", "Vik", "Moen", "Sæther",
              "Larsen", "Ødegård", "Bakke", "Tveiten", "Vestre", "Åsheim", "Rødland", "Håland")  # fmt: skip
WORDS = {
    "band_first": ("Duo", "Trio", "Kvartetten", "Ensemble", "Bandet"),
    "band_last": ("Saltvann", "Havbris", "Nordavind", "Fjordlys", "Sølvsuler", "Skjærgården", "Lyngheia",
                  "Måkeskrik", "Tidevann", "Blåtimen", "Fyrlykta", "Sørvest"),
    "ensemble": ("Fjordvik storband", "Skogheim spelemannslag", "Bruland mannskor", "Strandvik damekor",
                 "Fjordvik kammerkor", "Havnen blåseensemble"),
    "bok": ("Havgapet", "Vinteren i Lia", "Det siste fyret", "Saltets døtre", "Byen under isen", "Når tranene kommer",
            "Lyset over Oksøy", "Brev fra Bruland", "Den stille kysten", "Nattferja", "Alt vi ikke sa", "Under lyngen"),
    "sjanger": ("viser fra Sørlandet", "jazzstandarder", "irsk folkemusikk", "sanger fra skjærgården",
                "nordisk folkemusikk", "klassiske perler", "sanger fra 70-tallet",
                "salmer og julesanger i nye drakter"),
    "fagtema": ("søvn og helse", "klimatilpasning langs kysten", "kunstig intelligens i hverdagen",
                "seilskutetiden på Sørlandet", "hjernen og hukommelsen", "fuglene i skjærgården",
                "vikingtiden i Agder", "privatøkonomi for nybegynnere", "mikroplast i havet", "dialektene på Sørlandet",
                "kosthold og tarmflora",
                "stjernehimmelen om vinteren", "kildekritikk på nett", "Fjordviks historie", "villaksen i elvene"),
    "ting": ("klær", "sykler", "lamper", "småelektronikk", "sko og vesker", "leker", "stoler og småmøbler"),
    "bytte": ("planter", "klær", "barneklær", "bøker og spill", "julepynt", "stiklinger og frø"),
    "lage": ("handlenett", "insekthotell", "fuglekasser", "puter av gamle gardiner", "bivoksduk"),
    "kurs": ("strikking", "søm", "3D-printing", "koding for nybegynnere", "fotoredigering på mobilen",
             "podkastproduksjon", "akvarellmaling", "bokbinding", "slektsforskning", "digital sikkerhet", "regneark",
             "kalligrafi", "brodering"),
    "sprak": ("norsk", "engelsk", "arabisk", "ukrainsk", "spansk", "tysk", "somali", "tigrinja", "polsk", "fransk"),
    "norsktema": ("å snakke om været", "hos legen", "i butikken", "på jobbintervju", "høytider i Norge",
                  "på foreldremøte"),
    "digitema": ("BankID og nettbank", "Helsenorge", "e-bøker og lydbøker", "bilder på mobilen",
                 "videosamtaler med familien", "å unngå svindel på nett", "Vipps", "digital postkasse"),
    "eventyr": ("De tre bukkene Bruse", "Askeladden og de gode hjelperne", "Pannekaken", "Skinnvotten",
                "Kjerringa mot strømmen", "Gutten som kappåt med trollet", "Tornerose", "Rødhette og ulven",
                "Reveenka", "Prinsessen på erten", "Den lille raupa"),
    "famlage": ("fuglemat", "papirfly", "tegneserier", "bokmerker", "julekort", "påskepynt", "robotter av papp",
                "masker", "drager som kan fly"),
    "film": ("Flåklypa Grand Prix", "Kon-Tiki", "Elling", "Max Manus", "Løperjenten", "Kautokeino-opprøret",
             "Ut og stjæle hester", "Tusen ganger god natt", "Den siste Fleksnes", "Kvinner i for store herreskjorter"),
    "spill": ("Mario Kart", "Minecraft", "Rocket League", "FIFA", "Super Smash Bros", "Overcooked", "Just Dance"),
    "quiztema": ("musikk fra 80-tallet", "Sørlandet", "film og TV", "natur og dyr", "Fjordvik", "sport",
                 "mat og drikke"),
    "seniortema": ("minner fra skoletiden", "Fjordvik i gamle dager", "sanger vi husker", "hagestell om våren"),
    "fag": ("matematikk", "norsk", "engelsk", "naturfag", "samfunnsfag"),
    "utstilling": ("Tegneserier fra Sørlandet", "Fjordvik før og nå", "Fotografier fra skjærgården",
                   "Barnas kunstutstilling", "Bokomslag gjennom hundre år", "Vev og tekstil fra Agder",
                   "Akvareller fra kysten", "Fyrene langs kysten"),
    "heldag": ("Bokloppemarked", "Åpen dag", "Stor bokbyttedag", "Lånekortaksjon", "Plantebyttedag", "Lesefest"),
    "book_en": ("The Remains of the Day", "Small Things Like These", "The Hobbit", "Norwegian Wood", "Persuasion",
                "Never Let Me Go", "The Night Watchman"),
    "en_topic": ("getting a library card", "borrowing e-books", "Norwegian everyday life", "finding a job in Norway"),
}  # fmt: skip
PARTNERS = ("Fjordvik høgskole", "Fjordvik frivilligsentral", "Fjordvik historielag", "Fjordvik naturvernforening",
            "Fjordvik kulturskole", "Sørlandets litteraturhus", "Fjordvik husflidslag",
            "Fjordvik digitalvenner")  # fmt: skip


class _Words(dict):
    """Placeholder values for one event, drawn when a text first asks for them (then fixed)."""

    def __init__(self, rng: random.Random, **fixed: str) -> None:
        super().__init__(fixed)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key.endswith("_stor"):
            base = self[key.removesuffix("_stor")]
            value = base[:1].upper() + base[1:]
        elif key == "navn":
            value = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        elif key == "band":
            if rng.random() < 0.4:
                value = rng.choice(WORDS["ensemble"])
            else:
                value = f"{rng.choice(WORDS['band_first'])} {rng.choice(WORDS['band_last'])}"
        else:
            value = rng.choice(WORDS[key])
        self[key] = value
        return value


# -- kinds of events -----------------------------------------------------------

STAGE_ROOMS = ("Scenen", "Amfiet", "Salen", "Lesesalen", "Biblioteksalen", "Peisestua", "Grendesalen")
CHILD_ROOMS = ("Barneavdelingen", "Barnerommet", "Barnehjørnet", "Bibliotekrommet", "Lesekroken")
SMALL_ROOMS = ("Møterom 1", "Møterommet", "Grupperommet", "Lesekroken", "Kantina", "Peisestua", "Lesesalen")
MAKER_ROOMS = ("Verkstedet", "Kantina", "Møterom 1", "Møterommet", "Grupperommet", "Grendesalen")

KINDS: dict[str, Kind] = {
    "forfatter": Kind(
        category="literature",
        audiences=(("adults",), ("adults", "seniors"), ("everyone",)),
        titles=("Forfatterkveld med {navn}", "Møt forfatteren {navn}", "Boklansering: {bok}",
                "Samtale med {navn} om «{bok}»", "{navn} leser fra «{bok}»"),
        summaries=("{navn} forteller om romanen «{bok}» og leser fra den.",
                   "{navn} snakker med en bibliotekar om skriving, research og den nye boka «{bok}».",
                   "Møt {navn}, som har skrevet «{bok}», i en samtale om bøker, steder og mennesker."),
        sentences=("{navn} debuterte for noen år siden og har siden skrevet flere bøker som er lest over hele landet.",
                   "I «{bok}» møter vi en familie som må ta stilling til hva de skylder hverandre.",
                   "Romanen er lagt til kysten, og mange lesere har kjent igjen steder fra Sørlandet.",
                   "Samtalen ledes av en av bibliotekarene våre, og det blir god tid til spørsmål fra salen.",
                   "Etter samtalen signerer {navn} bøker, og bokhandelen i sentrum selger boka på stedet.",
                   "{navn} leser fra boka og forteller om arbeidet med den, fra første idé til ferdig manus.",
                   "Boka ble nominert til Brageprisen og har fått strålende kritikker.",
                   "Mange kjenner {navn} fra radio, men få vet at alt begynte med en skrivekonkurranse."),
        tags=("litteratur", "forfatter", "roman", "samtale", "lesing"),
        rooms=STAGE_ROOMS, hours=(18, 19), minutes=(60, 75, 90), themes=("culture-wednesday",),
        series=("Bokprat", "Krim og kringle", "Lesesirkel"), weight=3,
    ),
    "konsert": Kind(
        category="stage",
        audiences=(("everyone",), ("adults",), ("adults", "seniors")),
        titles=("Konsert: {band}", "{band} i biblioteket", "Visekveld med {navn}", "Konsert med {band}: {sjanger}"),
        summaries=("{band} spiller {sjanger}, og du får høre både kjente og nye sanger.",
                   "En kveld med {sjanger}, fremført av {band} i biblioteket.",
                   "Lokale musikere spiller {sjanger} i en intim konsert med plass til allsang."),
        sentences=("{band} har spilt sammen i mange år og er kjent for varme og humoristiske konserter.",
                   "Repertoaret spenner fra {sjanger} til egne låter skrevet til anledningen.",
                   "Mellom låtene forteller musikerne historiene bak sangene.",
                   "Det er unummererte plasser, så kom gjerne i god tid.",
                   "Konserten varer i omtrent en time uten pause.",
                   "Baren i foajeen åpner en halvtime før konserten.",
                   "Flere av musikerne har bakgrunn fra kulturskolen i Fjordvik og kommer gjerne hjem for å spille."),
        tags=("konsert", "musikk", "live", "viser", "jazz"),
        rooms=STAGE_ROOMS, hours=(18, 19), minutes=(60, 90), themes=("culture-wednesday",), weight=3,
    ),
    "foredrag": Kind(
        category="talks",
        audiences=(("adults",), ("adults", "seniors"), ("everyone",)),
        titles=("Foredrag: {fagtema_stor}", "{fagtema_stor}: hva vet vi i dag?", "Hva vet vi om {fagtema}?",
                "{navn} om {fagtema}"),
        summaries=("{navn} forteller om {fagtema} og svarer på spørsmål fra publikum.",
                   "Et foredrag om {fagtema}, med {navn} fra Fjordvik høgskole.",
                   "Hva vet forskningen om {fagtema}, og hva betyr det for oss som bor her?"),
        sentences=("{navn} forsker på {fagtema} og har skrevet flere bøker om emnet.",
                   "Foredraget er lagt opp for folk uten forkunnskaper, og det blir god tid til spørsmål.",
                   "Du får høre om de nyeste funnene og hva de betyr for oss som bor langs kysten.",
                   "Etter foredraget kan du låne bøker om temaet, som bibliotekarene har plukket ut.",
                   "Det blir vist bilder, kart og korte filmklipp underveis.",
                   "Foredraget er et samarbeid med Fjordvik høgskole, som har flere forskere på feltet.",
                   "Mange har sterke meninger om {fagtema}, men hva sier egentlig kunnskapen?"),
        tags=("foredrag", "forskning", "kunnskap", "samfunn"),
        rooms=(*STAGE_ROOMS, "Møterom 1"), hours=(12, 17, 18, 19), minutes=(45, 60, 75, 90),
        themes=("expert-thursday",), series=("Fredskafé", "Fagkveld"), weight=4,
    ),
    "gronn": Kind(
        category="workshop",
        audiences=(("adults",), ("everyone",), ("adults", "families")),
        titles=("Reparasjonskafé: {ting}", "Lær å reparere {ting}", "Byttemarked for {bytte}",
                "Lag {lage} av gjenbruk"),
        summaries=("Ta med det som er ødelagt, så hjelper frivillige deg å reparere det.",
                   "Bytt {bytte} med andre, og gi ting du ikke bruker et nytt liv.",
                   "Lær enkle grep som gjør at tingene dine varer lenger."),
        sentences=("Det er både bra for miljøet og for lommeboka å reparere i stedet for å kaste.",
                   "Frivillige fra Fjordvik naturvernforening har med seg verktøy og god tid.",
                   "Du trenger ingen forkunnskaper, og vi har materiellet du trenger.",
                   "Ta gjerne med noe du vil fikse eller bytte, også om du tror det er håpløst.",
                   "Vi serverer kaffe og kjeks mens vi jobber.",
                   "Ting som ikke blir hentet, går videre til gjenbruksbutikken i sentrum.",
                   "Sist gang fikk vi liv i tretti lamper, tolv jakker og en gammel radio."),
        tags=("gjenbruk", "reparasjon", "bærekraft", "miljø"),
        rooms=MAKER_ROOMS, hours=(11, 17, 18), minutes=(90, 120), themes=("green-monday",),
        series=("Reparasjonskafé",), weight=2,
    ),
    "kurs": Kind(
        category="workshop",
        audiences=(("adults",), ("adults", "seniors"), ("youth", "adults")),
        titles=("Kurs i {kurs}", "Nybegynnerkurs i {kurs}", "Verksted: {kurs_stor}"),
        summaries=("Et praktisk kurs i {kurs} der du lærer det grunnleggende og får prøve selv.",
                   "Lær {kurs} sammen med andre nybegynnere, med god hjelp fra en erfaren kursholder."),
        sentences=("Kurset passer for deg som aldri har prøvd før, og for deg som vil friske opp det du kan.",
                   "Kursholderen er {navn}, som har holdt kurs i biblioteket i flere år.",
                   "Biblioteket har utstyret du trenger, men du kan gjerne ta med ditt eget.",
                   "Det er plass til tolv deltakere, så vi anbefaler å melde seg på tidlig.",
                   "Vi tar en kort pause underveis med kaffe og frukt.",
                   "Etter kurset kan du låne utstyr og bøker for å øve videre hjemme.",
                   "Du går hjem med noe du har laget selv, og med lyst til å lære mer."),
        tags=("kurs", "verksted", "lære", "hobby"),
        rooms=(*MAKER_ROOMS, "Medierommet"), hours=(11, 17, 18), minutes=(90, 120),
        series=("Strikkekafé", "Skrivegruppe"), weight=3,
    ),
    "sprak": Kind(
        category="learning",
        audiences=(("adults",), ("youth", "adults"), ("everyone",)),
        titles=("Språkkafé på {sprak}", "Norsktrening: {norsktema}", "Samtalegruppe på {sprak}"),
        summaries=("Øv på å snakke {sprak} med andre over en kopp kaffe, uten press og uten lekser.",
                   "En uformell samtalegruppe der du øver {sprak} sammen med frivillige."),
        sentences=("Frivillige samtaleledere hjelper samtalen i gang og sørger for at alle får snakke.",
                   "Du trenger ikke å kunne mye fra før, og alle nivåer er velkomne.",
                   "Vi snakker om hverdagslige ting som mat, jobb, familie og fritid.",
                   "Mange som kommer, er nye i Fjordvik og vil bli kjent med andre.",
                   "Du kan komme og gå som du vil, og du trenger ikke å si noe før du er klar.",
                   "Biblioteket har også lettlestbøker og språkkurs du kan låne med hjem."),
        tags=("språk", "samtale", "integrering", "frivillige"),
        rooms=(*SMALL_ROOMS, "Biblioteksalen"), hours=(12, 14, 17, 18), minutes=(90, 120),
        series=("Språkkafé", "Norsktrening"), weight=3,
    ),
    "digital": Kind(
        category="learning",
        audiences=(("seniors",), ("seniors", "adults")),
        titles=("Digital hjelp: {digitema}", "Lær deg {digitema}", "Trygg på nett: {digitema}"),
        summaries=("Få hjelp med {digitema} av tålmodige frivillige, i ditt eget tempo.",
                   "Vi går gjennom {digitema} steg for steg, og du får prøve selv på din egen mobil."),
        sentences=("Ta med mobilen, nettbrettet eller den bærbare datamaskinen din, og husk passord og ladekabel.",
                   "Frivillige fra Fjordvik digitalvenner forklarer steg for steg.",
                   "Ingen spørsmål er for små, og vi har god tid.",
                   "Du får med deg et enkelt hefte med det viktigste vi går gjennom.",
                   "Biblioteket har nettbrett du kan låne hvis du ikke har ditt eget.",
                   "Svindlere blir stadig flinkere, så det lønner seg å vite hva du skal se etter."),
        tags=("digital hjelp", "mobil", "senior", "nettbrett"),
        rooms=(*SMALL_ROOMS, "Medierommet"), hours=(11, 12, 13), minutes=(60, 90, 120),
        series=("Digital hjelp", "Seniornett"), weight=2,
    ),
    "eventyr": Kind(
        category="storytime",
        audiences=(("children",), ("children", "families"), ("toddlers", "families")),
        titles=("Eventyrstund: {eventyr}", "Høytlesing: {eventyr}", "Teater for de minste: {eventyr}",
                "Eventyr og dans: {eventyr}"),
        summaries=("Vi forteller eventyret om {eventyr} med dukker, musikk og god plass til å være med.",
                   "Bibliotekaren leser {eventyr} høyt, og barna får være med og fortelle."),
        sentences=("Barna sitter på puter og tepper, og de voksne får gjerne sitte sammen med dem.",
                   "Bibliotekaren forteller eventyret med dukker og enkle rekvisitter.",
                   "Etterpå kan barna tegne sin favorittfigur fra eventyret.",
                   "Stunden varer i omtrent en halvtime, så den passer også for de yngste.",
                   "Barnehager og dagmammaer er velkomne, men gi oss gjerne beskjed på forhånd.",
                   "Vi har plukket ut bildebøker om eventyr som dere kan låne med hjem.",
                   "Noen ganger blir trollet litt skummelt, men det går alltid bra til slutt."),
        tags=("eventyr", "høytlesing", "barn", "bildebøker"),
        rooms=CHILD_ROOMS, hours=(10, 11, 12, 17), minutes=(30, 45, 60), themes=("family-saturday",),
        ages=((3, 6), (2, 5), (4, 8)), series=("Eventyrstund", "BibloBaby", "Babysang"), weight=3,
    ),
    "familieverksted": Kind(
        category="workshop",
        audiences=(("families",), ("children", "families")),
        titles=("Familieverksted: {famlage_stor}", "Lag {famlage} sammen", "Verksted for barn: {famlage_stor}"),
        summaries=("Lag {famlage} sammen med barna, med materiell og hjelp fra biblioteket.",
                   "Et verksted for store og små der vi lager {famlage} og har det gøy sammen."),
        sentences=("Vi har alt materiell klart, og bibliotekarene viser hvordan dere kommer i gang.",
                   "Verkstedet passer for barn sammen med en voksen.",
                   "Det du lager, får du selvsagt ta med deg hjem.",
                   "Husk klær som tåler litt lim og maling.",
                   "Vi har saft og kjeks til alle som trenger en pause.",
                   "Ideene er hentet fra bøker i barneavdelingen, som dere kan låne etterpå."),
        tags=("verksted", "familie", "barn", "forming"),
        rooms=MAKER_ROOMS + CHILD_ROOMS, hours=(11, 12, 13), minutes=(60, 90, 120), themes=("family-saturday",),
        ages=((4, 12), (6, 12)), series=("LEGO-klubb",), weight=2,
    ),
    "film": Kind(
        category="film-games",
        audiences=(("everyone",), ("families",), ("adults", "seniors")),
        titles=("Filmvisning: {film}", "Kino i biblioteket: {film}", "Filmklubb: {film}"),
        summaries=("Vi viser «{film}» på storskjerm, og bibliotekaren gir en kort introduksjon før filmen.",
                   "Se «{film}» sammen med andre, med popkorn og en prat etter filmen."),
        sentences=("Filmen vises på storskjerm med godt lydanlegg.",
                   "Før visningen forteller bibliotekaren kort om filmen og tiden den ble laget i.",
                   "Etter filmen blir det en uformell prat for dem som vil bli.",
                   "Vi serverer popkorn og saft, og du kan gjerne ta med egen kaffe.",
                   "Filmen har norsk tale, og vi viser den med norske undertekster.",
                   "Biblioteket har filmen og boken den bygger på, hvis du vil oppleve den en gang til."),
        tags=("film", "kino", "storskjerm"),
        rooms=("Medierommet", "Salen", "Scenen", "Grendesalen", "Peisestua", "Biblioteksalen"), hours=(12, 17, 18),
        minutes=(90, 120), themes=("culture-wednesday", "family-saturday"), series=("Morgenkino", "Filmklubben"),
    ),
    "gaming": Kind(
        category="film-games",
        audiences=(("youth",),),
        titles=("Gamingturnering i {spill}", "Spillkveld for ungdom: {spill}", "Ungdomsquiz: {quiztema}"),
        summaries=("Spill {spill} på storskjerm sammen med andre ungdommer, med premier til de beste.",
                   "En kveld for deg mellom 13 og 19 år med spill, pizza og god stemning."),
        sentences=("Vi har konsoller koblet til storskjermen, og det er plass til både rutinerte og nybegynnere.",
                   "Du trenger ikke å ha med noe, men ta gjerne med en venn.",
                   "Det blir pizza i pausen.",
                   "Ungdomsrådet i Fjordvik har vært med og planlagt kvelden.",
                   "Vinnerne får gavekort og evig heder på biblioteket sin nettside.",
                   "Mobilen kan du bruke til å stemme over neste spill."),
        tags=("gaming", "ungdom", "spill", "quiz"),
        rooms=("Medierommet", "Grupperommet", "Kantina", "Verkstedet", "Salen"), hours=(15, 16, 17, 18),
        minutes=(90, 120), themes=("youth-tuesday",), ages=((13, 19),),
        series=("Spillkveld for ungdom", "Ungdomsklubben"), weight=2,
    ),
    "moteplass": Kind(
        category="meetup",
        audiences=(("adults",), ("seniors",), ("adults", "seniors"), ("everyone",)),
        titles=("Strikkekafé", "Brettspillkveld", "Quiz: {quiztema_stor}", "Kaffe og kryssord",
                "Seniortreff: {seniortema_stor}", "Sjakk for alle"),
        summaries=("En uformell møteplass der du kan slå av en prat, bli kjent med nye folk og ta en kopp kaffe.",
                   "Kom som du er, bli så lenge du vil, og ta gjerne med en venn."),
        sentences=("Biblioteket er en møteplass for alle, og her er det lov å prate.",
                   "Vi setter fram kaffe, te og noe å bite i.",
                   "Du trenger ikke å kunne noe fra før, og du kan komme og gå som du vil.",
                   "Mange kommer alene og går hjem med nye bekjente.",
                   "Bibliotekarene har funnet fram bøker og blader som passer til kvelden.",
                   "Forslag til neste gang tar vi gjerne imot."),
        tags=("møteplass", "sosialt", "kaffe"),
        rooms=(*SMALL_ROOMS, "Biblioteksalen"), hours=(11, 12, 14, 18), minutes=(90, 120),
        series=("Strikkekafé", "Sjakklubben", "Seniortreff", "Brettspillklubben"), weight=3,
    ),
    "leksehjelp": Kind(
        category="learning",
        audiences=(("children", "youth"), ("youth",)),
        titles=("Leksehjelp i {fag}", "Eksamensforberedelser i {fag}"),
        summaries=("Frivillige lærere og studenter hjelper deg med leksene i {fag} og andre fag.",),
        sentences=("Du kan få hjelp med alle fag, men denne gangen har vi ekstra mange som kan {fag}.",
                   "Ta med bøkene og oppgavene dine, så setter vi oss sammen.",
                   "Leksehjelperne er lærerstudenter og pensjonerte lærere med god tid.",
                   "Vi har frukt og noe å drikke.",
                   "Mange kommer hver uke, andre bare når de står fast.",
                   "Leksehjelpen er et samarbeid med Fjordvik frivilligsentral."),
        tags=("leksehjelp", "skole", "ungdom"),
        rooms=("Grupperommet", "Lesesalen", "Møterommet", "Møterom 1", "Bibliotekrommet", "Lesekroken"),
        hours=(15, 16), minutes=(90, 120), themes=("youth-tuesday",), ages=((10, 16), (12, 16)),
        series=("Leksehjelp",), weight=1,
    ),
}  # fmt: skip
EXHIBITION = Kind(
    category="exhibition",
    audiences=(("everyone",),),
    titles=("Utstilling: {utstilling}", "{utstilling}"),
    summaries=("Utstillingen «{utstilling}» henger i biblioteket og kan ses i hele åpningstiden.",
               "Bilder, gjenstander og fortellinger i utstillingen «{utstilling}»."),
    sentences=("Utstillingen kan ses i hele åpningstiden, også når biblioteket er meråpent.",
               "Flere av verkene er laget av folk som bor i Fjordvik.",
               "I tilknytning til utstillingen har vi satt fram bøker om temaet som du kan låne.",
               "Skoleklasser og barnehager kan bestille en omvisning.",
               "Utstillingen er laget i samarbeid med lokale lag og foreninger.",
               "Noen av bildene har aldri vært vist offentlig før."),
    tags=("utstilling", "kunst", "lokalhistorie"),
    rooms=(),
)  # fmt: skip
ALL_DAY = Kind(
    category="meetup",
    audiences=(("everyone",), ("families",)),
    titles=("{heldag} {sted}",),
    summaries=("En hel dag med aktiviteter {sted}, med kaffe, boktips og noe for alle aldre.",
               "Kom innom når det passer deg, hele dagen {sted}."),
    sentences=("Dørene er åpne hele dagen, og du kan komme og gå som du vil.",
               "Bibliotekarene har laget aktiviteter for både barn og voksne.",
               "Vi selger brukte bøker for en tier stykket, og inntektene går til nye bøker.",
               "Det blir kaffe og kake så lenge det er igjen.",
               "Har du ikke lånekort ennå, kan du få det på stedet.",
               "Naboer, lag og foreninger er velkomne til å ha en stand."),
    tags=("bibliotek", "for alle"),
    rooms=(),
)  # fmt: skip
ENGLISH = Kind(
    category="learning",
    audiences=(("adults",), ("everyone",)),
    titles=("Library tour in English", "Book club in English: {book_en}", "Conversation café in English",
            "Newcomers' evening: {en_topic}"),
    summaries=("Join us for an informal evening in English about {en_topic}.",
               "We talk about «{book_en}» over coffee, and everyone is welcome to join the conversation."),
    sentences=("Have you recently moved to Fjordvik? The library is free and open to everyone.",
               "We meet at the information desk on the ground floor.",
               "You can also learn how to get a library card, borrow e-books and use the library when it is unstaffed.",
               "You do not need to speak Norwegian, and nobody expects perfect English either.",
               "Coffee and tea are served, and there is plenty of time for questions.",
               "The library has books and films in more than twenty languages."),
    tags=("english", "newcomers"),
    rooms=SMALL_ROOMS,
    hours=(12, 17, 18),
)  # fmt: skip
# Series without a rule: (title, kind, summary, body).
COLLECTIONS = (
    ("Forfattersamtaler", "forfatter", "Samtaler med forfattere om nye bøker, om skriving og om livet rundt bøkene.",
     "I Forfattersamtaler møter du forfattere fra hele landet, og noen fra utlandet. En bibliotekar eller en\n"
     "kritiker leder samtalen, og du får stille spørsmål underveis.\n\n"
     "De fleste samtalene strømmes på BibliotekTV, og opptakene ligger ute i etterkant."),
    ("Konsertserien", "konsert", "Lokale musikere på bibliotekenes scener, med alt fra viser og folkemusikk til jazz.",
     "Konsertserien viser fram musikerne som bor i Fjordvik og omegn. Noen har spilt i mange år, andre står på\n"
     "en scene for første gang.\n\n"
     "Konsertene er korte, rundt en time, og de fleste er gratis. Noen har billetter til en rimelig pris."),
)  # fmt: skip


@dataclass(frozen=True)
class _Texts:
    """Sentences that fit any event, and practical ones by registration type."""

    general: tuple[str, ...]
    practical: dict[str, tuple[str, ...]]


GENERAL = ("Kaffe og te står klart fra en halvtime før start.", "Ta gjerne med en venn eller en nabo.",
           "Biblioteket er åpent som vanlig mens arrangementet pågår.",
           "Har du spørsmål, kan du ringe eller sende en e-post til biblioteket.",
           "Bibliotekarene har laget en utstilling med bøker om temaet som du kan låne.",
           "Det er parkering i nærheten, og bussen stopper like ved.",
           "Arrangementet er et samarbeid med lag og foreninger i nærmiljøet.",
           "Husk at du kan låne bøker med deg hjem når du går.",
           "Vi gleder oss til å se deg!", "Lokalet åpner et kvarter før vi begynner.",
           "Alle er velkomne, uansett alder og forkunnskaper.")  # fmt: skip
PRACTICAL = {
    "none": ("Det er gratis, og du trenger ikke å melde deg på.", "Gratis inngang, så lenge det er plass.",
             "Du trenger ikke å melde deg på, det er bare å komme."),
    "required": ("Det er begrenset med plasser, så meld deg på via lenken.",
                 "Påmelding er nødvendig, og plassene fordeles etter først til mølla."),
    "ticket": ("Billetter kjøper du på nettet eller i skranken.",
               "Billettene selges på nett, og eventuelle restbilletter selges i døra."),
    "series": ("Det er gratis og uten påmelding, så det er bare å komme.",
               "Du kan komme så ofte du vil, også hvis du bare har tid innimellom."),
}  # fmt: skip
CANCELLED = ("Avlyst på grunn av sykdom.", "Avlyst fordi for få har meldt seg på.",
             "Lokalet er dessverre ikke tilgjengelig denne dagen.", "Avlyst på grunn av uvær.",
             "Foredragsholderen har fått forfall. Vi prøver å finne en ny dato.")  # fmt: skip
FULL = ("Alle plassene er tatt. Ring biblioteket hvis du vil stå på venteliste.", "Fullt. Vi setter opp flere datoer.")
POSTPONED = ("Utsatt. Ny dato kommer.", "Utsatt fordi foredragsholderen er syk. Ny dato kommer.")
MOVED = ("Flyttet fordi lokalet er opptatt.", "Flyttet på grunn av sykdom.", "Flyttet en uke på grunn av ferie.")
TEXTS_NB = _Texts(GENERAL, PRACTICAL)
TEXTS_EN = _Texts(
    general=("Everyone is welcome, whatever your age or background.", "Feel free to bring a friend or a neighbour.",
             "If you have questions, call or e-mail the library.", "We look forward to seeing you!",
             "The library stays open as usual during the event.", "The bus stops right outside the library."),
    practical={
        "none": ("It is free, and you do not need to sign up.", "Free entry while there is room."),
        "required": ("Places are limited, so please sign up using the link.",),
        "ticket": ("Tickets are sold online and at the front desk.",),
    },
)  # fmt: skip


# -- small helpers -------------------------------------------------------------

_NOT_PLAIN = re.compile(r"[:#'\"\n]|^[^0-9A-Za-zÆØÅæøåÉé«]|\s$")
_NUMBER = re.compile(r"^[-+]?[0-9.]+$")
_SLUG_MAP = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "è": "e", "ü": "u", "ö": "o", "ä": "a"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def yaml_text(text: str) -> str:
    """A block-context YAML scalar that reads back as exactly ``text`` (quoted only when needed)."""
    if _NOT_PLAIN.search(text) or _NUMBER.match(text) or text.lower() in {"true", "false", "null", "~"}:
        return "'" + text.replace("'", "''") + "'"
    return text


def slugify(text: str, limit: int = 48) -> str:
    """URL-safe: a-z, 0-9 and '-', with æ→ae, ø→o, å→a; cut at a word boundary."""
    slug = _NON_SLUG.sub("-", text.lower().translate(_SLUG_MAP)).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "arrangement"


def is_open(day: date) -> bool:
    return day.weekday() != 6 and (day.month, day.day) not in CLOSED


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def duration_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{rest}m" if rest else "")


def rule_dates(
    frequency: str, interval: int, weekday: int, week_of_month: int | None, first: date, last: date
) -> list[date]:
    """The dates a series rule gives, computed exactly as plugins/programmet/recurrence.py does."""
    if frequency == "monthly":
        freq, byweekday = rrule.MONTHLY, [rrule.weekday(weekday, week_of_month)]
    else:
        freq, byweekday = rrule.WEEKLY, [weekday]
    dates = rrule.rrule(
        freq,
        interval=interval,
        byweekday=byweekday,
        dtstart=datetime.combine(first, datetime.min.time()),
        until=datetime.combine(last, datetime.min.time()),
    )
    return [d.date() for d in dates]


def _times(rng: random.Random, kind: Kind) -> tuple[int, int]:
    """Start (minutes after midnight) and length, inside 10:00–20:00."""
    length = rng.choice(kind.minutes)
    begin = rng.choice(kind.hours) * 60 + rng.choice((0, 0, 30))
    return max(DAY_START, min(begin, DAY_END - length)), length


def _room(rng: random.Random, kind: Kind, branch: _Branch) -> str | None:
    if not branch.rooms:
        return None
    preferred = [r for r in branch.rooms if r in kind.rooms]
    return rng.choice(preferred or branch.rooms)


def _body(rng: random.Random, kind: Kind, words: _Words, texts: _Texts, registration: str) -> str:
    """Two or three paragraphs, about 400–900 characters, wrapped like hand-written files."""
    own = [s.format_map(words) for s in kind.sentences]
    rng.shuffle(own)
    spare = rng.sample(texts.general, 5)
    first, second = rng.randint(2, 3), rng.randint(1, 3)
    paragraphs = [own[:first], [*own[first : first + second], spare.pop()]]
    closing = [rng.choice(texts.practical[registration]), *(spare.pop() for _ in range(rng.randint(0, 2)))]
    if rng.random() < 0.65:
        paragraphs.append(closing)
    else:
        paragraphs[-1] += closing
    while _length(paragraphs) < 400 and spare:
        paragraphs[-1].append(spare.pop())
    while _length(paragraphs) > 900:
        longest = max((p for p in paragraphs if len(p) > 1), key=len)
        longest.pop()
    return "\n\n".join(_wrap(" ".join(p)) for p in paragraphs)


def _wrap(text: str, width: int = 90) -> str:
    """Greedy line breaking at spaces (what textwrap.fill does here, several times faster)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _length(paragraphs: list[list[str]]) -> int:
    return sum(len(s) + 1 for p in paragraphs for s in p)


def _list(key: str, values: Sequence[str]) -> list[str]:
    return [f"{key}:", *(f"  - {yaml_text(v)}" for v in values)]


def _details(
    rng: random.Random, kind: Kind, branch: _Branch, theme: str | None, image: tuple[str, str], title: str = ""
) -> tuple[str, list[str], _Words, str | None]:
    """The fields events and series share after the time fields: (title, lines, words, room)."""
    words = _Words(rng, sted=PLACE.get(branch.id, f"på {branch.short_name}"), bibliotek=branch.name)
    if not title:
        title = rng.choice(kind.titles).format_map(words)
        title = title[:1].upper() + title[1:]
    tail = [f"branch: {branch.id}"]
    room = _room(rng, kind, branch) if kind.rooms and rng.random() < 0.92 else None
    if room:
        tail.append(f"room: {yaml_text(room)}")
    tail.append(f"category: {kind.category}")
    if theme:
        tail.append(f"theme: {theme}")
    tail.append(f"audiences: [{', '.join(rng.choice(kind.audiences))}]")
    if kind.ages and rng.random() < 0.6:
        low, high = rng.choice(kind.ages)
        tail += [f"age_min: {low}", f"age_max: {high}"]
    tags = rng.sample(kind.tags, rng.randint(1, min(3, len(kind.tags))))
    tail.append(f"tags: [{', '.join(tags)}]")
    tail.append(f"summary: {yaml_text(rng.choice(kind.summaries).format_map(words))}")
    if rng.random() < 0.2:
        tail += ["image:", f"  src: {image[0]}", f"  alt: {yaml_text(image[1])}"]
    return title, tail, words, room


# -- events --------------------------------------------------------------------


def _event(
    rng: random.Random,
    number: int,
    day: date,
    branches: Sequence[_Branch],
    branch_weights: Sequence[int],
    collections: Sequence[_Collection],
    image: tuple[str, str],
) -> tuple[str, str, str]:
    """One event file: (relative path, text, shape) where shape is 'timed', 'all-day' or 'exhibition'."""
    roll = rng.random()
    series, language, theme = None, None, None
    if roll < 0.01:
        kind, shape = EXHIBITION, "exhibition"
    elif roll < 0.04:
        kind, shape = ALL_DAY, "all-day"
    elif roll < 0.06:
        kind, shape, language = ENGLISH, "timed", "en"
    elif roll < 0.11 and collections:
        collection = rng.choice(collections)
        kind, shape, series = KINDS[collection.kind], "timed", collection
    else:
        shape = "timed"
        day_theme = THEME_OF_WEEKDAY.get(day.weekday())
        if day_theme and rng.random() < 0.45:
            kind, theme = KINDS[rng.choice(THEMED[day_theme])], day_theme
        else:
            kind = KINDS[rng.choices(KIND_NAMES, cum_weights=KIND_WEIGHTS)[0]]
            if day_theme in kind.themes and rng.random() < 0.5:
                theme = day_theme
    branch = series.branch if series else rng.choices(branches, cum_weights=branch_weights)[0]
    title, tail, words, _ = _details(rng, kind, branch, theme, image)
    lines = ["---", f"id: ev-bench-{number}", f"title: {yaml_text(title)}"]

    registration = "none"
    begin = length = 0
    if shape == "timed":
        begin, length = _times(rng, kind)
        lines.append(f"start: {day.isoformat()} {clock(begin)}")
        lines.append(_end_or_duration(rng, day, begin, length))
    else:
        lines.append(f"start: {day.isoformat()}")
        if shape == "exhibition":
            lines.append(f"end: {(day + timedelta(days=rng.randint(6, 45))).isoformat()}")
    lines += tail
    if series:
        lines.append(f"series: {series.id}")

    status_roll = rng.random() if shape == "timed" else 1.0
    if shape == "timed" and (rng.random() < 0.25 or 0.04 <= status_roll < 0.06):
        registration = "required" if rng.random() < 0.6 or 0.04 <= status_roll < 0.06 else "ticket"
        deadline = day - timedelta(days=rng.randint(1, 7))
        url = f"https://checkin.no/event/{rng.randint(10000, 99999)}"
        if registration == "ticket":
            lines.append(f"price: {rng.choice((50, 100, 150, 200, 250))}")
            if rng.random() < 0.5:
                lines.append("price_note: Halv pris for barn, studenter og honnør.")
            lines += ["registration:", "  type: ticket", f"  url: {url}"]
        else:
            lines += ["registration:", "  type: required", f"  url: {url}", f"  deadline: {deadline.isoformat()}"]
    lines += _status(rng, status_roll, day, begin, length)
    if rng.random() < 0.3:
        flags = sorted(rng.sample(range(len(ACCESS)), rng.randint(1, 2)))
        lines.append(f"accessibility: [{', '.join(ACCESS[i] for i in flags)}]")
    if language:
        lines.append(f"language: {language}")
    performer = words.get("band") or (words.get("navn") if kind.category in {"literature", "talks", "stage"} else None)
    if performer:
        lines += _list("performers", [performer])
    if rng.random() < 0.1:
        lines += _list("partners", [rng.choice(PARTNERS)])
    if rng.random() < 0.02:
        lines.append("featured: true")
    texts = TEXTS_EN if language == "en" else TEXTS_NB
    body = _body(rng, kind, words, texts, "none" if shape != "timed" else registration)
    slug = slugify(title)
    path = f"events/{day:%Y/%m}/{day.isoformat()}-{slug}-{number}.md"
    return path, "\n".join([*lines, "---", "", body, ""]), shape


def _end_or_duration(rng: random.Random, day: date, begin: int, length: int) -> str:
    if rng.random() < 0.5:
        return f"end: {day.isoformat()} {clock(begin + length)}"
    return f"duration: {duration_text(length)}"


def _status(rng: random.Random, roll: float, day: date, begin: int, length: int) -> list[str]:
    """~3% cancelled, ~1% moved, ~2% full, ~1% postponed (timed events only)."""
    if roll < 0.03:
        return ["status: cancelled", f"status_note: {yaml_text(rng.choice(CANCELLED))}"]
    if roll < 0.04:
        if begin + length + 60 <= DAY_END and rng.random() < 0.3:
            new_day, new_begin = day, begin + 60
        else:
            new_day, new_begin = day + timedelta(days=7), begin
            while not is_open(new_day):
                new_day += timedelta(days=7)
        return [
            "status: moved",
            f"status_note: {yaml_text(rng.choice(MOVED))}",
            "moved_to:",
            f"  start: {new_day.isoformat()} {clock(new_begin)}",
            "  " + _end_or_duration(rng, new_day, new_begin, length),
        ]
    if roll < 0.06:
        return ["status: full", f"status_note: {yaml_text(rng.choice(FULL))}"]
    if roll < 0.07:
        return ["status: postponed", f"status_note: {yaml_text(rng.choice(POSTPONED))}"]
    return []


KIND_NAMES = list(KINDS)
KIND_WEIGHTS = [sum(k.weight for k in list(KINDS.values())[: i + 1]) for i in range(len(KINDS))]
THEMED = {theme: [name for name, kind in KINDS.items() if theme in kind.themes] for theme in THEMES}
SERIES_KINDS = [name for name, kind in KINDS.items() if kind.series]


# -- series --------------------------------------------------------------------


def _recurring_series(
    rng: random.Random, number: int, branch: _Branch, start: date, days: int, image: tuple[str, str], moved: bool
) -> tuple[str, str]:
    """A weekly or monthly series with exceptions and overrides on dates its rule really gives."""
    name = SERIES_KINDS[rng.randrange(len(SERIES_KINDS))]
    kind = KINDS[name]
    theme = None
    if kind.themes and rng.random() < 0.5:
        theme = rng.choice(kind.themes)
        weekday = THEMES[theme]
    else:
        weekday = rng.randrange(6)  # Monday–Saturday
    weekly = rng.random() < 0.65
    frequency, interval = ("weekly", 2 if rng.random() < 0.15 else 1) if weekly else ("monthly", 1)
    week_of_month = None if weekly else rng.choice((1, 2, 3, 4, -1))

    span_end = start + timedelta(days=days - 1)
    first = start + timedelta(days=rng.randrange(max(1, days // 2)))
    until = None
    if rng.random() < 0.5:
        until = first + timedelta(days=rng.randint(120, 400) if weekly else rng.randint(180, 540))
        until = min(until, max(span_end, first + timedelta(days=120)))
    window = until or min(max(span_end, first + timedelta(days=180)), first + timedelta(days=3 * 365))
    dates = rule_dates(frequency, interval, weekday, week_of_month, first, window)
    first = dates[0]  # `from` is the first meeting, like a hand-written series
    exceptions, excluded = _exceptions(rng, dates, weekly)
    overrides = _overrides(rng, [d for d in dates if d not in excluded], branch, moved)

    title = f"{rng.choice(kind.series)} {PLACE.get(branch.id, 'på ' + branch.short_name)}"
    series_id = f"{slugify(title)}-{number}"
    title, tail, words, room = _details(rng, kind, branch, theme, image, title=title)
    lines = ["---", f"id: {series_id}", f"title: {yaml_text(title)}", *tail]
    if rng.random() < 0.3:
        lines.append(f"accessibility: [{rng.choice(ACCESS[2:])}]")
    if rng.random() < 0.4:
        lines += _list("organizers", ["Fjordvik bibliotek", rng.choice(PARTNERS)])
    begin, length = _times(rng, kind)
    lines += ["recurrence:", f"  frequency: {frequency}"]
    if interval != 1:
        lines.append(f"  interval: {interval}")
    lines.append(f"  weekdays: [{WEEKDAYS[weekday]}]")
    if week_of_month is not None:
        lines.append(f"  week_of_month: {week_of_month}")
    lines.append(f'  start_time: "{clock(begin)}"')
    if rng.random() < 0.6:
        lines.append(f'  end_time: "{clock(begin + length)}"')
    else:
        lines.append(f"  duration: {duration_text(length)}")
    lines.append(f"  from: {first.isoformat()}")
    if until:
        lines.append(f"  until: {until.isoformat()}")
    if exceptions:
        lines += ["exceptions:", *exceptions]
    if overrides:
        lines.append("overrides:")
        for day, change in sorted(overrides.items()):
            lines.append(f"  {day.isoformat()}:")
            lines += _override_lines(rng, change, day, begin, length, room, branch)
    body = _body(rng, kind, words, TEXTS_NB, "series")
    return f"series/{series_id}.md", "\n".join([*lines, "---", "", body, ""])


def _exceptions(rng: random.Random, dates: list[date], weekly: bool) -> tuple[list[str], set[date]]:
    """Holiday breaks and single dates, each covering dates of the rule; at least four meetings stay."""
    lines: list[str] = []
    excluded: set[date] = set()

    def add(covered: list[date], entry: list[str]) -> bool:
        if not covered or len(dates) - len(excluded) - len(set(covered) - excluded) < 4:
            return False
        excluded.update(covered)
        lines.extend(entry)
        return True

    years = range(dates[0].year - 1, dates[-1].year + 1)
    breaks = [(0.7, 12, 21, 1, 3, "Juleferie")] + ([(0.35, 6, 22, 8, 16, "Sommerpause")] if weekly else [])
    for chance, m1, d1, m2, d2, note in breaks:
        if rng.random() >= chance:
            continue
        for year in years:
            low = date(year, m1, d1)
            high = date(year + (m2 < m1), m2, d2)
            entry = [f"  - from: {low.isoformat()}", f"    until: {high.isoformat()}", f"    note: {note}"]
            if add([d for d in dates if low <= d <= high], entry):
                break
    for day in dates:
        if (day.month, day.day) in CLOSED and day not in excluded:
            add([day], [f"  - {day.isoformat()}"])
    if rng.random() < 0.4:
        kept = [d for d in dates if d not in excluded]
        day = rng.choice(kept)
        add([day], [f"  - {day.isoformat()}"])
    return lines, excluded


def _overrides(rng: random.Random, kept: list[date], branch: _Branch, moved: bool) -> dict[date, str]:
    changes = []
    if rng.random() < 0.4:
        changes.append("cancelled")
    if rng.random() < 0.3:
        changes.append("time")
    if len(branch.rooms) > 1 and rng.random() < 0.3:
        changes.append("room")
    if moved:
        changes.append("moved")
    days = rng.sample(kept, min(len(changes), len(kept)))
    return dict(zip(days, changes, strict=False))


def _override_lines(
    rng: random.Random, change: str, day: date, begin: int, length: int, room: str | None, branch: _Branch
) -> list[str]:
    if change == "cancelled":
        return ["    status: cancelled", f"    status_note: {yaml_text(rng.choice(CANCELLED))}"]
    if change == "time":
        new = begin + 60 if begin + length + 60 <= DAY_END else begin - 60
        lines = [f'    start_time: "{clock(new)}"']
        if rng.random() < 0.5:
            lines.append(f'    end_time: "{clock(new + length)}"')
        return lines
    if change == "room":
        return [f"    room: {yaml_text(rng.choice([r for r in branch.rooms if r != room]))}"]
    new_day = day + timedelta(days=rng.randint(1, 5))
    while not is_open(new_day):
        new_day += timedelta(days=1)
    return [
        "    status: moved",
        f"    status_note: {yaml_text(rng.choice(MOVED))}",
        "    moved_to:",
        f"      start: {new_day.isoformat()} {clock(begin)}",
        f"      end: {new_day.isoformat()} {clock(begin + length)}",
    ]


def _collection(number: int, which: int, branch: _Branch) -> tuple[_Collection, str]:
    title, kind_name, summary, body = COLLECTIONS[which]
    kind = KINDS[kind_name]
    series_id = f"{slugify(title)}-{number}"
    lines = ["---", f"id: {series_id}", f"title: {yaml_text(title)}", f"summary: {yaml_text(summary)}",
             f"branch: {branch.id}", f"category: {kind.category}",
             f"audiences: [{', '.join(kind.audiences[0])}]", f"tags: [{', '.join(kind.tags[:3])}]"]  # fmt: skip
    return _Collection(series_id, kind_name, branch), "\n".join([*lines, "---", "", body, ""])


# -- the tree ------------------------------------------------------------------

PAGE = """---
title: Om programmet
summary: Et syntetisk program for målinger av byggetid og feedstørrelse.
---

Dette programmet er laget av `bench/corpus.py`. Arrangementene, seriene og tekstene er
oppdiktet, men bibliotekene og rommene er de samme som i det ekte programmet.

Alt er laget fra et frø, slik at to kjøringer med de samme argumentene gir nøyaktig de
samme filene.
"""


class _Tree:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0
        self.bytes = 0
        self._made: set[Path] = set()

    def write(self, relative: str, data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        target = self.root / relative
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        target.write_bytes(raw)
        self.files += 1
        self.bytes += len(raw)


def _front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---", 2)[1])


def write_corpus(
    out: Path, events: int, series: int = 20, seed: int = 1, start: date = DEFAULT_START, days: int = 730
) -> CorpusStats:
    """Write a content tree into ``out`` (missing or empty) and return its counts."""
    if events < 0 or series < 0 or days < 1:
        raise ValueError("events and series must be >= 0 and days >= 1")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    rng = random.Random(seed)  # noqa: S311 -- reproducible test data, not cryptography
    tree = _Tree(out)

    branches: list[_Branch] = []
    images: list[tuple[str, str]] = []
    for source in sorted((SOURCE / "branches").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        meta = _front_matter(text)
        tree.write(f"branches/{source.name}", source.read_bytes())
        branches.append(_Branch(meta["id"], meta["name"], meta.get("short_name") or meta["name"],
                                tuple(meta.get("rooms") or ())))  # fmt: skip
        if isinstance(meta.get("image"), dict):
            images.append((meta["image"]["src"], meta["image"]["alt"]))
    # Branch files may show an image; it is then the one image of the corpus.
    image = images[0] if images else FALLBACK_IMAGE
    tree.write(image[0], (SOURCE / image[0]).read_bytes())
    tree.write("pages/om.md", PAGE)

    main = next((b for b in branches if b.id == "hovedbiblioteket"), branches[0])
    n_collections = 0 if series == 0 else 1 if series < 6 else 2
    collections = []
    for number in range(1, series + 1):
        if number > series - n_collections:
            collection, text = _collection(number, series - number, main)
            collections.append(collection)
            path = f"series/{collection.id}.md"
        else:
            branch = rng.choice(branches)
            path, text = _recurring_series(rng, number, branch, start, days, image, moved=number % 10 == 1)
        tree.write(path, text)

    open_days = [d for d in (start + timedelta(days=i) for i in range(days)) if is_open(d)]
    if events and not open_days:
        raise ValueError("the span has no day without a holiday or Sunday")
    chosen = []
    while len(chosen) < events:
        day = rng.choice(open_days)
        if day.month != 7 or rng.random() < 0.35:  # a quiet July
            chosen.append(day)
    chosen.sort()
    shapes = {"timed": 0, "all-day": 0, "exhibition": 0}
    # The main library has the most events.
    weights = list(accumulate(3 if b is main else 1 for b in branches))
    for number, day in enumerate(chosen, start=1):
        path, text, shape = _event(rng, number, day, branches, weights, collections, image)
        tree.write(path, text)
        shapes[shape] += 1

    return CorpusStats(
        branches=len(branches), series=series, recurring_series=series - n_collections, events=events,
        all_day_events=shapes["all-day"], exhibitions=shapes["exhibition"], pages=1, images=1,
        files=tree.files, total_bytes=tree.bytes,
    )  # fmt: skip


# -- command line --------------------------------------------------------------


def _clear(folder: Path) -> None:
    for child in sorted(folder.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic synthetic content tree.")
    parser.add_argument("out", type=Path, help="the folder to write (missing or empty)")
    parser.add_argument("--events", type=int, required=True, help="number of one-off events")
    parser.add_argument("--series", type=int, default=20, help="number of series (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--start", type=date.fromisoformat, default=DEFAULT_START, help="first day (YYYY-MM-DD)")
    parser.add_argument("--days", type=int, default=730, help="number of days events are spread over")
    parser.add_argument("--force", action="store_true", help="clear OUT first if it is not empty")
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists() and not out.is_dir():
        parser.error(f"{out} is not a folder")
    if out.resolve() in {ROOT, SOURCE.resolve(), *ROOT.parents}:
        parser.error(f"refusing to write into {out}")
    if out.is_dir() and any(out.iterdir()):
        if not args.force:
            parser.error(f"{out} is not empty; use --force to clear it first")
        _clear(out)
    began = time.perf_counter()
    try:
        stats = write_corpus(out, args.events, args.series, args.seed, args.start, args.days)
    except ValueError as exc:
        parser.error(str(exc))
    elapsed = time.perf_counter() - began
    for name, value in vars(stats).items():
        print(f"{name}: {value}")
    print(f"seconds: {elapsed:.2f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
