"""Publish with rsync, to a local folder or over SSH: updated files move into place together at the end.

rsync holds updated files back and renames them into place together when the
transfer is done (``--delay-updates``), and deletes last, so visitors never see a
half-published site. What it did is read back from its ``--stats`` summary.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

from .publish_report import PublishError, Report, check_site

logger = logging.getLogger(__name__)

RSYNC_FLAGS = (
    "--recursive",
    "--links",
    "--times",
    "--checksum",  # Pelican rewrites every file, so times alone would resend the whole site
    "--compress",
    "--delete",
    "--delete-delay",  # deletions wait until the transfer is done, so live pages keep their files meanwhile
    "--delay-updates",  # updated files are renamed into place together at the end
    "--stats",
)
# A colon before any slash means a remote shell destination to rsync; "host::module" and rsync:// are its daemon.
_REMOTE_SHELL = re.compile(r"^(?!rsync://)(?:[^@/:\s]+@)?(?:\[[0-9A-Fa-f:.]+\]|[^@/:\[\]\s]+):(?!:)")
_STAT = re.compile(
    r"^(Number of files|Number of deleted files|Number of regular files transferred|Total transferred file size): "
    r"([\d,.]+)(?: bytes)?(?: \((.*)\))?$",
    re.MULTILINE,
)


def remote_path(destination: str) -> str | None:
    """The path of an rsync destination over a remote shell (``host:path``, ``user@host:path``); None if local."""
    match = _REMOTE_SHELL.match(destination)
    return destination[match.end() :] if match else None


def rsync_command(site: Path, destination: str, *, ssh: str | None = None, dry_run: bool = False) -> list[str]:
    """The rsync command that makes ``destination`` an exact copy of ``site`` (the trailing slash: its contents)."""
    command = ["rsync", *RSYNC_FLAGS]
    if dry_run:
        command.append("--dry-run")
    if ssh is not None or remote_path(destination) is not None:
        command += ["-e", ssh or "ssh"]
    return [*command, str(site).rstrip("/") + "/", destination]


def publish_rsync(site: Path, destination: str, *, ssh: str | None = None, dry_run: bool = False) -> Report:
    """Publish with rsync to a local folder or a remote one over SSH; rsync's own message on failure."""
    check_site(site)
    _check_rsync_destination(site, destination)
    executable = shutil.which("rsync")
    if executable is None:
        raise PublishError("rsync is not installed (on Debian or Ubuntu: apt-get install rsync)")
    command = rsync_command(site, destination, ssh=ssh, dry_run=dry_run)
    logger.debug("Running %s", command)
    result = subprocess.run([executable, *command[1:]], capture_output=True, text=True, check=False)  # noqa: S603 - a list, no shell
    if result.returncode != 0:
        message = result.stderr.strip() or result.stdout.strip()
        raise PublishError(f"rsync to {destination} failed (exit code {result.returncode}): {message}")
    return report_from_stats(result.stdout, destination, dry_run)


def _check_rsync_destination(site: Path, destination: str) -> None:
    if destination.startswith("-"):  # rsync would read it as an option
        raise PublishError(f"refusing to publish to {destination!r}: it looks like an option, not a destination")
    path = remote_path(destination)
    if path is not None:
        if path.rstrip("/") in ("", "~", "."):  # --delete would empty the server's root or home folder
            raise PublishError(f"refusing to publish to {destination}: name the site's own folder, not / or home")
        return
    local = Path(destination).resolve()
    site = site.resolve()
    if local == site or local.is_relative_to(site) or site.is_relative_to(local):
        raise PublishError(f"cannot publish {site} to {destination}: one folder is inside the other")


def report_from_stats(output: str, destination: str, dry_run: bool) -> Report:
    """Read rsync's ``--stats`` summary (counts of regular files; directories and links are not counted)."""
    stats = {name: (_number(value), detail or "") for name, value, detail in _STAT.findall(output)}
    if len(stats) < 4:
        raise PublishError(f"rsync to {destination} finished, but its summary could not be read:\n{output}")
    files, transferred = _regular(stats["Number of files"][1]), stats["Number of regular files transferred"][0]
    return Report(
        destination,
        copied=transferred,
        unchanged=files - transferred,
        deleted=_regular(stats["Number of deleted files"][1]),
        bytes_copied=stats["Total transferred file size"][0],
        dry_run=dry_run,
    )


def _number(text: str) -> int:
    return int(re.sub(r"[,.]", "", text))  # rsync groups digits with commas or periods, as the locale has it


def _regular(detail: str) -> int:
    """``reg: N`` from a detail like ``reg: 5, dir: 2``; rsync leaves the detail out when the total is 0."""
    match = re.search(r"\breg: ([\d,.]+)", detail)
    return _number(match.group(1)) if match else 0
