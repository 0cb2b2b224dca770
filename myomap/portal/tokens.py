"""Link tokens: 256 random bits, signed with the installation's secret key so a forged or
mistyped token is refused before the database is asked. The database keeps only the digest."""

from __future__ import annotations

import hashlib
import secrets

from django.core import signing

_SALT = "myomap.portal.link"
_KEY_SALT = "myomap.portal.session"


def token_new() -> str:
    return signing.Signer(salt=_SALT).sign(secrets.token_urlsafe(32))


def token_digest(token: str) -> str | None:
    """The stored digest of a well-signed token, or None for anything else."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return digest(token)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def session_key_new() -> str:
    return signing.Signer(salt=_KEY_SALT).sign(secrets.token_urlsafe(32))


def session_key_digest(key: str) -> str | None:
    if not isinstance(key, str) or len(key) > 200:
        return None
    try:
        signing.Signer(salt=_KEY_SALT).unsign(key)
    except signing.BadSignature:
        return None
    return digest(key)
