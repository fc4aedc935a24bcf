"""Publishing a built site: to a folder, with rsync, and to S3 (a real moto server over HTTP, real boto3)."""

from __future__ import annotations

import os
import shutil
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import boto3
import pytest
from invoke import Config as InvokeConfig
from moto.server import ThreadedMotoServer
from programmet.tools.publish import FolderTarget, RsyncTarget, S3Target, publish_all, targets_from_config
from programmet.tools.publish_folder import publish_folder
from programmet.tools.publish_report import PublishError, Report
from programmet.tools.publish_rsync import publish_rsync, remote_path, report_from_stats, rsync_command
from programmet.tools.publish_s3 import object_headers, publish_s3

SITE = {
    "index.html": b"<!doctype html><title>Program</title><link href=/theme/css/main.css>",
    "arrangement/eventyrstund/index.html": b"<!doctype html><title>Eventyrstund</title><img src=/images/bok.jpg>",
    "om/index.html": "<!doctype html><title>Om biblioteket på Fjordvik</title>".encode(),
    "theme/css/main.css": b"body { color: #222; }\n",
    "images/bok.jpg": b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8,
    "kalender/alle.ics": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
    "podkast/verdt/feed.xml": b"<?xml version='1.0' encoding='UTF-8'?>\n<rss version='2.0'/>\n",
    "media/verdt/s01e01.mp3": b"ID3" + bytes(600),
}
BUCKET = "programmet"


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative path: what a web server serving it would see."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def touch_all(root: Path) -> None:
    """A rebuild: same bytes, new modification times."""
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (1_900_000_000, 1_900_000_000))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "output", SITE)


def total_size(files: dict[str, bytes]) -> int:
    return sum(len(data) for data in files.values())


# --- folder ------------------------------------------------------------------------------------------------------


