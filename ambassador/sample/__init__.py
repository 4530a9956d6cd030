"""A deterministic, fictional company to run ambassador on: ``write_sample(out)``.

The generator writes a complete data folder (see DESIGN.md) for "Northwind Lighthouse": an HR
directory, a values statement and exemplars, a Slack workspace export, a Viva Engage network
export (two departments still on communities), Teams channel messages as Microsoft Graph returns
them, a Discourse knowledge forum (API JSON and user archives), an IGLOO-style intranet CSV export,
X archives, Mastodon archives and REST status pages, Bluesky getAuthorFeed pages and LinkedIn
member exports, matching the real or documented formats field for field, with the quirks parsers
must survive.
``industry="hospital"`` writes the same exports for St. Brigid's Regional Hospital instead;
``languages`` has a share of people write every post in Hebrew, Spanish or German (same company,
other words), and the values statement and exemplars can come in several languages.
It also writes ``invitations.csv``, a ledger of past invitations whose outcomes follow the
hidden relevance. Hidden traits (archetype, culture fit, social pull, relevance, what makes
someone one of the "wrong people" and whether they may be shortlisted at all) can be written
to a separate truth file for evaluating the ranking; they never go inside the data folder.

Same arguments, same bytes: every random draw comes from a ``random.Random`` seeded with the
sample seed and a fixed label, zips have fixed timestamps and sorted entries, and nothing
iterates over a set. Day files are streamed, so ``people=50000, days=180`` runs in bounded
memory.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     summary = write_sample(Path(tmp) / "s", people=24, days=14)
>>> summary["employees"], summary["x_archives"] > 0
(24, True)
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from ambassador.sample.bluesky import write_bluesky_feeds
from ambassador.sample.company import build_company, check_languages, get_industry
from ambassador.sample.discourse import write_discourse_export
from ambassador.sample.documents import truth_csv, values_files, write_documents
from ambassador.sample.intranet_csv import write_intranet_csv
from ambassador.sample.linkedin import write_linkedin_exports
from ambassador.sample.listening import write_listening
from ambassador.sample.mastodon import write_mastodon_archives
from ambassador.sample.slack import write_slack_export
from ambassador.sample.teams import write_teams_export
from ambassador.sample.viva_engage import write_viva_engage_export
from ambassador.sample.x_archive import write_x_archives

__all__ = ["COMMITTED_SAMPLE", "SOURCE_FOLDERS", "write_sample"]

# The arguments beyond the defaults that ``make sample`` gives ``ambassador sample`` for the
# committed data/sample/ (a few Hebrew, Spanish and German writers; values in English and
# Hebrew): the Makefile spells them out, tests/test_sample.py checks the two agree.
COMMITTED_SAMPLE = {"languages": {"he": 0.08, "es": 0.05, "de": 0.05}, "values_languages": ("en", "he"),
                    "exemplar_languages": ("en", "he")}
SOURCE_FOLDERS = ("slack", "x", "viva_engage", "teams", "discourse", "intranet_csv", "mastodon", "bluesky", "linkedin",
                  "listening")


def write_sample(out: Path, people: int = 120, days: int = 90, seed: int = 7, end: date = date(2026, 11, 1),
                 truth_file: Path | None = None, languages: Mapping[str, float] | None = None,
                 values_languages: Sequence[str] = ("en",), exemplar_languages: Sequence[str] = ("en",),
                 industry: str = "software") -> dict:
    """Write a sample data folder and return a summary of what it holds.

    Parameters
    ----------
    out
        The data folder to create. It must not exist yet or be empty.
    people
        Employees in the directory (at least 12).
    days
        Length of the activity window; every public message and tweet falls in
        ``[end - days, end)`` (UTC).
    seed
        Seed for every random draw; the same arguments give byte-identical output.
    end
        End of the window (midnight UTC starting this date is excluded).
    truth_file
        Where to write the hidden traits as CSV (``employee_id, archetype, culture_fit,
        social_pull, relevance, wrong_kind, eligible_truth, account_id, language``: one row per
        directory row, then one per Slack actor outside the directory with an empty
        ``employee_id``); must lie outside ``out``.
    languages
        Share of people who write every post in another language, e.g. ``{"he": 0.3, "es":
        0.1}`` (the rest write English). The same seed gives the same company whatever the
        languages: same people, archetypes, posting times, replies, reactions and mentions;
        only the words, and the names of the people switched, change.
    values_languages
        Languages of the values statement: ``culture/values.md`` in English when "en" is
        listed (else in the first language listed), ``culture/values.<lang>.md`` for the others.
    exemplar_languages
        Languages whose on-culture examples ``culture/exemplars.csv`` holds (one file, mixed).
    industry
        "software" (Northwind Lighthouse, the default) or "hospital".

    Returns
    -------
    dict
        Counts (employees, opted out, channels, messages, X archives, tweets ...) and sizes in bytes.
    """
    out = Path(out)
    if days < 1:
        raise ValueError("days must be at least 1")
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; remove it first")
    if truth_file is not None:
        truth_file = Path(truth_file)
        if truth_file.resolve().is_relative_to(out.resolve()):
            raise ValueError("truth_file must not be inside the data folder")
    ind = get_industry(industry)
    check_languages(dict(languages or {}), ind.pack)
    company = build_company(people, days, seed, end, languages=dict(languages or {}), industry=ind)
    values_files(company, values_languages)  # refuse a language without a values statement before writing
    for lang in exemplar_languages:
        if not ind.exemplars(lang):
            raise ValueError(f"no exemplars in {lang!r} for the {ind.key} company")
    out.mkdir(parents=True, exist_ok=True)
    write_documents(company, out, days, values_languages, exemplar_languages)
    (out / "slack").mkdir()
    slack = write_slack_export(company, out / "slack" / f"{ind.slug}-slack-export.zip")
    x = write_x_archives(company, out / "x")
    viva = write_viva_engage_export(company, out / "viva_engage")
    teams = write_teams_export(company, out / "teams")
    discourse = write_discourse_export(company, out / "discourse")
    intranet = write_intranet_csv(company, out / "intranet_csv")
    mastodon = write_mastodon_archives(company, out / "mastodon")
    bluesky = write_bluesky_feeds(company, out / "bluesky")
    linkedin = write_linkedin_exports(company, out / "linkedin")
    listening = write_listening(company, out / "listening")
    if truth_file is not None:
        truth_file.parent.mkdir(parents=True, exist_ok=True)
        truth_file.write_bytes(truth_csv(company, slack["bot_users"]))
    sizes = {name: _size(out / name) for name in SOURCE_FOLDERS}
    sizes["total"] = _size(out)
    ppl = company.people
    return {
        "out": str(out),
        "employees": len(ppl),
        "opted_out": sum(p.opt_out for p in ppl),
        "communications": sum(p.department == ind.excluded_department for p in ppl),
        "archetypes": {a: sum(p.archetype == a for p in ppl) for a in sorted({p.archetype for p in ppl})},
        "languages": {lang: sum(p.language == lang for p in ppl) for lang in sorted({p.language for p in ppl})},
        "industry": ind.key,
        "guest_contractors": sum(bool(p.guest) for p in ppl),
        "departed_listed": sum(p.left_on is not None for p in ppl),
        "service_accounts": len(company.service_accounts),
        "directory_rows": len(ppl) + len(company.service_accounts),
        "invitations": (out / "invitations.csv").read_text(encoding="utf-8").count("\n") - 1,
        "slack_users": slack["users"],
        "slack_channels": slack["channels"],
        "slack_private_conversations": slack["private_channels"] + slack["dms"] + slack["mpims"],
        "slack_messages": slack["messages"],
        "slack_threads": slack["threads"],
        "slack_replies": slack["replies"],
        "slack_private_messages": slack["private_messages"],
        "slack_day_files": slack["day_files"],
        "x_archives": x["archives"],
        "x_archive_zips": x["zips"],
        "x_archive_folders": x["folders"],
        "tweets": x["tweets"],
        "deleted_tweets": x["deleted_tweets"],
        "viva_engage_messages": viva["messages"],
        "teams_messages": teams["messages"],
        "discourse_posts": discourse["posts"],
        "discourse_archives": discourse["archives"],
        "intranet_csv_rows": sum(intranet[k]["rows"] for k in ("posts", "comments", "reactions")),
        "mastodon_archives": mastodon["archives"],
        "mastodon_rest_exports": mastodon["rest_exports"],
        "mastodon_statuses": mastodon["statuses"],
        "bluesky_feeds": bluesky["feeds"],
        "bluesky_entries": bluesky["entries"],
        "linkedin_exports": linkedin["linkedin_exports"],
        "linkedin_public_shares": linkedin["linkedin_public_shares"],
        "linkedin_page_reshares": linkedin["linkedin_page_reshares"],
        "listening_rows": listening["brandwatch_rows"] + listening["meltwater_rows"],
        "bytes": sizes,
    }


def _size(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total
