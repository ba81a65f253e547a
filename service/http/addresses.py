"""The caller's address: the peer, or ``X-Forwarded-For`` only when the peer is a proxy
named in ``BRIEFING_TRUSTED_PROXIES``.

Anyone can send ``X-Forwarded-For``; believing it from any peer let one client rotate
its apparent address past the per-address sign-in limit and write invented addresses
into the audit log. ``briefing serve`` runs Uvicorn with its proxy headers off, so the
peer seen here is the real socket peer.
"""

from __future__ import annotations

import ipaddress

from starlette.requests import HTTPConnection

from service.config import Settings


def trusted_proxies(settings: Settings) -> set[str]:
    """The configured proxy addresses, normalised (``::1`` and ``0:0::1`` are one)."""
    return {_normal(part) for part in settings.trusted_proxies.split(",") if part.strip()}


def client_address(connection: HTTPConnection, settings: Settings) -> str:
    """The address to rate-limit and audit: walks ``X-Forwarded-For`` from the right past
    trusted proxies; the first untrusted hop is the client."""
    peer = connection.client.host if connection.client else "?"
    proxies = trusted_proxies(settings)
    if _normal(peer) not in proxies:
        return peer
    hops = [h.strip() for h in connection.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if _normal(hop) not in proxies:
            return hop[:64]
    return peer


def _normal(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return address.strip()
