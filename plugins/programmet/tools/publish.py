"""Deploy a built site: to a folder, over rsync (local or SSH), to S3-compatible storage (publish_s3.py).

Every destination ends up an exact copy of the built site, and each way keeps
visitors from seeing a half-published site: the folder is filled beside the old
one and swapped in with renames; rsync holds updated files back and moves them
into place together at the end (``--delay-updates``), deleting last; S3 gets
files first, pages next and deletions last. The strict check before all this is
the caller's job (tasks.py builds with ``sitebuild.build_atomically``).
"""

from __future__ import annotations

import filecmp
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..build import locks
from ..build.sitebuild import exchange

logger = logging.getLogger(__name__)

# Distinct from sitebuild's ".staging"/".old", so cleaning our leftovers never touches a build's.
STAGING_SUFFIX = ".publish-staging"
RETIRED_SUFFIX = ".publish-old"
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
CONFIG_KEYS = ("folder", "rsync", "ssh", "s3")
S3_KEYS = ("bucket", "prefix", "endpoint_url", "region")


class PublishError(Exception):
    """Publishing refused or failed; the message is meant for the person publishing."""


@dataclass(frozen=True)
class Report:
    """What one publish did (or, in a dry run, would do) at one destination."""

    destination: str
    copied: int  # files new or changed at the destination
    unchanged: int
    deleted: int
    bytes_copied: int
    dry_run: bool = False

    def __str__(self) -> str:
        copied, deleted = ("to copy", "to delete") if self.dry_run else ("copied", "deleted")
        files = "file" if self.copied == 1 else "files"
        counts = f"{self.copied} {files} {copied} ({_size(self.bytes_copied)}), {self.unchanged} unchanged"
        if self.dry_run:
            return f"Dry run for {self.destination}: {counts}, {self.deleted} {deleted}; nothing was changed."
        return f"Published to {self.destination}: {counts}, {self.deleted} {deleted}."


@dataclass(frozen=True)
class FolderTarget:
    path: Path


@dataclass(frozen=True)
class RsyncTarget:
    destination: str
    ssh: str | None = None


@dataclass(frozen=True)
class S3Target:
    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    region: str | None = None


Target = FolderTarget | RsyncTarget | S3Target


def check_site(site: Path) -> None:
    """Refuse anything but a built site: publishing an empty or wrong folder would delete the live one."""
    if not (site / "index.html").is_file():
        raise PublishError(f"{site} is not a built site (it has no index.html); build it first")


def site_files(site: Path) -> list[PurePosixPath]:
    """Every file of the site, relative and sorted (a stable order for copying and uploading)."""
    found = []
    for folder, _, names in os.walk(site):
        found += [PurePosixPath(Path(folder, name).relative_to(site).as_posix()) for name in names]
    return sorted(found)


def publish_folder(site: Path, target: Path, *, dry_run: bool = False) -> Report:
    """Make ``target`` an exact copy of ``site``: fill a sibling folder, then swap it in with renames.

    A web server serving ``target`` sees the old site or the new one, never a mix;
    if copying fails, ``target`` is left as it was. Symbolic links are copied as
    the files they point to.
    """
    site, target = site.resolve(), target.resolve()
    staging, retired = (target.with_name(target.name + suffix) for suffix in (STAGING_SUFFIX, RETIRED_SUFFIX))
    check_site(site)
    _check_folder_target(site, target, (staging, retired))
    files = site_files(site)
    if dry_run:
        return _compare(site, target, files, dry_run)
    try:
        with locks.acquire(locks.lock_beside(target), f"{target}"):  # one publish at a time
            _recover(target, staging, retired)
            report = _compare(site, target, files, dry_run)
            _copy_tree(site, staging, files)
            _swap_in(staging, target, retired)
    except locks.BusyError as error:
        raise PublishError(f"{error}; {target} is unchanged") from None
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(f"could not publish to {target}, which is unchanged: {error}") from error
    return report


def _compare(site: Path, target: Path, files: Sequence[PurePosixPath], dry_run: bool) -> Report:
    """What publishing ``files`` of ``site`` to ``target`` copies, leaves and deletes."""
    changed = [name for name in files if not _same_file(site / name, target / name)]
    gone = sorted(set(site_files(target)) - set(files)) if target.is_dir() else []
    size = sum((site / name).stat().st_size for name in changed)
    return Report(str(target), len(changed), len(files) - len(changed), len(gone), size, dry_run)


