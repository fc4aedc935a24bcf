"""Everyday commands: `invoke --list` shows them."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT / "plugins"))

from programmet.sitebuild import build_atomically  # noqa: E402 - needs the plugins path above

CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PROD_SETTINGS = ROOT / "publishconf.py"
# Debian package -> the command it provides.
BROWSER_PACKAGES = {"chromium": "chromium", "default-jre-headless": "java", "nodejs": "node", "npm": "npm"}


@task(help={"prod": "use publishconf.py (the public address) instead of pelicanconf.py"})
def build(c, prod=False):
    """Build the site strictly into output/; on any content error, keep the old output."""
    settings = PROD_SETTINGS if prod else DEV_SETTINGS
    code = build_atomically(CONTENT, settings, OUTPUT)
    if code != 0:
        print("Nothing was published: output/ is unchanged. Fix the errors above and build again.")
        sys.exit(code)
    print(f"Built the site into {OUTPUT.relative_to(ROOT)}/. Look at it with: invoke serve")


@task(help={"port": "port to serve on (default 8000)"})
def serve(c, port=8000):
    """Preview at http://127.0.0.1:PORT/, rebuilding on every change; errors are shown, not fatal."""
    c.run(
        f"{sys.executable} -m pelican {CONTENT} -s {DEV_SETTINGS} -o {OUTPUT} "
        f"--autoreload --listen --bind 127.0.0.1 --port {port} --log-handler plain "
        "-e PROGRAMMET_STRICT=false",
        pty=False,
    )


@task
def browsers(c):
    """Install what the browser tests use: Debian's Chromium, Java for the HTML checker, axe-core and vnu."""
    missing = [package for package, command in BROWSER_PACKAGES.items() if not shutil.which(command)]
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


@task
def clean(c):
    """Remove the built site and caches."""
    for path in (OUTPUT, ROOT / "output.staging", ROOT / "output.old", ROOT / "cache"):
        c.run(f"rm -rf {path}")
