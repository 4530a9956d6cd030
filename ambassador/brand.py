"""The brand as each public platform writes it, from ``[organization]`` settings.

``brand_handles`` may hold the brand's accounts in any typed form, mixed: ``exampleco``,
``@exampleco@mastodon.social``, ``exampleco.bsky.social``, ``https://x.com/exampleco``, a
LinkedIn page URL. Each entry is tried on every platform and kept where it is a valid handle,
so a bare name counts on X, a domain-like name on Bluesky, ``user@host`` on Mastodon and a
``linkedin.com/company/<page>`` URL on LinkedIn (LinkedIn writes a page's posts as
``linkedin.com/posts/<page>_...``).

Examples
--------
>>> sorted(brand_handles(["@ExampleCo", "@exampleco@mastodon.social", "exampleco.com",
...                       "https://www.linkedin.com/company/example-co/"]))
[('bluesky', 'exampleco.com'), ('linkedin', 'example-co'), ('mastodon', 'exampleco@mastodon.social'), ('x', 'exampleco')]
>>> brand_hashtags(["#LifeAtExample", "ExampleCo", " "])
['exampleco', 'lifeatexample']
>>> brand_domains(["https://www.Example.com/careers", "example.org", "not a domain"])
['example.com', 'example.org']
"""

from __future__ import annotations

import re

from ambassador.handles import normalize_handle

_LINKEDIN_PAGE = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com/(?:company|showcase|school)/([^/?#]+)", re.I)
_DOMAIN = re.compile(r"^(?:[a-z]+://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:[/?#].*)?$")


def brand_handles(values: list[str]) -> list[tuple[str, str]]:
    """``(platform, normalised handle)`` for every entry valid on a public platform, sorted."""
    out: set[tuple[str, str]] = set()
    for value in values:
        page = _LINKEDIN_PAGE.match(value.strip())
        if page:
            out.add(("linkedin", page.group(1).lower()))
            continue
        for platform in ("x", "mastodon", "bluesky"):  # a brand on LinkedIn is a page, never /in/
            handle = normalize_handle(platform, value)
            if handle:
                out.add((platform, handle))
    return sorted(out)


def brand_hashtags(values: list[str]) -> list[str]:
    """Hashtags lower-case without ``#``, each once, sorted."""
    return sorted({v.strip().lstrip("#").lower() for v in values if v.strip().lstrip("#")})


def brand_domains(values: list[str]) -> list[str]:
    """Host names (no scheme, ``www.``, port or path), lower-case, each once, sorted."""
    out = set()
    for v in values:
        m = _DOMAIN.match(v.strip().lower())
        if m:
            out.add(m.group(1))
    return sorted(out)


def stage_brand(con, organization) -> dict[str, list]:
    """Create temp table ``_brand_handles(platform, handle)`` for ``marts_public_signals``.

    Holds the normalised brand handles and the ids of accounts in ``stg_accounts`` with those
    handles (Bluesky mentions may carry only a DID). Returns the SQL parameters
    ``brand_hashtags`` and ``brand_domains``.
    """
    handles = brand_handles(organization.brand_handles)
    con.execute("CREATE OR REPLACE TEMP TABLE _brand_handles (platform VARCHAR, handle VARCHAR)")
    if handles:
        con.executemany("INSERT INTO _brand_handles VALUES (?, ?)", handles)
        con.execute(
            """INSERT INTO _brand_handles
               SELECT a.platform, a.account_id FROM stg_accounts a
               JOIN _brand_handles b ON b.platform = a.platform AND b.handle = a.handle"""
        )
    return {"brand_hashtags": brand_hashtags(organization.brand_hashtags), "brand_domains": brand_domains(organization.brand_domains)}
