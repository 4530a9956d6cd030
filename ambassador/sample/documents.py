"""The small text files of the sample: settings, HR directory, culture, the invitation ledger,
and the truth file."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from pathlib import Path

from datetime import date, timedelta

from ambassador.sample.company import INELIGIBLE_KINDS, Company, Industry, Person, get_industry

DIRECTORY_COLUMNS = ["employee_id", "full_name", "email", "department", "title", "manager_id", "location",
                     "hire_date", "x_handle", "mastodon_handle", "bluesky_handle", "linkedin_url", "opt_out",
                     "termination_date"]
TRUTH_COLUMNS = ["employee_id", "archetype", "culture_fit", "social_pull", "relevance", "wrong_kind", "eligible_truth",
                 "account_id", "language"]
# Slack actors outside the directory: archetype and wrong kind in the truth file by actor kind
# (a Slack Connect partner is no employee: the guest rule's kind).
OUTSIDE_KINDS = {"departed": ("departed", "departed"), "guest": ("guest", "guest"), "external": ("external", "guest")}
INVITATION_COLUMNS = ["employee_id", "invited_at", "outcome"]
OPT_OUT_YES = ["yes", "true", "1", "y", "x", "Yes", "TRUE", "Y", "X"]
OPT_OUT_NO = ["", "", "", "", "no", "false", "0", "No", "n"]


def settings_toml(days: int, industry: Industry | str = "software") -> str:
    """``ambassador.toml`` for the sample (only keys the settings model knows), including the
    column mapping of the sample's intranet CSV export."""
    from ambassador.sample.intranet_csv import mapping_toml

    ind = get_industry(industry)
    q = lambda xs: "[" + ", ".join(f'"{x}"' for x in xs) + "]"  # noqa: E731
    return (
        "# Settings for the generated sample company (see DESIGN.md).\n"
        "[organization]\n"
        f'name = "{ind.company_name}"\n'
        f"brand_handles = {q(ind.brand_handles)}\n"
        f"brand_hashtags = {q(ind.hashtags)}\n"
        f"brand_domains = {q([ind.domain])}\n"
        'values_file = "culture/values.md"\n'
        'exemplars_file = "culture/exemplars.csv"\n'
        "\n[shortlist]\n"
        "size = 15\n"
        f'exclude_departments = ["{ind.excluded_department}"]\n'
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
            p.left_on.isoformat() if p.left_on else "",
        ])
    for s in company.service_accounts:  # bots listed like people, after them
        rows.append([s.employee_id, s.full_name, s.email, s.department, s.title, s.manager_id, s.location,
                     s.hire_date.isoformat(), "", "", "", "", "", ""])
    return _csv(rows)


def exemplars_csv(company: Company | None = None, languages: Sequence[str] = ("en",)) -> bytes:
    """``culture/exemplars.csv``: the on-culture examples of every language in ``languages``,
    mixed (one from each language in turn), in one file."""
    ind = company.industry if company is not None else get_industry("software")
    lists = [ind.exemplars(lang) for lang in dict.fromkeys(languages)]
    rows = [lst[k] for k in range(max(map(len, lists), default=0)) for lst in lists if k < len(lst)]
    return _csv([["text", "label"]] + [[t, "on_culture"] for t in rows])


def values_files(company: Company, languages: Sequence[str] = ("en",)) -> dict[str, str]:
    """The values statement files: ``values.md`` in English when English is among
    ``languages`` (else in the first of them), ``values.<lang>.md`` for every other."""
    languages = list(dict.fromkeys(languages)) or ["en"]
    main = "en" if "en" in languages else languages[0]
    out = {}
    for lang in [main] + [x for x in languages if x != main]:
        text = company.industry.values_md(lang)
        if text is None:
            raise ValueError(f"no values statement in {lang!r} for the {company.industry.key} company")
        out["values.md" if lang == main else f"values.{lang}.md"] = text
    return out