def _check_folder_target(site: Path, target: Path, helpers: Sequence[Path]) -> None:
    if target == site or target.is_relative_to(site) or site.is_relative_to(target):
        raise PublishError(f"cannot publish {site} to {target}: one folder is inside the other")
    if any(site.is_relative_to(helper) for helper in helpers):
        raise PublishError(f"cannot publish from {site}: publishing to {target} uses that folder for itself")
    if target.exists() and not target.is_dir():
        raise PublishError(f"cannot publish to {target}: it is a file, not a folder")
    if not target.parent.is_dir():
        raise PublishError(f"cannot publish to {target}: the folder {target.parent} does not exist")


def _recover(target: Path, staging: Path, retired: Path) -> None:
    """Clean up after an interrupted publish; if it stopped between the two renames, put the old site back."""
    shutil.rmtree(staging, ignore_errors=True)
    if retired.is_dir() and not target.exists():
        retired.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def _same_file(source: Path, existing: Path) -> bool:
    return existing.is_file() and filecmp.cmp(source, existing, shallow=False)


def _copy_tree(site: Path, staging: Path, files: Sequence[PurePosixPath]) -> None:
    staging.mkdir()
    for folder, subfolders, _ in os.walk(site):  # empty folders too, for an exact copy
        for name in subfolders:
            (staging / Path(folder, name).relative_to(site)).mkdir(exist_ok=True)
    for name in files:
        shutil.copy2(site / name, staging / name)


def _swap_in(staging: Path, target: Path, retired: Path) -> None:
    if target.exists() and exchange(staging, target):  # one atomic step on Linux
        shutil.rmtree(staging, ignore_errors=True)
        return
    if target.exists():
        target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        if retired.exists():
            retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


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


def targets_from_config(config: Mapping[str, Any]) -> list[Target]:
    """Read the ``publish`` section of invoke's config; every key is optional, an unknown key is an error.

    ``{"folder": PATH, "rsync": DEST, "ssh": "ssh -p 2222", "s3": {"bucket", "prefix", "endpoint_url",
    "region"}}``. A key whose value is null counts as absent, so a later config file can switch a target off.
    """
    section = _table(config, "publish", CONFIG_KEYS)
    folder, rsync, ssh = (_text(section, key, "publish") for key in ("folder", "rsync", "ssh"))
    if ssh is not None and rsync is None:
        raise PublishError("publish.ssh: only used with publish.rsync, which is not set")
    targets: list[Target] = []
    if folder is not None:
        targets.append(FolderTarget(Path(folder).expanduser()))
    if rsync is not None:
        targets.append(RsyncTarget(rsync, ssh))
    if section.get("s3") is not None:
        s3 = _table(section["s3"], "publish.s3", S3_KEYS)
        bucket, prefix, endpoint_url, region = (_text(s3, key, "publish.s3") for key in S3_KEYS)
        if bucket is None:
            raise PublishError("publish.s3.bucket: required when publish.s3 is set")
        targets.append(S3Target(bucket, (prefix or "").strip("/"), endpoint_url, region))
    return targets


def _table(value: Any, name: str, known: Sequence[str]) -> dict[str, Any]:
    # invoke's config sections (DataProxy) have keys() and item access but do not register as Mappings.
    if not (isinstance(value, Mapping) or callable(getattr(value, "keys", None))):
        raise PublishError(f"{name}: expected a table of settings, got {value!r}")
    table = {key: value[key] for key in value}
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise PublishError(f"{name}.{unknown[0]}: unknown setting (known: {', '.join(known)})")
    return table


def _text(table: Mapping[str, Any], key: str, name: str) -> str | None:
    """The text at ``key``, or None when it is absent or null; empty text only for the prefix (the bucket's root)."""
    value = table.get(key)
    if value is not None and (not isinstance(value, str) or (not value.strip() and key != "prefix")):
        raise PublishError(f"{name}.{key}: expected a non-empty text, got {value!r}")
    return value


def publish_all(site: Path, targets: Sequence[Target], dry_run: bool = False) -> list[Report]:
    """Publish to each target in turn; the first failure stops, so later targets keep the old site."""
    reports = []
    for target in targets:
        match target:
            case FolderTarget(path):
                reports.append(publish_folder(site, path, dry_run=dry_run))
            case RsyncTarget(destination, ssh):
                reports.append(publish_rsync(site, destination, ssh=ssh, dry_run=dry_run))
            case S3Target(bucket, prefix, endpoint_url, region):
                # Imported here: boto3 is slow to import and only S3 publishing needs it.
                from .publish_s3 import publish_s3

                reports.append(
                    publish_s3(
                        site, bucket=bucket, prefix=prefix, endpoint_url=endpoint_url, region=region, dry_run=dry_run
                    )
                )
    return reports


def _size(count: int) -> str:
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if count >= factor:
            return f"{count / factor:.1f} {unit}"
    return f"{count} {'byte' if count == 1 else 'bytes'}"
