"""Deploy a built site: to a folder, over rsync (local or SSH), to S3-compatible storage.

Every destination ends up an exact copy of the built site, and each way keeps
visitors from seeing a half-published site: the folder is filled beside the old
one and swapped in (publish_folder.py); rsync holds updated files back and moves
them into place together at the end, deleting last (publish_rsync.py); S3 gets
files first, pages next and deletions last (publish_s3.py). This module reads
where to publish from invoke's config and publishes to each in turn. The strict
check before all this is the caller's job (tasks.py builds with
``staged_build.build_atomically``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .publish_folder import publish_folder
from .publish_report import PublishError, Report
from .publish_rsync import publish_rsync

CONFIG_KEYS = ("folder", "rsync", "ssh", "s3")
S3_KEYS = ("bucket", "prefix", "endpoint_url", "region")


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
