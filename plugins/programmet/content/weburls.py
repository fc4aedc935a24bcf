"""Web addresses judged as a browser reads them (the WHATWG URL Standard), not as Python does.

``urllib.parse`` and browsers disagree on hostile input: for
``https://evil.example\\@www.youtube-nocookie.com/`` Python names YouTube as the
host while every browser goes to evil.example (a backslash ends the authority of
an http(s) URL). So addresses from content are parsed with ada, the WHATWG
parser Node.js uses, and what a page or feed gets is ada's own serialisation:
the address we judged is the address we publish.

A public programme links to the public web only: no ``user:password@`` (a
classic way to dress up a link's real host), no loopback, private, link-local
or otherwise non-public addresses, and no host names that only resolve on a
local network.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection
from dataclasses import dataclass

import ada_url

# Names that never reach the public internet (RFC 6761, RFC 8375, common intranet suffixes).
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".intranet", ".lan", ".home.arpa", ".localdomain")
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})


@dataclass(frozen=True)
class WebUrl:
    """An absolute address as a browser parsed it."""

    href: str  # the WHATWG serialisation: what we publish
    scheme: str  # without the colon, lower case
    host: str  # the host a browser would visit (IPv6 without brackets), '' for mailto:/tel:


def read_url(value: str, schemes: Collection[str] = ("https",), base: str | None = None) -> WebUrl | str:
    """``value`` as a browser reads it, or what is wrong with it, in words an editor can act on.

    With ``base``, a relative address is resolved against it first (as a link in a page is).
    """
    if any(c.isspace() for c in value.strip()):
        return f"contains a space or line break; a link has none: {value!r}"
    try:
        url = ada_url.URL(value.strip(), base) if base else ada_url.URL(value.strip())
    except ValueError:
        return f"{not_a_link(schemes)}: {value!r}"
    scheme = url.protocol.removesuffix(":")
    if scheme not in schemes:
        return f"{not_a_link(schemes)}: {value!r}"
    if url.username or url.password:
        return f"has a user name or password before the host, which hides where it leads: {value!r}"
    host = url.hostname.removeprefix("[").removesuffix("]")
    if scheme in {"http", "https"} and (problem := host_problem(host)) is not None:
        return f"{problem}: {value!r}"
    return WebUrl(href=url.href, scheme=scheme, host=host)


def not_a_link(schemes: Collection[str]) -> str:
    if set(schemes) == {"https"}:
        return "not an https:// link"  # the commonest, word for word as the editor's guide quotes it
    return "not an " + " or ".join(f"{s}://" if s in {"http", "https"} else f"{s}:" for s in sorted(schemes)) + " link"


def host_problem(host: str) -> str | None:
    """Why ``host`` (as WHATWG parsing normalised it) is not an address on the public internet, or None."""
    if not host:
        return "has no host"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        name = host.rstrip(".").lower()
        if name in _LOCAL_NAMES or name.endswith(_LOCAL_SUFFIXES):
            return f"leads to {host!r}, a name only this computer or network knows"
        if "." not in name:
            return f"leads to {host!r}, a name without a domain that only a local network knows"
        return None
    if not address.is_global or address.is_multicast:
        return f"leads to {host}, an address that is not on the public internet"
    return None


def host_allowed(url: WebUrl, hosts: Collection[str]) -> bool:
    """Whether the host a browser would visit is one of ``hosts`` (exactly; no subdomains)."""
    return url.host.lower().rstrip(".") in hosts
