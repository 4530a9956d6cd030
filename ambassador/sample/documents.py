"""The small text files of the sample: settings, HR directory, culture, and the truth file."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from ambassador.sample.company import (BRAND_BLUESKY, BRAND_LINKEDIN, BRAND_MASTODON, BRAND_X, COMPANY_NAME, DOMAIN, HASHTAGS,
                                       Company)
from ambassador.sample.text import EXEMPLARS, VALUES_MD

DIRECTORY_COLUMNS = ["employee_id", "full_name", "email", "department", "title", "manager_id", "location",
                     "hire_date", "x_handle", "mastodon_handle", "bluesky_handle", "linkedin_url", "opt_out"]
TRUTH_COLUMNS = ["employee_id", "archetype", "culture_fit", "social_pull", "relevance"]
OPT_OUT_YES = ["yes", "true", "1", "y", "x", "Yes", "TRUE", "Y", "X"]
OPT_OUT_NO = ["", "", "", "", "no", "false", "0", "No", "n"]


def settings_toml(days: int) -> str:
    """``ambassador.toml`` for the sample (only keys the settings model knows), including the
    column mapping of the sample's intranet CSV export."""
    from ambassador.sample.intranet_csv import mapping_toml

    handles = [f"@{BRAND_X}", f"@{BRAND_MASTODON}", f"@{BRAND_BLUESKY}", BRAND_LINKEDIN]
    q = lambda xs: "[" + ", ".join(f'"{x}"' for x in xs) + "]"  # noqa: E731
    return (
        "# Settings for the generated sample company (see DESIGN.md).\n"
        "[organization]\n"
        f'name = "{COMPANY_NAME}"\n'
        f"brand_handles = {q(handles)}\n"
        f"brand_hashtags = {q(HASHTAGS)}\n"
        f"brand_domains = {q([DOMAIN])}\n"
        'values_file = "culture/values.md"\n'
        'exemplars_file = "culture/exemplars.csv"\n'
        "\n[shortlist]\n"
        "size = 15\n"
        'exclude_departments = ["Communications"]\n'
        "min_posts = 3\n"
        "\n[window]\n"
        f"days = {days}\n"
        "half_life_days = 30.0\n"
        "\n" + mapping_toml()
    )


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def directory_csv(company: Company) -> bytes:
    """``directory/employees.csv`` with handles and opt-outs typed the way people type them."""
    rng = random.Random(f"{company.seed}/directory")
    rows = [DIRECTORY_COLUMNS]
    for p in company.people:
        rows.append([
            p.employee_id, p.full_name, p.email, p.department, p.title, p.manager_id, p.location,
            p.hire_date.isoformat(), p.x_typed, p.mastodon_typed, p.bluesky_typed, p.linkedin_typed,
            rng.choice(OPT_OUT_YES) if p.opt_out else rng.choice(OPT_OUT_NO),
        ])
    return _csv(rows)


def exemplars_csv() -> bytes:
    return _csv([["text", "label"]] + [[t, "on_culture"] for t in EXEMPLARS])


def truth_csv(company: Company) -> bytes:
    rows = [TRUTH_COLUMNS]
    for p in company.people:
        rows.append([p.employee_id, p.archetype, f"{p.culture_fit:.3f}", f"{p.social_pull:.3f}", str(p.relevance)])
    return _csv(rows)


def write_documents(company: Company, out: Path, days: int) -> None:
    """Settings, directory and culture files."""
    (out / "directory").mkdir(parents=True, exist_ok=True)
    (out / "culture").mkdir(parents=True, exist_ok=True)
    (out / "ambassador.toml").write_text(settings_toml(days), encoding="utf-8", newline="\n")
    (out / "directory" / "employees.csv").write_bytes(directory_csv(company))
    (out / "culture" / "values.md").write_text(VALUES_MD, encoding="utf-8", newline="\n")
    (out / "culture" / "exemplars.csv").write_bytes(exemplars_csv())
