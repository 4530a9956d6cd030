"""Normalising the handles people type, so one account matches however it was written.

Directories hold handles in every form people type them: ``name``, ``@name``, profile URLs
with or without scheme, ``www.``/``mobile.``/country subdomains, trailing slashes, query
strings, ``@user@host`` for Mastodon, DIDs for Bluesky. Each platform's handle is reduced to
one canonical, lower-case form; a value that is not a handle of that platform (``n/a``, an
e-mail in the X column, a LinkedIn company page) gives None, never a guess.

Examples
--------
>>> [normalize_handle("x", h) for h in ["Jane_Doe", "@jane_doe", "https://x.com/Jane_Doe", "twitter.com/jane_doe/", "http://www.twitter.com/@JANE_DOE?ref=x"]]
['jane_doe', 'jane_doe', 'jane_doe', 'jane_doe', 'jane_doe']
>>> normalize_handle("mastodon", "https://mastodon.social/@Jane")
'jane@mastodon.social'
>>> normalize_handle("mastodon", "@jane@Hachyderm.io")
'jane@hachyderm.io'
>>> normalize_handle("mastodon", "https://hachyderm.io/users/Jane")
'jane@hachyderm.io'
>>> normalize_handle("bluesky", "@Jane.bsky.social")
'jane.bsky.social'
>>> normalize_handle("bluesky", "https://bsky.app/profile/jane.example.com")
'jane.example.com'
>>> normalize_handle("bluesky", "at://did:plc:Abc123")
'did:plc:abc123'
>>> normalize_handle("linkedin", "https://www.linkedin.com/in/jane-doe-123/")
'jane-doe-123'
>>> normalize_handle("linkedin", "https://de.linkedin.com/in/J%C3%B6rg-M?trk=x")
'jörg-m'
>>> [directory_handle("x", h) for h in ["n/a", "-", "none", "jane@example.com"]]
[None, None, None, None]
>>> normalize_handle("linkedin", "https://www.linkedin.com/company/northwind") is None
True
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_SCHEME = r"(?:https?://)?"
_X_HOSTS = r"(?:(?:www|mobile|m)\.)?(?:twitter\.com|x\.com)"
_X = re.compile(rf"^(?:{_SCHEME}{_X_HOSTS}/+(?:#!/)?@?([a-z0-9_]{{1,15}})(?:[/?#].*)?|@?([a-z0-9_]{{1,15}}))$")
# x.com/<path> that are pages, not people
_X_RESERVED = frozenset(
    "home i search explore intent share settings hashtag messages notifications login signup compose tos privacy".split()
)
_HOST = r"([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})"
_MASTO_ACCT = re.compile(rf"^(?:acct:)?@?([a-z0-9_]+(?:[.-][a-z0-9_]+)*)@{_HOST}$")
_MASTO_URL = re.compile(rf"^{_SCHEME}(?:www\.)?{_HOST}/+(?:@|users/)([a-z0-9_]+(?:[.-][a-z0-9_]+)*)/?(?:[/?#].*)?$")
_BSKY_DID = re.compile(r"^(?:at://)?(did:(?:plc|web):[a-z0-9._:%-]+)$")
_BSKY_PROFILE = re.compile(rf"^{_SCHEME}(?:www\.)?bsky\.app/+profile/+@?([^/?#]+)(?:[/?#].*)?$")
_BSKY_DOMAIN = re.compile(r"^(?:https?://)?@?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z][a-z0-9-]*[a-z0-9])/?$")
_LINKEDIN = re.compile(
    rf"^{_SCHEME}(?:(?:www|m|[a-z]{{2}}(?:-[a-z]{{2}})?)\.)?(?:www\.)?linkedin\.com/+(?:mwlite/+)?in/+([^/?#]+)(?:[/?#].*)?$"
)
_LINKEDIN_SLUG = re.compile(r"^(?:in/)?([^/?#@\s.]{3,300})/?$")
_SLUG = re.compile(r"[^\W_][\w-]{2,99}")  # a /in/ slug, once percent-decoded: 3-100 letters, digits, - or _
# what people write in a directory's handle column when they have none (real accounts may
# carry some of these names, e.g. X's own @x, so only directory_handle refuses them)
PLACEHOLDERS = frozenset(
    ["", "-", "--", "n/a", "na", "n.a.", "none", "null", "nil", "no", "nope", "tbd", "unknown", "?", "x", "0", "—"]
)

PLATFORMS = ("x", "mastodon", "bluesky", "linkedin", "slack")


def normalize_handle(platform: str, value: str | None) -> str | None:
    """Return the canonical handle for ``platform``, or None when ``value`` is not one.

    Parameters
    ----------
    platform
        One of ``x``, ``mastodon``, ``bluesky``, ``linkedin``, ``slack``.
    value
        The handle as typed: bare, with ``@``, or a profile URL (any case, surrounding
        whitespace, ``http(s)://``, ``www.``, trailing slash, query string).

    Returns
    -------
    str or None
        ``x``: ``name``; ``mastodon``: ``user@host``; ``bluesky``: the domain handle or the
        DID; ``linkedin``: the ``/in/`` slug (percent-decoded); ``slack``: the name.
    """
    if value is None:
        return None
    v = value.strip().lower()
    if platform == "slack":
        return v.lstrip("@") or None
    if platform == "x":
        m = _X.match(v)
        h = (m.group(1) or m.group(2)) if m else None
        return h if h and h not in _X_RESERVED else None
    if platform == "mastodon":
        m = _MASTO_ACCT.match(v)
        if m:
            return f"{m.group(1)}@{m.group(2)}"
        m = _MASTO_URL.match(v)
        return f"{m.group(2)}@{m.group(1)}" if m else None
    if platform == "bluesky":
        m = _BSKY_PROFILE.match(v)
        if m:
            v = m.group(1)
        m = _BSKY_DID.match(v) or _BSKY_DOMAIN.match(v)
        return m.group(1) if m else None
    if platform == "linkedin":
        m = _LINKEDIN.match(v) or _LINKEDIN_SLUG.match(v)
        if not m:
            return None
        slug = unquote(m.group(1)).strip().lower()
        return slug if _SLUG.fullmatch(slug) else None
    raise ValueError(f"unknown platform {platform!r}")


def directory_handle(platform: str, value: str | None) -> str | None:
    """A handle as a directory declares it: :func:`normalize_handle`, but placeholders people
    type when there is none (``none``, ``n/a``, ``-``, ``x`` ...) are not handles.

    >>> directory_handle("x", "None"), directory_handle("x", "@Jane"), normalize_handle("x", "none")
    (None, 'jane', 'none')
    """
    if value is None or value.strip().lower() in PLACEHOLDERS:
        return None
    return normalize_handle(platform, value)


def register(con) -> None:
    """Make ``normalize_handle`` and ``directory_handle`` (platform, value) callable from SQL."""
    import duckdb

    for name, fn in (("normalize_handle", normalize_handle), ("directory_handle", directory_handle)):
        con.create_function(
            name, fn, [duckdb.sqltypes.VARCHAR, duckdb.sqltypes.VARCHAR], duckdb.sqltypes.VARCHAR, null_handling="special", side_effects=False
        )
