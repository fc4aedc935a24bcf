"""Publish to a folder on this machine: a full copy is made beside the served one, then swapped in.

A web server serving the folder sees the old site or the new one, never a mix
(build/swap.py does the swap); one publish at a time holds the folder (build/locks.py).
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from ..build import locks
from ..build.swap import recover, swap_in
from .publish_report import PublishError, Report, check_site, site_files

# Distinct from staged_build's "output.builds/", so cleaning our leftovers never touches a build's.
STAGING_SUFFIX = ".publish-staging"
RETIRED_SUFFIX = ".publish-old"


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
            # An interrupted publish: its copy goes, and an old site left between the two renames comes back.
            recover(target, [retired], [staging, retired])
            report = _compare(site, target, files, dry_run)
            _copy_tree(site, staging, files)
            swap_in(staging, target, retired)
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


def _same_file(source: Path, existing: Path) -> bool:
    return existing.is_file() and filecmp.cmp(source, existing, shallow=False)


def _copy_tree(site: Path, staging: Path, files: Sequence[PurePosixPath]) -> None:
    staging.mkdir()
    for folder, subfolders, _ in os.walk(site):  # empty folders too, for an exact copy
        for name in subfolders:
            (staging / Path(folder, name).relative_to(site)).mkdir(exist_ok=True)
    for name in files:
        shutil.copy2(site / name, staging / name)
