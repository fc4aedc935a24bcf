"""Everyday commands: `invoke --list` shows them, `invoke --help TASK` explains one.

The tasks are thin: they read options, call the plugin package's functions and
say in plain words what happened. Every task that changes content takes
``--content`` (default: content/), so the tests run them on temporary trees.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT / "plugins"))

# These need the plugins path above. The importers and publishing (boto3) are imported
# by their tasks, so that `invoke --list` and the everyday tasks start quickly.
from programmet.build import locks  # noqa: E402
from programmet.build.staged_build import BUSY, FAULT, build_atomically, work_folder  # noqa: E402
from programmet.content.catalog import load_catalog  # noqa: E402
from programmet.content.markup import markdown_renderer  # noqa: E402
from programmet.tools import new_content  # noqa: E402
from programmet.tools.advice import advise  # noqa: E402
from programmet.tools.linkcheck import check_links  # noqa: E402
from programmet.tools.questions import CommandError, terminal  # noqa: E402
from programmet.tools.workspace import open_workspace, project_settings  # noqa: E402

CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PROD_SETTINGS = ROOT / "publishconf.py"
# Debian package -> the command it provides.
TEST_PACKAGES = {"chromium": "chromium", "default-jre-headless": "java", "nodejs": "node", "npm": "npm",
                 "rsync": "rsync"}  # fmt: skip
CONTENT_HELP = "the content folder (default: content/)"
# What to do after a build that published nothing, by its exit code (plugins/programmet/build/staged_build.py).
FIX_AND_BUILD = "Fix the problems above and build again."
NEXT_STEP = {FAULT: "The machine stopped it (see above); build again once that is fixed.",
             BUSY: "Build again when the other build has finished."}  # fmt: skip


def _folder(content: str) -> Path:
    """The content folder, or a plain error (Pelican would answer a wrong path with a traceback)."""
    folder = Path(content)
    if not folder.is_dir():
        raise Exit(f"No content folder at {content}: give --content FOLDER, or run the task from the project.", 1)
    return folder


@task(help={"prod": "use publishconf.py (the public address) instead of pelicanconf.py", "content": CONTENT_HELP})
def build(c, prod=False, content=str(CONTENT), output=str(OUTPUT)):
    """Build the site strictly into output/; on any content error, keep the old output."""
    settings = PROD_SETTINGS if prod else DEV_SETTINGS
    code = build_atomically(_folder(content), settings, Path(output))
    if code != 0:
        raise Exit(f"Nothing was published: {output} is unchanged. {NEXT_STEP.get(code, FIX_AND_BUILD)}", code)
    print(f"Built the site into {output}. Look at it with: invoke serve")


@task(help={"prod": "check with publishconf.py (the public address)", "content": CONTENT_HELP})
def check(c, prod=False, content=str(CONTENT)):
    """Build strictly into a scratch folder and report every problem; changes nothing."""
    settings = PROD_SETTINGS if prod else DEV_SETTINGS
    with tempfile.TemporaryDirectory(prefix="programmet-check-") as scratch:
        overrides = {"PROGRAMMET_RECORD_CALENDAR": False}
        code = build_atomically(_folder(content), settings, Path(scratch) / "site", overrides)
        if code != 0:
            raise Exit("Check failed: fix the problems listed above (file: field: message).", code)
        project = project_settings(_folder(content), settings)
        links = check_links(Path(scratch) / "site", project.site_url)
    for link in links.broken:
        print(link, file=sys.stderr)
    if links.broken:
        raise Exit(f"Check failed: the {len(links.broken)} link(s) above lead nowhere (page: link). Fix them.", 1)
    followed = sum(links.checked.values())
    print(f"Check passed: every file is valid, the site builds, and all {followed:,} internal links lead somewhere.")
    advice = advise(load_catalog(project, markdown_renderer())[0])
    if advice:
        print(f"\n{len(advice)} piece(s) of writing advice (not errors; see docs/redaktorveiledning.md):")
        print("\n".join(f"  {item}" for item in advice))


@task(help={"port": "port to serve on (default 8000)", "content": CONTENT_HELP, "output": "default: output/"})
def serve(c, port=8000, content=str(CONTENT), output=str(OUTPUT)):
    """Preview at http://127.0.0.1:PORT/; saving a file rebuilds and reloads the page in the browser."""
    from livereload import Server  # only the preview needs it

    folder = _folder(content)

    def rebuild() -> None:
        print("Rebuilding the preview ...")
        # A preview with mistakes still builds (the broken files are left out and listed); it is
        # built beside the served folder and swapped in, so a page is never read half-written.
        # If `invoke build` is writing the same folder, the preview waits for it (and says so).
        build_atomically(folder, DEV_SETTINGS, Path(output), {"PROGRAMMET_STRICT": False}, wait=True)

    rebuild()
    server = Server()
    for watched in (Path(content), ROOT / "theme", ROOT / "plugins", DEV_SETTINGS):
        server.watch(str(watched), rebuild, delay=1)
    print(f"Preview: http://127.0.0.1:{port}/  (Ctrl+C stops it)")
    server.serve(root=output, host="127.0.0.1", port=int(port), open_url_delay=None)


