"""The hospital as an :class:`~ambassador.sample.company.Industry`: St. Brigid's Regional Hospital.

Its words, org chart and offices are in :mod:`ambassador.sample.hospital`; this module only
assembles them, so ``write_sample(..., industry="hospital")`` writes the same exports with the
same archetypes as the software company. The hospital writes English only (its banks have no
translations): asking it for other languages is refused by name.
"""

from __future__ import annotations

from ambassador.sample import hospital as h
from ambassador.sample.company import FIRST_NAMES, LAST_NAMES, Industry
from ambassador.sample.text import TextPack


# the clinical systems the IT department deploys (its bots' messages)
SERVICES = ("pas-interface", "pacs-gateway", "eprescribing-api", "lab-results-feed")


def _values(lang: str) -> str | None:
    return h.VALUES_MD if lang == "en" else None


def _exemplars(lang: str) -> list[str]:
    return list(h.EXEMPLARS) if lang == "en" else []


def hospital_industry() -> Industry:
    """St. Brigid's Regional Hospital: brand, departments, offices, banks, values, exemplars."""
    pack = TextPack(h.BANKS, h.SLOTS, {}, {}, h.IRONY_BANKS)
    return Industry(
        "hospital", h.COMPANY_NAME, h.COMPANY_SLUG, h.DOMAIN, h.BRAND_X, h.BRAND_X_ID, tuple(h.HASHTAGS),
        h.BRAND_MASTODON, h.BRAND_BLUESKY, h.DEPARTMENTS, h.LOCATIONS, FIRST_NAMES, LAST_NAMES, h.CEO_DEPARTMENT,
        h.ENGINEERING_DEPARTMENT, tuple(h.TEAMS_DEPARTMENTS), tuple(h.VIVA_DEPARTMENTS), dict(h.EXEC_TITLES), pack,
        _values, _exemplars, short_name=h.SHORT_NAME, customer_facing=tuple(h.CUSTOMER_FACING), partner=tuple(h.PARTNER),
        customers_purpose=h.CUSTOMERS_PURPOSE, industry_label=h.INDUSTRY_LABEL, services=SERVICES,
    )
