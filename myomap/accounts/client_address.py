"""The client's real address behind reverse proxies, for the login lockout and the audit log.

With MYOMAP_TRUSTED_PROXIES = N (the number of proxies in front of Myomap, each appending to
X-Forwarded-For), the client is the N-th address from the right of X-Forwarded-For: entries
further left were written by the client itself and cannot be trusted. With 0 (the default,
no proxy) the header is ignored and the socket's address is used."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.MYOMAP_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(forwarded) < proxies:
        return remote  # a proxy did not add its entry: trust only the socket
    return _valid(forwarded[-proxies]) or remote