def truth_csv(company: Company, bot_users: list[tuple[str, str]] = ()) -> bytes:
    """The hidden traits, one row per directory row, then one per Slack actor outside the
    directory (empty ``employee_id``, their Slack user id in ``account_id``).

    ``wrong_kind`` names what makes someone one of the "wrong people" (empty for a fine
    candidate); ``eligible_truth`` is false for the kinds that may never be shortlisted.
    ``bot_users`` are the Slack integrations' bot user ids and names (``write_slack_export``).
    """

    def row(employee_id, archetype, fit, pull, relevance, kind, account_id, language="en"):
        return [employee_id, archetype, f"{fit:.3f}", f"{pull:.3f}", str(relevance), kind,
                "false" if kind in INELIGIBLE_KINDS else "true", account_id, language]

    rows = [TRUTH_COLUMNS]
    for p in company.people:
        rows.append(row(p.employee_id, p.archetype, p.culture_fit, p.social_pull, p.relevance, p.wrong_kind, p.slack_id,
                        p.language))
    for s in company.service_accounts:
        rows.append(row(s.employee_id, "bot", 0.0, 0.0, 0, "bot", s.slack_id))
    for a in company.actors:
        if a.person < 0:
            archetype, kind = OUTSIDE_KINDS[a.kind]
            rows.append(row("", archetype, a.fit, a.pull, 0, kind, a.slack_id, a.language))
    for user_id, _ in bot_users:
        rows.append(row("", "bot", 0.0, 0.0, 0, "bot", user_id))
    return _csv(rows)


def invitations_csv(company: Company) -> bytes:
    """``invitations.csv``: past invitations over the year before the window ends.

    About a dozen (one more per 200 people), outcomes drawn from the hidden relevance (good
    candidates accept more often). Two are fixed so the cooldowns visibly act: the strongest
    candidate was invited 40-150 days before the end (accepted), the next declined 200-330 days
    before it; one recent invitation is still pending (empty outcome).
    """
    rng = random.Random(f"{company.seed}/invitations")
    end = company.end.date()
    pool = [p for p in company.people if p.wrong_kind not in INELIGIBLE_KINDS]
    best = sorted(pool, key=lambda p: (-p.relevance, -p.culture_fit * p.social_pull, p.employee_id))
    rows: list[tuple[date, str, str]] = []
    if best:
        rows.append((end - timedelta(days=rng.randint(40, 150)), best[0].employee_id, "accepted"))
    if len(best) > 1:
        rows.append((end - timedelta(days=rng.randint(200, 330)), best[1].employee_id, "declined"))
    rest = best[2:]
    # weighted sampling without replacement (Efraimidis-Spirakis keys), likelier the better
    keys = [rng.random() ** (1.0 / ((p.relevance + 0.5) * (0.5 + p.social_pull))) for p in rest]
    order = sorted(range(len(rest)), key=lambda i: (-keys[i], i))
    chosen = [rest[i] for i in order[: 11 + len(company.people) // 200]]
    for k, p in enumerate(chosen):
        if k == 0:
            rows.append((end - timedelta(days=rng.randint(3, 20)), p.employee_id, ""))
            continue
        outcome = _outcome(rng, p)
        rows.append((end - timedelta(days=rng.randint(30, 365)), p.employee_id, outcome))
    rows.sort()
    return _csv([INVITATION_COLUMNS] + [[eid, day.isoformat(), outcome] for day, eid, outcome in rows])


def _outcome(rng: random.Random, p: Person) -> str:
    """accepted / declined / no_response, accepting likelier the more relevant."""
    x = rng.random()
    accept = 0.15 + 0.25 * p.relevance
    if x < accept:
        return "accepted"
    return "declined" if x < accept + 0.5 * (1 - accept) else "no_response"


def write_documents(company: Company, out: Path, days: int, values_languages: Sequence[str] = ("en",),
                    exemplar_languages: Sequence[str] = ("en",)) -> None:
    """Settings, directory, culture files (values in ``values_languages``, exemplars in
    ``exemplar_languages``) and the invitation ledger."""
    (out / "directory").mkdir(parents=True, exist_ok=True)
    (out / "culture").mkdir(parents=True, exist_ok=True)
    (out / "ambassador.toml").write_text(settings_toml(days, company.industry), encoding="utf-8", newline="\n")
    (out / "directory" / "employees.csv").write_bytes(directory_csv(company))
    for name, text in values_files(company, values_languages).items():
        (out / "culture" / name).write_text(text, encoding="utf-8", newline="\n")
    (out / "culture" / "exemplars.csv").write_bytes(exemplars_csv(company, exemplar_languages))
    (out / "invitations.csv").write_bytes(invitations_csv(company))
