"""Pagefind's program: where it is, its command line for our index, one run with a time limit, what it wrote.

Pagefind (https://pagefind.app, the PyPI package ships its binary) reads
finished HTML and writes an index. Stemming follows the language it is given:
Pagefind 1.5 stems ``nb``, ``nn`` and ``no`` with the Snowball Norwegian
stemmer («konserter» finds «konsert»), and the index is built for the site's
language whatever a page says, so there is one index.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ENTRY = "pagefind-entry.json"  # Pagefind's summary of the index: languages and page counts
# Parts of indexed pages that are not what the page is about: calendar buttons, date lists, other events suggested.
EXCLUDE = (".add-to-calendar", ".subscribe", ".other-dates", ".suggestions")
TIMEOUT = 600.0  # seconds; Pagefind indexes thousands of pages a second, so this only catches a hung binary


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def pagefind_binary() -> Path:
    from pagefind.service import get_executable  # finds pagefind[extended]'s binary, or PAGEFIND_BINARY_PATH

    binary = get_executable()
    if binary is None:
        raise SearchIndexError("Pagefind's program is missing; install requirements.txt (pagefind[extended])")
    return Path(binary)


def pagefind_command(site: Path, target: Path, language: str, binary: Path | None = None) -> list[str]:
    """Pagefind's command line: a folder of pages, one index in the site's language (Norwegian stemming)."""
    command = [str(binary or pagefind_binary()), "--site", str(site), "--output-path", str(target)]
    command += ["--force-language", language]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    return [*command, "--quiet"]


def pagefind_version(binary: Path) -> str:
    return run_pagefind([str(binary), "--version"], TIMEOUT).stdout.strip()


def run_pagefind(command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        # The package's own binary, run as its command line. (Its Python client talks to the same binary over
        # a pipe, but waits forever for an answer when the binary dies; a process has an exit code and a timeout.)
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603 - the binary of an installed package, arguments from our settings
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"Pagefind did not finish within {timeout:.0f} seconds") from None
    except OSError as exc:
        raise SearchIndexError(f"Pagefind's program could not start ({exc}); install requirements.txt") from None
    if done.returncode != 0:
        said = " ".join(
            dict.fromkeys(line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip())
        )
        raise SearchIndexError(f"Pagefind stopped with exit code {done.returncode}: {said or 'no message'}")
    return done


def entry_pages(bundle: Path) -> int | None:
    """How many pages one Pagefind output holds, as its entry says; None when it has no readable entry."""
    try:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return sum(int(language["page_count"]) for language in entry["languages"].values())
