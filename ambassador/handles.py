"""Normalising the handles people type, so one account matches however it was written.

Directories hold handles in every form people type them: ``name``, ``@name``, profile URLs
with or without scheme, ``www.`` or trailing paths, ``@user@host`` for Mastodon. Each
platform's handle is reduced to one canonical, lower-case form.

Examples
--------
>>> [normalize_handle("x", h) for h in ["Jane_Doe", "@jane_doe", "https://x.com/Jane_Doe", "twitter.com/jane_doe/", "http://www.twitter.com/@JANE_DOE?ref=x"]]
['jane_doe', 'jane_doe', 'jane_doe', 'jane_doe', 'jane_doe']
>>> normalize_handle("mastodon", "https://mastodon.social/@Jane")
'jane@mastodon.social'
>>> normalize_handle("mastodon", "@jane@Hachyderm.io")
'jane@hachyderm.io'
>>> normalize_handle("bluesky", "@Jane.bsky.social")
'jane.bsky.social'
>>> normalize_handle("bluesky", "https://bsky.app/profile/jane.example.com")
'jane.example.com'
>>> normalize_handle("linkedin", "https://www.linkedin.com/in/jane-doe-123/")
'jane-doe-123'
>>> normalize_handle("x", "n/a") is None
True
"""

from __future__ import annotations

import re

_X_HOSTS = r"(?:(?:www|mobile)\.)?(?:twitter\.com|x\.com)"
_X = re.compile(rf"^(?:(?:https?://)?{_X_HOSTS}/+@?([a-z0-9_]{{1,15}})(?:[/?#].*)?|@?([a-z0-9_]{{1,15}}))$")
_MASTO_ACCT = re.compile(r"^@?([a-z0-9_]+)@([a-z0-9.-]+\.[a-z]{2,})$")
_MASTO_URL = re.compile(r"^(?:https?://)?([a-z0-9.-]+\.[a-z]{2,})/@([a-z0-9_]+)(?:[/?#].*)?$")
_BSKY = re.compile(r"^(?:https?://)?(?:bsky\.app/profile/)?@?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/?#].*)?$")
_BSKY_DID = re.compile(r"^(did:(?:plc|web):[a-z0-9._:%-]+)$")
_LINKEDIN = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.)?(?:www\.)?linkedin\.com/in/([^/?#]+)(?:[/?#].*)?$")

PLATFORMS = ("x", "mastodon", "bluesky", "linkedin", "slack")


def normalize_handle(platform: str, value: str | None) -> str | None:
    """Return the canonical handle for ``platform``, or None when ``value`` is not one.

    Parameters
    ----------
    platform
        One of ``x``, ``mastodon``, ``bluesky``, ``linkedin``, ``slack``.
    value
        The handle as typed: bare, with ``@``, or a profile URL.
    """
    if value is None:
        return None
    v = value.strip().lower()
    if not v:
        return None
    if platform == "x":
        m = _X.match(v)
        return (m.group(1) or m.group(2)) if m else None
    if platform == "mastodon":
        m = _MASTO_ACCT.match(v)
        if m:
            return f"{m.group(1)}@{m.group(2)}"
        m = _MASTO_URL.match(v)
        return f"{m.group(2)}@{m.group(1)}" if m else None
    if platform == "bluesky":
        m = _BSKY_DID.match(v) or _BSKY.match(v)
        return m.group(1) if m else None
    if platform == "linkedin":
        m = _LINKEDIN.match(v)
        return m.group(1) if m else None
    if platform == "slack":
        return v.lstrip("@") or None
    raise ValueError(f"unknown platform {platform!r}")


def register(con) -> None:
    """Make ``normalize_handle(platform, value)`` callable from SQL on this connection."""
    import duckdb

    con.create_function(
        "normalize_handle", normalize_handle, [duckdb.sqltypes.VARCHAR, duckdb.sqltypes.VARCHAR], duckdb.sqltypes.VARCHAR, null_handling="special", side_effects=False
    )