def test_folder_first_publish_copies_everything(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    report = publish_folder(site, target)
    assert read_tree(target) == SITE
    assert report == Report(str(target), copied=len(SITE), unchanged=0, deleted=0, bytes_copied=total_size(SITE))


def test_folder_republish_of_a_rebuilt_site_copies_nothing(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    publish_folder(site, target)
    touch_all(site)
    report = publish_folder(site, target)
    assert (report.copied, report.unchanged, report.deleted, report.bytes_copied) == (0, len(SITE), 0, 0)
    assert read_tree(target) == SITE


def test_folder_publish_updates_and_deletes(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    publish_folder(site, target)
    (target / "stray.txt").write_text("left by hand")
    (site / "om" / "index.html").unlink()
    (site / "theme" / "css" / "main.css").write_bytes(b"body { color: #000; }\n")
    report = publish_folder(site, target)
    assert read_tree(target) == read_tree(site)
    assert not (target / "om" / "index.html").exists()
    assert (report.copied, report.unchanged, report.deleted) == (1, len(SITE) - 2, 2)
    assert report.bytes_copied == len(b"body { color: #000; }\n")


def test_folder_keeps_empty_folders(site: Path, tmp_path: Path) -> None:
    (site / "tomt").mkdir()
    publish_folder(site, tmp_path / "www")
    assert (tmp_path / "www" / "tomt").is_dir()


def test_folder_dry_run_changes_nothing(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    assert publish_folder(site, target, dry_run=True).copied == len(SITE)
    assert not target.exists()
    publish_folder(site, target)
    (site / "index.html").write_bytes(b"<!doctype html><title>New</title>")
    (site / "om" / "index.html").unlink()
    report = publish_folder(site, target, dry_run=True)
    assert read_tree(target) == SITE
    assert (report.copied, report.deleted, report.dry_run) == (1, 1, True)


def test_interrupted_folder_publish_leaves_the_previous_site(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "www"
    publish_folder(site, target)
    (site / "index.html").write_bytes(b"<!doctype html><title>Half-copied</title>")
    real_copy, copied = shutil.copy2, []

    def copy_then_fail(source: Any, destination: Any, **kwargs: Any) -> Any:
        if len(copied) == 3:
            raise OSError(28, "No space left on device")
        copied.append(destination)
        return real_copy(source, destination, **kwargs)

    monkeypatch.setattr(shutil, "copy2", copy_then_fail)
    with pytest.raises(PublishError, match="No space left on device"):
        publish_folder(site, target)
    assert len(copied) == 3
    assert read_tree(target) == SITE
    assert sorted(path.name for path in tmp_path.iterdir()) == [".www.lock", "output", "www"]


def test_folder_publish_cleans_leftovers_of_an_interrupted_one(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    write_tree(tmp_path / "www.publish-staging", {"index.html": b"half"})
    write_tree(tmp_path / "www.publish-old", {"index.html": b"old"})
    publish_folder(site, target)
    assert read_tree(target) == SITE
    assert sorted(path.name for path in tmp_path.iterdir()) == [".www.lock", "output", "www"]


def test_folder_publish_restores_a_site_left_between_the_renames(site: Path, tmp_path: Path) -> None:
    # Interrupted after www -> www.publish-old, before the new copy became www: the old site is the live one.
    write_tree(tmp_path / "www.publish-old", {"index.html": b"old", "gammel.html": b"old"})
    report = publish_folder(site, tmp_path / "www")
    assert read_tree(tmp_path / "www") == SITE
    assert report.deleted == 1


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("output/www", "one folder is inside the other"),
        (".", "one folder is inside the other"),
        ("output", "one folder is inside the other"),
        ("file.txt", "it is a file, not a folder"),
        ("missing/www", "does not exist"),
    ],
)
def test_folder_publish_refuses(site: Path, tmp_path: Path, target: str, message: str) -> None:
    (tmp_path / "file.txt").write_text("not a folder")
    with pytest.raises(PublishError, match=message):
        publish_folder(site, tmp_path / target)
    assert (tmp_path / "file.txt").read_text() == "not a folder"
    assert read_tree(site) == SITE


def test_publish_refuses_a_folder_that_is_not_a_built_site(tmp_path: Path) -> None:
    unbuilt = write_tree(tmp_path / "output", {"theme/css/main.css": b""})
    for publish in (lambda: publish_folder(unbuilt, tmp_path / "www"), lambda: publish_rsync(unbuilt, "www")):
        with pytest.raises(PublishError, match="not a built site"):
            publish()
    assert not (tmp_path / "www").exists()


def test_report_reads_as_one_sentence() -> None:
    assert str(Report("/srv/www", 3, 10, 1, 12_345)) == (
        "Published to /srv/www: 3 files copied (12.3 kB), 10 unchanged, 1 deleted."
    )
    assert str(Report("s3://b/", 1, 0, 0, 1, dry_run=True)) == (
        "Dry run for s3://b/: 1 file to copy (1 byte), 0 unchanged, 0 to delete; nothing was changed."
    )


# --- rsync -------------------------------------------------------------------------------------------------------


def test_rsync_publishes_to_a_local_folder(site: Path, tmp_path: Path) -> None:
    destination = str(tmp_path / "www")
    first = publish_rsync(site, destination)
    assert read_tree(tmp_path / "www") == SITE
    assert (first.copied, first.unchanged, first.deleted, first.bytes_copied) == (len(SITE), 0, 0, total_size(SITE))

    touch_all(site)
    second = publish_rsync(site, destination)
    assert (second.copied, second.unchanged, second.deleted, second.bytes_copied) == (0, len(SITE), 0, 0)

    (site / "om" / "index.html").unlink()
    (site / "index.html").write_bytes(b"<!doctype html><title>Ny</title>")
    third = publish_rsync(site, destination)
    assert read_tree(tmp_path / "www") == read_tree(site)
    assert (third.copied, third.deleted) == (1, 1)


def test_rsync_dry_run_changes_nothing(site: Path, tmp_path: Path) -> None:
    destination = tmp_path / "www"
    publish_rsync(site, str(destination))
    (site / "om" / "index.html").unlink()
    (site / "index.html").write_bytes(b"<!doctype html><title>Ny</title>")
    report = publish_rsync(site, str(destination), dry_run=True)
    assert read_tree(destination) == SITE
    assert (report.copied, report.deleted, report.dry_run) == (1, 1, True)


def test_rsync_failure_carries_rsyncs_message(site: Path, tmp_path: Path) -> None:
    with pytest.raises(PublishError, match=r"rsync to .* failed \(exit code \d+\): .*No such file or directory"):
        publish_rsync(site, str(tmp_path / "missing" / "deeper" / "www"))


def test_missing_rsync_is_a_publish_error(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(PublishError, match="rsync is not installed"):
        publish_rsync(site, str(tmp_path / "www"))


@pytest.mark.parametrize("destination", ["web:", "web:/", "deploy@web:~/", "deploy@web:.", "--rsh=evil"])
def test_rsync_refuses_a_servers_root_or_home(site: Path, destination: str) -> None:
    with pytest.raises(PublishError, match="refusing"):
        publish_rsync(site, destination)


def test_rsync_refuses_a_destination_inside_the_site(site: Path) -> None:
    with pytest.raises(PublishError, match="one folder is inside the other"):
        publish_rsync(site, str(site / "www"))


def test_rsync_command_for_a_remote_server() -> None:
    command = rsync_command(Path("/work/output"), "deploy@web:/srv/www/program/", ssh="ssh -p 2222")
    assert command == [
        "rsync",
        "--recursive",
        "--links",
        "--times",
        "--checksum",
        "--compress",
        "--delete",
        "--delete-delay",
        "--delay-updates",
        "--stats",
        "-e",
        "ssh -p 2222",
        "/work/output/",
        "deploy@web:/srv/www/program/",
    ]


@pytest.mark.parametrize(
    ("destination", "ssh", "dry_run", "expected_tail"),
    [
        ("web:/srv/www", None, False, ["-e", "ssh", "/site/", "web:/srv/www"]),
        ("web:/srv/www", None, True, ["--dry-run", "-e", "ssh", "/site/", "web:/srv/www"]),
        ("/srv/www", None, False, ["/site/", "/srv/www"]),
        ("/srv/www", "ssh -i key", False, ["-e", "ssh -i key", "/site/", "/srv/www"]),
        ("web::program", None, False, ["/site/", "web::program"]),
    ],
)
def test_rsync_command_options(destination: str, ssh: str | None, dry_run: bool, expected_tail: list[str]) -> None:
    command = rsync_command(Path("/site"), destination, ssh=ssh, dry_run=dry_run)
    assert command[-len(expected_tail) :] == expected_tail
    assert command[-len(expected_tail) - 1] == "--stats"


@pytest.mark.parametrize(
    ("destination", "path"),
    [
        ("web:/srv/www", "/srv/www"),
        ("deploy@web.example:/srv/www/", "/srv/www/"),
        ("deploy@[2001:db8::1]:/srv/www", "/srv/www"),
        ("web:program", "program"),
        ("/srv/www", None),
        ("./dated:2027", None),
        ("web::module/program", None),
        ("rsync://web/program", None),
    ],
)
def test_remote_path(destination: str, path: str | None) -> None:
    assert remote_path(destination) == path


def test_report_from_stats_with_grouped_digits() -> None:
    stats = (
        "Number of files: 1,234 (reg: 1,200, dir: 33, link: 1)\n"
        "Number of created files: 2 (reg: 2)\n"
        "Number of deleted files: 4 (reg: 3, dir: 1)\n"
        "Number of regular files transferred: 17\n"
        "Total file size: 17,000,000 bytes\n"
        "Total transferred file size: 1.234.567 bytes\n"
    )
    assert report_from_stats(stats, "web:/srv", dry_run=False) == Report("web:/srv", 17, 1183, 3, 1_234_567)


# --- S3 ----------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    """A real S3 emulator over HTTP on 127.0.0.1, on a free port."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dummy credentials, and none of the developer's own profiles or an instance role."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in (
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def s3(moto_endpoint: str, aws_environment: None) -> Any:
    """A boto3 client of an emulator emptied for this test, with one bucket."""
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST"))  # noqa: S310 - our own local server
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    return client


def stored(client: Any, bucket: str = BUCKET, prefix: str = "") -> dict[str, bytes]:
    listing = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    keys = [item["Key"] for page in listing for item in page.get("Contents", [])]
    return {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def record_uploads(client: Any) -> list[str]:
    """The keys of every PutObject the client sends, in order."""
    keys: list[str] = []
    client.meta.events.register("provide-client-params.s3.PutObject", lambda params, **_: keys.append(params["Key"]))
    return keys


def test_s3_first_publish_uploads_everything_files_before_pages(site: Path, s3: Any) -> None:
    uploads = record_uploads(s3)
    report = publish_s3(site, bucket=BUCKET, client=s3)
    assert stored(s3) == SITE
    assert (report.copied, report.unchanged, report.deleted, report.bytes_copied) == (len(SITE), 0, 0, total_size(SITE))
    pages = [key.endswith(".html") for key in uploads]
    assert len(uploads) == len(SITE)
    assert pages == sorted(pages), "a page was uploaded before a file"


def test_s3_second_publish_uploads_nothing(site: Path, s3: Any) -> None:
    publish_s3(site, bucket=BUCKET, client=s3)
    touch_all(site)
    uploads = record_uploads(s3)
    report = publish_s3(site, bucket=BUCKET, client=s3)
    assert uploads == []
    assert (report.copied, report.unchanged, report.deleted) == (0, len(SITE), 0)


def test_s3_uploads_a_changed_file_and_deletes_a_removed_one(site: Path, s3: Any) -> None:
    publish_s3(site, bucket=BUCKET, client=s3)
    (site / "theme" / "css" / "main.css").write_bytes(b"body { color: #000; }\n")
    (site / "om" / "index.html").unlink()
    uploads = record_uploads(s3)
    report = publish_s3(site, bucket=BUCKET, client=s3)
    assert [upload.rsplit("/", 1)[-1] for upload in uploads] == ["main.css"]
    assert stored(s3) == read_tree(site)
    assert "om/index.html" not in stored(s3)
    assert (report.copied, report.unchanged, report.deleted) == (1, len(SITE) - 2, 1)


@pytest.mark.parametrize(
    ("key", "content_type", "cache_control"),
    [
        ("index.html", "text/html; charset=utf-8", "max-age=300"),
        ("theme/css/main.css", "text/css; charset=utf-8", "max-age=300"),
        ("kalender/alle.ics", "text/calendar; charset=utf-8", "max-age=300"),
        ("podkast/verdt/feed.xml", "application/rss+xml", "max-age=300"),
        ("images/bok.jpg", "image/jpeg", "max-age=86400"),
        ("media/verdt/s01e01.mp3", "audio/mpeg", "max-age=86400"),
    ],
)
def test_s3_stores_content_type_and_cache_control(
    site: Path, s3: Any, key: str, content_type: str, cache_control: str
) -> None:
    publish_s3(site, bucket=BUCKET, client=s3)
    head = s3.head_object(Bucket=BUCKET, Key=key)
    assert (head["ContentType"], head["CacheControl"]) == (content_type, cache_control)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("a/b.VTT", "text/vtt; charset=utf-8"),
        ("manifest.webmanifest", "application/manifest+json"),
        ("sitemap.xml", "application/xml"),
        ("x/kapitler.json", "application/json"),
        ("README", "application/octet-stream"),
    ],
)
def test_object_headers_content_types(name: str, content_type: str) -> None:
    assert object_headers(PurePosixPath(name))[0] == content_type


def test_s3_prefix_is_respected(site: Path, s3: Any) -> None:
    for key in ("programmet/gammel.html", "programmet-arkiv/index.html", "annet/index.html"):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"kept?")
    report = publish_s3(site, bucket=BUCKET, prefix="/programmet/", client=s3)
    assert stored(s3, prefix="programmet/") == {f"programmet/{name}": data for name, data in SITE.items()}
    assert set(stored(s3)) - {f"programmet/{name}" for name in SITE} == {
        "programmet-arkiv/index.html",
        "annet/index.html",
    }
    assert report.deleted == 1
    assert report.destination == "s3://programmet/programmet/"


def test_s3_dry_run_changes_nothing(site: Path, s3: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="gammel.html", Body=b"old")
    uploads = record_uploads(s3)
    report = publish_s3(site, bucket=BUCKET, client=s3, dry_run=True)
    assert uploads == []
    assert stored(s3) == {"gammel.html": b"old"}
    assert (report.copied, report.deleted, report.dry_run) == (len(SITE), 1, True)


def test_s3_missing_bucket(site: Path, s3: Any, moto_endpoint: str) -> None:
    with pytest.raises(PublishError, match="bucket 'finnes-ikke' does not exist"):
        publish_s3(site, bucket="finnes-ikke", endpoint_url=moto_endpoint)


def test_s3_without_credentials(
    site: Path, moto_endpoint: str, aws_environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(PublishError, match="no S3 credentials"):
        publish_s3(site, bucket=BUCKET, endpoint_url=moto_endpoint, region="us-east-1")


def test_s3_unreachable_endpoint(site: Path, aws_environment: None) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(PublishError, match=f"cannot reach the S3 endpoint http://127.0.0.1:{port}"):
        publish_s3(site, bucket=BUCKET, endpoint_url=f"http://127.0.0.1:{port}")


# --- configuration and publishing everywhere ---------------------------------------------------------------------

FULL_CONFIG = {
    "folder": "/srv/www/program",
    "rsync": "deploy@web:/srv/www/program/",
    "ssh": "ssh -p 2222",
    "s3": {"bucket": "program", "prefix": "", "endpoint_url": "https://s3.example", "region": "eu-north-1"},
}


def test_targets_from_config() -> None:
    assert targets_from_config(FULL_CONFIG) == [
        FolderTarget(Path("/srv/www/program")),
        RsyncTarget("deploy@web:/srv/www/program/", "ssh -p 2222"),
        S3Target("program", "", "https://s3.example", "eu-north-1"),
    ]


def test_targets_from_invokes_config_section() -> None:
    section = InvokeConfig(overrides={"publish": FULL_CONFIG}).publish
    assert targets_from_config(section) == targets_from_config(FULL_CONFIG)


@pytest.mark.parametrize(
    ("config", "targets"),
    [
        ({}, []),
        ({"folder": None, "s3": None}, []),
        ({"rsync": "/srv/www"}, [RsyncTarget("/srv/www")]),
        ({"s3": {"bucket": "b", "prefix": "/program/"}}, [S3Target("b", "program")]),
    ],
)
def test_every_key_is_optional(config: dict[str, Any], targets: list[Any]) -> None:
    assert targets_from_config(config) == targets


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"sftp": "web:/srv"}, r"^publish\.sftp: unknown setting"),
        ({"s3": {"bucket": "b", "bucktet": "c"}}, r"^publish\.s3\.bucktet: unknown setting"),
        ({"s3": {"prefix": "p"}}, r"^publish\.s3\.bucket: required"),
        ({"s3": "program"}, r"^publish\.s3: expected a table"),
        ({"ssh": "ssh -p 2222"}, r"^publish\.ssh: only used with publish\.rsync"),
        ({"folder": ""}, r"^publish\.folder: expected a non-empty text"),
        ({"rsync": 22}, r"^publish\.rsync: expected a non-empty text"),
    ],
)
def test_config_mistakes(config: dict[str, Any], message: str) -> None:
    with pytest.raises(PublishError, match=message):
        targets_from_config(config)