def _workspace(content: str):
    return open_workspace(project_settings(_folder(content), DEV_SETTINGS))


def _ask():
    """Questions in a terminal; none from a script (then missing options are an error)."""
    return terminal if sys.stdin.isatty() else None


def _created(result: new_content.Created, what: str) -> None:
    print(f"Created {what}: content/{result.path} (id {result.id}).")
    for note in result.notes:
        print(f"  {note}")
    print("Open it to write the description under the second '---' line; then run: invoke check")


@task(
    iterable=["audience"],
    help={
        "title": "what happens, short", "start": "YYYY-MM-DD HH:MM, or YYYY-MM-DD for all day",
        "end": "HH:MM the same day, or YYYY-MM-DD HH:MM", "duration": "instead of --end: 90m, 1h30m",
        "branch": "branch id", "room": "room at the branch", "category": "category id",
        "audience": "audience id (repeat for several)", "summary": "one sentence", "content": CONTENT_HELP,
    },
)  # fmt: skip
def new_event(c, title="", start="", end="", duration="", branch="", room="", category="", audience=None,
              summary="", content=str(CONTENT)):  # fmt: skip
    """Write a new event file (asks for what is missing) with a fresh permanent id."""
    given = dict(title=title, start=start, end=end or duration, branch=branch, room=room, category=category,
                 audience=audience, summary=summary)  # fmt: skip
    try:
        result = new_content.new_event(_workspace(content), given, _ask(), print)
    except CommandError as exc:
        raise Exit(str(exc), 1) from None
    _created(result, "event")


@task(
    iterable=["weekday", "audience"],
    help={
        "title": "name of the series", "weekday": "monday … sunday (repeat for several)",
        "frequency": "weekly (default) or monthly", "interval": "every N weeks/months (default 1)",
        "week_of_month": "monthly: 1–4, or -1 for the last", "start_time": "HH:MM",
        "end_time": "HH:MM", "duration": "instead of --end-time: 90m, 1h30m", "from_date": "first date, YYYY-MM-DD",
        "until": "last date, YYYY-MM-DD (leave out for open-ended)", "branch": "branch id", "room": "room",
        "category": "category id", "audience": "audience id (repeat for several)", "summary": "one sentence",
        "content": CONTENT_HELP,
    },
)  # fmt: skip
def new_series(c, title="", weekday=None, frequency="", interval="", week_of_month="", start_time="", end_time="",
               duration="", from_date="", until="", branch="", room="", category="", audience=None, summary="",
               content=str(CONTENT)):  # fmt: skip
    """Write a new recurring series (weekly or monthly) with a fresh permanent id."""
    given = dict(title=title, weekday=weekday, frequency=frequency, interval=interval, week_of_month=week_of_month,
                 start_time=start_time, end_time=end_time or duration, from_date=from_date, until=until,
                 branch=branch, room=room, category=category, audience=audience, summary=summary)  # fmt: skip
    try:
        result = new_content.new_series(_workspace(content), given, _ask(), print)
    except CommandError as exc:
        raise Exit(str(exc), 1) from None
    _created(result, "series")
    print("Add holidays as exceptions: and one-date changes as overrides: (see docs/redaktorveiledning.md).")


