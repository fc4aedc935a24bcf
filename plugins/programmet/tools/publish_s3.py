"""Publish the built site to S3-compatible object storage with boto3.

Only files whose MD5 differs from the stored object's ETag are uploaded (single
part, so the ETag of what we uploaded is its MD5; a multipart ETag never matches
and that file is simply sent again). Files go up before pages and deletions come
last, so a page never points at a file that is not there yet. Credentials come
from boto3's usual places (environment, profile, instance role), never from the
repository.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    HTTPClientError,
    NoCredentialsError,
    ParamValidationError,
    PartialCredentialsError,
    ProfileNotFound,
)
from botocore.exceptions import ConnectionError as BotoConnectionError  # refused, timed out, TLS or proxy failure

from .publish_report import PublishError, Report, check_site, site_files

SHORT_CACHE = "max-age=300"  # pages, feeds, calendars, and the stylesheet and script, whose names never change
LONG_CACHE = "max-age=86400"  # images and media: replaced rarely, and large
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".ics": "text/calendar; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".webmanifest": "application/manifest+json",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".mp4": "video/mp4",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
}
FEED_NAMES = {"feed.xml"}  # the podcast and TV feeds (podcast.py); other XML, like a sitemap, stays application/xml
DEFAULT_CONTENT_TYPE = "application/octet-stream"
LONG_CACHE_TYPES = ("image/", "audio/", "video/", "font/")
DELETE_BATCH = 1000  # the most keys one DeleteObjects request takes
# Bounded waits and retries: an unreachable endpoint fails in seconds rather than minutes. Checksums only where the
# API requires them: botocore >= 1.36 adds CRC32 checksums by default, which some S3-compatible services reject.
CLIENT_CONFIG = Config(
    connect_timeout=10,
    read_timeout=60,
    retries={"mode": "standard", "max_attempts": 3},
    request_checksum_calculation="when_required",
    response_checksum_validation="when_required",
)


@dataclass(frozen=True)
class Upload:
    name: PurePosixPath  # relative to the site
    key: str
    md5: bytes
    size: int
    content_type: str
    cache_control: str


def object_headers(name: PurePosixPath) -> tuple[str, str]:
    """Content-Type and Cache-Control for a site file, from a fixed table (not the system's MIME database)."""
    content_type = CONTENT_TYPES.get(name.suffix.lower(), DEFAULT_CONTENT_TYPE)
    if name.name in FEED_NAMES:
        content_type = "application/rss+xml"
    cache = LONG_CACHE if content_type.startswith(LONG_CACHE_TYPES) else SHORT_CACHE
    return content_type, cache


def object_key(prefix: str, name: PurePosixPath) -> str:
    return f"{prefix}/{name}" if prefix else str(name)


def upload_order(uploads: Sequence[Upload]) -> list[Upload]:
    """Everything else first, pages last, each group by name: a new page's files are there before it is."""
    return sorted(uploads, key=lambda upload: (upload.name.suffix == ".html", upload.name))


def publish_s3(
    site: Path,
    *,
    bucket: str,
    prefix: str = "",
    endpoint_url: str | None = None,
    region: str | None = None,
    client: Any = None,
    dry_run: bool = False,
) -> Report:
    """Make the objects under ``prefix`` in ``bucket`` an exact copy of ``site``; objects elsewhere are left alone."""
    check_site(site)
    prefix = prefix.strip("/")
    destination = f"s3://{bucket}/{prefix + '/' if prefix else ''}" + (f" at {endpoint_url}" if endpoint_url else "")
    with _plain_errors(bucket, endpoint_url):
        client = _client(endpoint_url, region) if client is None else client
        stored = _stored_etags(client, bucket, prefix)
        files = site_files(site)
        uploads = [_upload(site, prefix, name) for name in files]
        changed = upload_order([upload for upload in uploads if stored.get(upload.key) != upload.md5.hex()])
        gone = sorted(set(stored) - {upload.key for upload in uploads})
        if not dry_run:
            for upload in changed:
                _put(client, bucket, site, upload)
            _delete(client, bucket, gone)
    size = sum(upload.size for upload in changed)
    return Report(destination, len(changed), len(files) - len(changed), len(gone), size, dry_run)


def _client(endpoint_url: str | None, region: str | None) -> Any:
    # A session of our own, not boto3's module-level default one, which keeps the credentials it first found.
    return boto3.session.Session(region_name=region).client("s3", endpoint_url=endpoint_url, config=CLIENT_CONFIG)


def _upload(site: Path, prefix: str, name: PurePosixPath) -> Upload:
    path = site / name
    with path.open("rb") as stream:
        md5 = hashlib.file_digest(stream, lambda: hashlib.md5(usedforsecurity=False)).digest()
    return Upload(name, object_key(prefix, name), md5, path.stat().st_size, *object_headers(name))


def _stored_etags(client: Any, bucket: str, prefix: str) -> dict[str, str]:
    """Key -> ETag (without its quotes) of every object under the prefix."""
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{prefix}/" if prefix else "")
    return {item["Key"]: item["ETag"].strip('"') for page in pages for item in page.get("Contents", [])}


def _put(client: Any, bucket: str, site: Path, upload: Upload) -> None:
    with (site / upload.name).open("rb") as body:
        client.put_object(
            Bucket=bucket,
            Key=upload.key,
            Body=body,
            ContentMD5=base64.b64encode(upload.md5).decode("ascii"),  # the store checks what arrived
            ContentType=upload.content_type,
            CacheControl=upload.cache_control,
        )


def _delete(client: Any, bucket: str, keys: Sequence[str]) -> None:
    for start in range(0, len(keys), DELETE_BATCH):
        batch = [{"Key": key} for key in keys[start : start + DELETE_BATCH]]
        result = client.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
        errors = result.get("Errors", [])
        if errors:
            first = errors[0]
            raise PublishError(f"could not delete s3://{bucket}/{first['Key']}: {first['Code']} {first['Message']}")


@contextmanager
def _plain_errors(bucket: str, endpoint_url: str | None) -> Iterator[None]:
    """Turn botocore's exceptions into PublishErrors that say what to fix."""
    where = endpoint_url or "the default AWS endpoint"
    try:
        yield
    except (NoCredentialsError, PartialCredentialsError) as error:
        raise PublishError(
            "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE "
            f"to a profile in ~/.aws ({error})"
        ) from error
    except ProfileNotFound as error:
        raise PublishError(f"S3 credentials: {error}") from error
    except (BotoConnectionError, HTTPClientError) as error:
        raise PublishError(f"cannot reach the S3 endpoint {where}: {error}") from error
    except ParamValidationError as error:
        raise PublishError(f"S3 bucket {bucket!r}: {error}") from error
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code == "NoSuchBucket":
            raise PublishError(f"the S3 bucket {bucket!r} does not exist at {where}") from error
        raise PublishError(f"S3 refused the request for bucket {bucket!r} at {where}: {error}") from error