def test_publish_all_publishes_everywhere(site: Path, tmp_path: Path, s3: Any, moto_endpoint: str) -> None:
    targets = targets_from_config(
        {"folder": str(tmp_path / "www"), "rsync": str(tmp_path / "mirror"), "s3": {"bucket": BUCKET}}
    )
    s3_target = S3Target(BUCKET, endpoint_url=moto_endpoint, region="us-east-1")
    reports = publish_all(site, [*targets[:2], s3_target])
    assert read_tree(tmp_path / "www") == read_tree(tmp_path / "mirror") == stored(s3) == SITE
    assert [report.copied for report in reports] == [len(SITE)] * 3


def test_publish_all_stops_at_the_first_failure(site: Path, tmp_path: Path) -> None:
    targets = [FolderTarget(site / "www"), RsyncTarget(str(tmp_path / "mirror"))]
    with pytest.raises(PublishError, match="one folder is inside the other"):
        publish_all(site, targets)
    assert not (tmp_path / "mirror").exists()


def test_publish_all_dry_run(site: Path, tmp_path: Path) -> None:
    reports = publish_all(site, [FolderTarget(tmp_path / "www"), RsyncTarget(str(tmp_path / "mirror"))], dry_run=True)
    assert [report.dry_run for report in reports] == [True, True]
    assert not (tmp_path / "www").exists()
    assert not (tmp_path / "mirror").exists()