@task(
    help={
        "media": "the MP3/M4A/MP4 file", "show": "show id", "title": "episode title", "summary": "one sentence",
        "date": "published, YYYY-MM-DD HH:MM", "season": "season number", "episode": "episode number",
        "type": "full (default), trailer or bonus", "transcript": "WebVTT file (default: the .vtt beside the media)",
        "content": CONTENT_HELP,
    }
)  # fmt: skip
def new_episode(c, media, show="", title="", summary="", date="", season="", episode="", type="",
                transcript="", content=str(CONTENT)):  # fmt: skip
    """Write a podcast or BibliotekTV episode for MEDIA, reading its duration and size."""
    given = dict(show=show, title=title, summary=summary, date=date, season=season, episode=episode, type=type,
                 transcript=transcript)  # fmt: skip
    try:
        result = new_content.new_episode(_workspace(content), Path(media), given, _ask(), print)
    except CommandError as exc:
        raise Exit(str(exc), 1) from None
    _created(result, "episode")


def _import(content: str, read_drafts, source, dry_run: bool, overwrite: bool) -> None:
    """Read the drafts, apply them, print the row-by-row report; setup mistakes are one plain line."""
    from programmet.tools.import_drafts import ImportSetupError, report_line, summary_line
    from programmet.tools.import_writer import apply_drafts

    def show(outcome) -> None:
        print(report_line(outcome, dry_run), flush=True)

    try:
        ws = _workspace(content)
        drafts, name = read_drafts(ws), source(ws)
        outcomes = apply_drafts(ws, drafts, source=name, dry_run=dry_run, overwrite=overwrite, progress=show)
    except ImportSetupError as exc:
        raise Exit(str(exc), 1) from None
    print(summary_line(outcomes, dry_run))


IMPORT_HELP = {
    "dry_run": "show what would happen; write nothing",
    "overwrite": "also replace files that were edited by hand since the last import",
    "content": CONTENT_HELP,
}


@task(help={"file": "a .csv or .xlsx file", "mapping": "column mapping (e.g. imports/crescat.yaml)", **IMPORT_HELP})
def import_csv(c, file, mapping="", dry_run=False, overwrite=False, content=str(CONTENT)):
    """Turn a spreadsheet (CSV or XLSX) into event files, reporting row by row."""
    from programmet.tools.import_drafts import ImportSetupError
    from programmet.tools.import_table import drafts_from_table, load_mapping, read_table

    try:
        columns = load_mapping(Path(mapping)) if mapping else None
    except ImportSetupError as exc:
        raise Exit(str(exc), 1) from None

    # A mapping names its system (the same export under a new file name still updates its
    # events); a plain spreadsheet is known by its file name, as its ids may be row numbers.
    _import(
        content,
        lambda ws: drafts_from_table(read_table(Path(file)), columns, ws),
        lambda ws: columns.source if columns else Path(file).name,
        dry_run,
        overwrite,
    )


@task(
    iterable=["audience"],
    help={"source": "an .ics file or an https:// feed address", "branch": "branch for events whose place is unknown",
          "category": "category for events without a known one", "audience": "audience id (repeat for several)",
          **IMPORT_HELP},
)  # fmt: skip
def import_ics(c, source, branch="", category="", audience=None, dry_run=False, overwrite=False,
               content=str(CONTENT)):  # fmt: skip
    """Import events from another calendar's iCalendar file or feed (repeating events: one file per date)."""
    from programmet.tools.import_ics import ICS_SOURCE, drafts_from_ics, read_ics_source

    def read(ws):
        since = ws.settings.today
        until = since + timedelta(days=ws.settings.horizon_days)
        return drafts_from_ics(read_ics_source(source), ws, branch=branch or None, category=category or None,
                               audiences=tuple(audience or ()), since=since, until=until)  # fmt: skip

    # iCalendar UIDs are unique worldwide, so a feed read by URL or saved as a file is one source.
    _import(content, read, lambda ws: ICS_SOURCE, dry_run, overwrite)


@task(
    help={
        "folder": "copy the site into this folder", "rsync": "rsync destination, like deploy@web:/srv/www/program/",
        "ssh": "ssh command for rsync, like 'ssh -p 2222'", "s3_bucket": "S3 bucket name",
        "s3_prefix": "folder inside the bucket", "s3_endpoint": "S3-compatible endpoint URL",
        "s3_region": "S3 region",
        "dry_run": "build and check, then show what would be sent", "content": CONTENT_HELP,
        "output": "where the site is built first (default: output/)",
    }
)  # fmt: skip
def publish(c, folder="", rsync="", ssh="", s3_bucket="", s3_prefix="", s3_endpoint="", s3_region="", dry_run=False,
            content=str(CONTENT), output=str(OUTPUT)):  # fmt: skip
    """Check and build with the public address, then deploy (folder, rsync, S3); a failed check publishes nothing."""
    from programmet.tools import publish as deploy

    configured = dict(c.config.get("publish", {}) or {})
    options = {"folder": folder, "rsync": rsync, "ssh": ssh}
    if s3_bucket:
        options["s3"] = {"bucket": s3_bucket, "prefix": s3_prefix, "endpoint_url": s3_endpoint or None,
                         "region": s3_region or None}  # fmt: skip
    given = {key: value for key, value in options.items() if value}
    # Targets named on the command line replace the configured ones (publish to a test folder
    # without also publishing to the server); --ssh alone only changes how rsync connects.
    chosen = given if given.keys() - {"ssh"} else {**configured, **given}
    try:
        targets = deploy.targets_from_config(chosen)
    except deploy.PublishError as exc:
        raise Exit(str(exc), 1) from None
    if not targets:
        raise Exit("Nowhere to publish: give --folder, --rsync or --s3-bucket, or set publish: in invoke.yaml.", 1)
    print("Checking and building the site with the public address ...")
    code = build_atomically(_folder(content), PROD_SETTINGS, Path(output))
    if code != 0:
        raise Exit("Nothing was published: fix the problems above (file: field: message).", code)
    try:
        reports = deploy.publish_all(Path(output), targets, dry_run=dry_run)
    except deploy.PublishError as exc:
        raise Exit(f"Publishing stopped: {exc}", 1) from None
    for report in reports:
        print(report)


@task
def translations(c):
    """Re-extract the interface text and update the nn catalogue (then translate its new entries)."""
    from programmet.outputs.i18n import write_source_catalogue

    folder = ROOT / "theme" / "translations"
    pot = folder / "messages.pot"
    c.run(f"{sys.executable} -m babel.messages.frontend extract -F {ROOT / 'babel.cfg'} -o {pot} -c Translators: "
          f"--add-location=file --project=Programmet --copyright-holder=Programmet {ROOT}")  # fmt: skip
    babel = f"{sys.executable} -m babel.messages.frontend"
    c.run(f"{babel} update -i {pot} -d {folder} -D messages -l nn --ignore-obsolete")
    write_source_catalogue(pot, folder / "nb" / "LC_MESSAGES" / "messages.po")
    print("Updated the catalogues. Translate new and fuzzy entries in theme/translations/nn/LC_MESSAGES/messages.po.")


@task
def browsers(c):
    """Install what the browser and publish tests use: Chromium, Java (HTML checker), rsync, axe-core, vnu."""
    missing = [package for package, command in TEST_PACKAGES.items() if not shutil.which(command)]
    if missing:
        sudo = "" if os.geteuid() == 0 else "sudo "
        print(f"Installing {', '.join(missing)} from Debian's packages ...")
        c.run(f"{sudo}apt-get update -qq")
        c.run(f"{sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {' '.join(missing)}")
    if not all((ROOT / "node_modules" / name).is_dir() for name in ("axe-core", "vnu-jar")):
        print("Installing axe-core and the Nu HTML Checker from npm ...")
        # --ignore-scripts: vnu-jar's install script would fetch a Java runtime; we use Debian's.
        c.run("npm ci --ignore-scripts --no-audit --no-fund", pty=False)


@task(pre=[browsers])
def test(c):
    """Run the whole test suite (installing the browser-test tools first if they are missing)."""
    c.run(f"{sys.executable} -m pytest", pty=False)


@task
def lint(c):
    """Check code style with ruff (lint and format)."""
    c.run(f"{sys.executable} -m ruff check .")
    c.run(f"{sys.executable} -m ruff format --check .")
    print("Code style: clean.")


@task
def clean(c):
    """Remove the built site and caches (the next build makes the images again)."""
    removed = []
    try:
        lock = locks.acquire(locks.lock_beside(OUTPUT), "output/")
    except locks.BusyError as exc:
        raise Exit(f"Nothing removed: {exc}.", 1) from None
    with lock:
        for path in (OUTPUT, work_folder(OUTPUT), ROOT / "output.staging", ROOT / "output.old", ROOT / "cache"):
            if path.exists():
                shutil.rmtree(path)
                removed.append(f"{path.relative_to(ROOT)}/")
    print(f"Removed {', '.join(removed)}." if removed else "Nothing to remove.")
