"""Identity resolution: every account linked to a directory employee, or reported.

One SQL model (``sql/identity/match_accounts.sql``) decides links. Rules, most reliable
first: email (case-insensitive) or one of the employee's other addresses
(``email_aliases``), a handle the directory declares (normalised from any typed form), a
handle the account's own profile declares, and only then the account's display name, scored
here by :func:`name_confidence` and linked only at or above ``[identity]
name_match_threshold`` (default 0.95: names score at most 0.9, so a name alone never links
unless the data owner lowers it). The same model runs at load time (without the name rule:
there, only certain links keep an opted-out employee's posts out of the warehouse) and in the
resolve stage, which also purges the rows of anyone who opted out after their posts were
loaded. ``identity_report`` lists every account with what became of it.

Examples
--------
>>> sorted(name_tokens("Doe, Jane")) == sorted(name_tokens("Jane Doe"))
True
>>> name_confidence("Jane Doe", "jane_doe", "Doe, Jane")
0.9
>>> name_confidence("Jane Doe", None, "Jane Doe"), name_confidence("J. Doe", None, "Jane Doe")
(0.8, 0.4)
>>> name_confidence("Bob Smith", None, "Robert Smith"), name_confidence("Jane", None, "Jane Doe")
(0.4, 0.0)
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import defaultdict

import duckdb

from ambassador.language import LANGUAGE_NAMES, build_language_mix, label_post_languages
from ambassador.recognition import define_recognition_macro
from ambassador.schema import INTERACTION_KINDS, TABLES
from ambassador.warehouse import (
    build_model,
    build_union,
    check_accepted,
    check_not_null,
    check_unique,
    materialize_temp,
    sql_text,
)

RULES = ("email", "email_alias", "declared_handle", "profile_handle", "name")
STATUSES = ("matched", "candidate", "conflict", "unmatched", "excluded", "bot")

# Name scores (see name_confidence). The highest a name can score is NAME_EXACT plus both
# handle bonuses, 0.9: below the default threshold 0.95, so names never link by default.
NAME_EXACT = 0.80  # the same words, in any order ("Doe, Jane" = "Jane Doe")
NAME_PARTIAL = 0.65  # one name's words are all in the other's, surname included (a middle name)
NAME_WEAK = 0.40  # same surname, first name given as an initial or a nickname
NAME_HANDLE_BONUS = 0.05  # each of surname and first name (3+ letters) found in the account's handle
NAME_RIVAL_MARGIN = 0.10  # employees scoring within this of the best make the name ambiguous

# Common English nicknames -> the names they shorten (both directions are tried).
NICKNAMES = {
    "abby": ("abigail",), "al": ("albert", "alan", "alfred"), "alex": ("alexander", "alexandra", "alexis"),
    "andy": ("andrew",), "ben": ("benjamin",), "beth": ("elizabeth",), "bill": ("william",),
    "bob": ("robert",), "chris": ("christopher", "christine", "christina"), "dan": ("daniel",),
    "dave": ("david",), "ed": ("edward",), "greg": ("gregory",), "jen": ("jennifer",), "jenny": ("jennifer",),
    "jim": ("james",), "jimmy": ("james",), "joe": ("joseph",), "jon": ("jonathan",), "josh": ("joshua",),
    "kate": ("katherine", "catherine", "kathryn"), "katie": ("katherine", "catherine"), "kim": ("kimberly",),
    "liz": ("elizabeth",), "maggie": ("margaret",), "matt": ("matthew",), "meg": ("margaret",),
    "mike": ("michael",), "nick": ("nicholas",), "pat": ("patrick", "patricia"), "pete": ("peter",),
    "rick": ("richard",), "rob": ("robert",), "sam": ("samuel", "samantha"), "steve": ("steven", "stephen"),
    "sue": ("susan",), "ted": ("edward", "theodore"), "tom": ("thomas",), "tony": ("anthony",),
    "will": ("william",),
}
_WORD = re.compile(r"[^\W_]+")
_PLATFORM_COLUMN = {"x": "x_handle", "mastodon": "mastodon_handle", "bluesky": "bluesky_handle", "linkedin": "linkedin_url"}


def name_tokens(name: str | None) -> list[str]:
    """The words of a name: accents removed, case folded, punctuation dropped, in order.

    >>> name_tokens("  José  O'Brien-Núñez ")
    ['jose', 'o', 'brien', 'nunez']
    """
    if not name:
        return []
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _WORD.findall(text)


def _name_parts(full_name: str) -> tuple[str | None, str | None]:
    """(first name, surname) of a directory name: ``"Doe, Jane"`` or ``"Jane Q. Doe"``."""
    if "," in full_name:
        last, _, first = full_name.partition(",")
        last_t, first_t = name_tokens(last), name_tokens(first)
        return (first_t[0] if first_t else None), (last_t[-1] if last_t else None)
    tokens = name_tokens(full_name)
    return (tokens[0] if len(tokens) > 1 else None), (tokens[-1] if tokens else None)


def _same_first_name(a: str, b: str) -> bool:
    """An initial of the other, or a nickname of it."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return b in NICKNAMES.get(a, ()) or a in NICKNAMES.get(b, ())


def name_confidence(display_name: str | None, handle: str | None, full_name: str | None) -> float:
    """How confident a display name is the directory name ``full_name``, in [0, 1]; 0 when not a match.

    Both names need two words or more. The same words in any order score ``NAME_EXACT``;
    all the words of one in the other, the surname included, ``NAME_PARTIAL``; the surname
    with the first name as an initial or a nickname (``J. Doe``, ``Bob`` for ``Robert``),
    ``NAME_WEAK``. A handle containing the surname, then the first name, adds
    ``NAME_HANDLE_BONUS`` each. Whether the name is shared by several employees is decided
    across the directory (:func:`name_candidates`), not here.
    """
    account, employee = name_tokens(display_name), name_tokens(full_name)
    if len(account) < 2 or len(employee) < 2:
        return 0.0
    first, surname = _name_parts(full_name or "")
    if sorted(account) == sorted(employee):
        score = NAME_EXACT
    elif surname in account and (set(account) <= set(employee) or set(employee) <= set(account)):
        score = NAME_PARTIAL
    elif surname in account and first and any(_same_first_name(t, first) for t in account if t != surname):
        score = NAME_WEAK
    else:
        return 0.0
    local = "".join(name_tokens((handle or "").split("@")[0]))
    for part in (surname, first):
        if part and len(part) >= 3 and part in local:
            score += NAME_HANDLE_BONUS
    return round(min(score, 1.0), 4)


def name_candidates(accounts, people) -> list[tuple[str, str, str, float]]:
    """Employees whose name an account carries: ``(platform, account_id, employee_id, confidence)``.

    ``accounts`` are ``(platform, account_id, display_name, handle)``, ``people`` are
    ``(employee_id, full_name)`` (all employees, opted-out ones included: a name shared with
    one of them is still shared). Per account, the best-scoring employee is returned; when
    others score within ``NAME_RIVAL_MARGIN`` of it, each of them is returned with the best
    score divided by their number, and the SQL model links none of them (ambiguous).

    >>> people = [("E1", "Jane Doe"), ("E2", "Jane Doe"), ("E3", "Ravi Patel")]
    >>> name_candidates([("x", "1", "Jane Doe", None), ("x", "2", "Patel, Ravi", "rpatel")], people)
    [('x', '1', 'E1', 0.4), ('x', '1', 'E2', 0.4), ('x', '2', 'E3', 0.85)]
    """
    by_word: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for employee_id, full_name in people:
        for word in set(name_tokens(full_name)):
            by_word[word].append((employee_id, full_name))
    out = []
    for platform, account_id, display_name, handle in accounts:
        words = set(name_tokens(display_name))
        if len(words) < 2:
            continue
        seen = {p for w in sorted(words) for p in by_word.get(w, ())}
        scored = sorted(
            ((name_confidence(display_name, handle, name), eid) for eid, name in seen), key=lambda s: (-s[0], s[1])
        )
        scored = [s for s in scored if s[0] > 0]
        if not scored:
            continue
        best = scored[0][0]
        rivals = [eid for score, eid in scored if score >= best - NAME_RIVAL_MARGIN - 1e-9]
        confidence = round(best / len(rivals), 4)
        out.extend((platform, account_id, eid, confidence) for eid in sorted(rivals))
    return out


def _stage_name_candidates(con: duckdb.DuckDBPyConnection, enabled: bool) -> None:
    """Fill ``_name_candidates`` for the staged accounts (empty when name matching is off)."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _name_candidates
           (platform VARCHAR, account_id VARCHAR, employee_id VARCHAR, confidence DOUBLE)"""
    )
    if not enabled:
        return
    # Bots and guests are never a directory employee; an intranet account with an email is
    # the company's own account, and its email (or alias) is the only reliable link.
    accounts = con.execute(
        """SELECT platform, account_id, display_name, handle FROM _accounts_to_match
           WHERE display_name IS NOT NULL AND NOT coalesce(is_bot, false) AND NOT coalesce(is_guest, false)
             AND NOT (is_intranet(platform) AND coalesce(email, '') <> '')
           ORDER BY platform, account_id"""
    ).fetchall()
    people = con.execute("SELECT employee_id, full_name FROM stg_people WHERE full_name IS NOT NULL ORDER BY 1").fetchall()
    rows = name_candidates(accounts, people)
    if rows:
        platforms, account_ids, employee_ids, confidences = (list(col) for col in zip(*rows))
        con.execute(
            "INSERT INTO _name_candidates SELECT unnest($p), unnest($a), unnest($e), unnest($c::DOUBLE[])",
            {"p": platforms, "a": account_ids, "e": employee_ids, "c": confidences},
        )


def stage_accounts(con: duckdb.DuckDBPyConnection, accounts_sql: str, params: dict | None = None, identity=None) -> None:
    """Put the accounts a query returns behind the ``identity_matches`` table.

    ``identity_matches`` (``sql/identity/match_accounts.sql``) then yields
    ``(platform, account_id, employee_id, rule, claimants, claimed_by, confidence,
    candidate_id)``: ``employee_id`` is the linked employee, NULL for a conflict or a name
    below the threshold; ``candidate_id`` the one employee the best rule points at (linked
    or not). ``identity`` is the ``[identity]`` settings section; without it (load time) the
    name rule is off.
    """
    columns = ", ".join(f"NULL::{c.type} AS {c.name}" for c in TABLES["stg_accounts"].columns)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _accounts_to_match AS
            SELECT * FROM (SELECT {columns} WHERE false) UNION ALL BY NAME ({accounts_sql})""",
        params or None,
    )
    by_name = identity is not None and identity.name_matching
    _stage_name_candidates(con, by_name)
    threshold = identity.name_match_threshold if by_name else 2.0  # 2.0: nothing reaches it
    text = sql_text("identity", "match_accounts").strip().rstrip(";")
    con.execute(f"CREATE OR REPLACE TEMP TABLE identity_matches AS {text}", {"name_threshold": threshold})


def opted_out_accounts(con: duckdb.DuckDBPyConnection, accounts_model: str, sha: str | None, identity=None) -> list[str]:
    """Account ids of ``sql/stg/<accounts_model>.sql`` (one export, or all when ``sha`` is None)
    that belong to employees who opted out (linked by any rule; by name only when ``identity``
    settings are given and the name reaches their threshold)."""
    stage_accounts(con, sql_text("stg", accounts_model).strip().rstrip(";"), {"sha": sha}, identity)
    rows = con.execute(
        """SELECT DISTINCT m.account_id FROM identity_matches m
           JOIN stg_people p ON p.employee_id = m.employee_id
           WHERE p.opt_out ORDER BY 1"""
    ).fetchall()
    return [r[0] for r in rows]


def purge_opted_out(con: duckdb.DuckDBPyConnection, identity=None) -> int:
    """Delete stored rows authored by accounts of employees who opted out; return rows deleted.

    With the ``[identity]`` settings, an account linked by name (at or above the threshold)
    to an opted-out employee is purged too."""
    from ambassador.sources import SOURCES

    deleted = 0
    for source in SOURCES:
        ids = opted_out_accounts(con, source.stg_models["stg_accounts"], None, identity)
        if not ids:
            continue
        for table, column in source.author_columns.items():
            n = con.execute(f"SELECT count(*) FROM {table} WHERE {column} IN (SELECT unnest($ids))", {"ids": ids}).fetchall()[0][0]
            con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest($ids))", {"ids": ids})
            deleted += n
    return deleted


def resolve(con: duckdb.DuckDBPyConnection, ctx) -> dict:
    """The resolve stage: canonical tables (each post's language in ``stg_posts.lang``), identity
    links, the identity report and the language mix (``marts_languages``)."""
    from ambassador.directory import build_people
    from ambassador.sources import SOURCES

    started = time.perf_counter()
    # thanks in the settings' languages too (the stg_interactions models ask is_recognition)
    define_recognition_macro(con, ctx.settings.recognition.words)
    people = build_people(con)
    identity = ctx.settings.identity
    purged = purge_opted_out(con, identity)
    params = {"sha": None, **ctx.params}
    counts = {"people": people, "purged_opted_out_rows": purged}
    for source in SOURCES:
        for model in source.current_models:
            materialize_temp(con, "stg", model, params)
    for table in ("stg_accounts", "stg_posts", "stg_interactions"):
        models = [s.stg_models[table] for s in SOURCES if table in s.stg_models]
        counts[table] = build_union(con, table, "stg", models, params)
        if table == "stg_posts":
            label_post_languages(con)
    stage_accounts(con, "SELECT * FROM stg_accounts", identity=identity)
    counts["stg_identity"] = build_model(con, "stg", "stg_identity")
    build_model(con, "stg", "identity_report")
    for status, n in con.execute("SELECT status, count(*) FROM identity_report GROUP BY 1 ORDER BY 1").fetchall():
        counts[f"accounts_{status}"] = n
    build_language_mix(con, ctx.params, ctx.settings.recognition.words)
    counts["languages"] = con.execute("SELECT count(*) FROM marts_languages WHERE lang <> 'und'").fetchall()[0][0]
    _check(con)
    counts["seconds"] = round(time.perf_counter() - started, 2)
    return counts


def _check(con: duckdb.DuckDBPyConnection) -> None:
    check_unique(con, "stg_accounts", "platform", "account_id")
    check_unique(con, "stg_posts", "post_id")
    check_not_null(con, "stg_posts", "post_id", "platform", "account_id", "created_at", "kind")
    check_accepted(con, "stg_posts", "kind", ("post", "reply", "reshare", "quote", "system"))
    check_accepted(con, "stg_posts", "lang", tuple(LANGUAGE_NAMES))
    check_not_null(con, "stg_interactions", "kind", "src_account_id", "dst_account_id", "created_at")
    check_accepted(con, "stg_interactions", "kind", INTERACTION_KINDS)
    check_unique(con, "stg_identity", "platform", "account_id")
    check_not_null(con, "stg_identity", "employee_id", "rule", "confidence")
    check_accepted(con, "stg_identity", "rule", RULES)
    check_unique(con, "identity_report", "platform", "account_id")
    check_accepted(con, "identity_report", "status", STATUSES)
    check_unique(con, "marts_languages", "lang")
    check_not_null(con, "marts_languages", "lang", "language", "posts", "people")
    check_accepted(con, "marts_languages", "recognition_by", ("built-in", "settings", "none"))


# ---- the identity report for the data owner (``ambassador identity``) -----------------------

_NEXT_STEPS = {
    "candidate": (
        "{n} account(s) carry an employee's name but nothing else links them (status candidate, with "
        "the employee and a confidence): if one is theirs, add it to the directory's handle column "
        "(x_handle, mastodon_handle, bluesky_handle, linkedin_url) or email_aliases to link it"
    ),
    "conflict": (
        "{n} account(s) are claimed by two or more employees (claimed_by): correct those directory "
        "rows so each address or handle belongs to one employee"
    ),
    "unmatched": (
        "{n} unmatched account(s) have posts: if they are employees', add the handle to the directory's "
        "x_handle, mastodon_handle, bluesky_handle or linkedin_url column (any typed form), or the "
        "address to email_aliases"
    ),
}


def identity_summary(con: duckdb.DuckDBPyConnection) -> dict:
    """Counts of ``identity_report`` per platform.

    Returns
    -------
    dict
        ``platforms``: ``{platform: {"matched": {rule: n}, "candidate": n, "conflict": n,
        "unmatched": n, "unmatched_active": n, "excluded": n, "bot": n}}``, sorted by platform;
        ``totals``: the same counts over all platforms (``matched`` summed over rules).
    """
    rows = con.execute(
        """SELECT platform, status, coalesce(rule, ''), count(*), count(*) FILTER (WHERE posts > 0)
           FROM identity_report GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    platforms: dict[str, dict] = {}
    totals = dict.fromkeys(("matched", "unmatched_active", *STATUSES[1:]), 0)
    for platform, status, rule, n, active in rows:
        entry = platforms.setdefault(platform, {"matched": {}, **dict.fromkeys(("unmatched_active", *STATUSES[1:]), 0)})
        if status == "matched":
            entry["matched"][rule] = entry["matched"].get(rule, 0) + n
        else:
            entry[status] += n
        if status == "unmatched":
            entry["unmatched_active"] += active
            totals["unmatched_active"] += active
        totals[status] += n
    return {"platforms": platforms, "totals": totals}


def format_identity_summary(summary: dict) -> list[str]:
    """Lines for the console: one per platform, then what to do next."""
    if not summary["platforms"]:
        return ["No accounts in the warehouse yet: run `ambassador run --data-dir DIR` first."]
    lines = ["platform      matched (by rule)                              candidate  conflict  unmatched (with posts)  excluded  bot"]
    for platform, c in summary["platforms"].items():
        by_rule = ", ".join(f"{r} {n}" for r, n in sorted(c["matched"].items(), key=lambda rn: RULES.index(rn[0]))) or "0"
        unmatched = f"{c['unmatched']} ({c['unmatched_active']})"
        lines.append(
            f"{platform:<13} {by_rule:<46} {c['candidate']:>9}  {c['conflict']:>8}  {unmatched:>22}  {c['excluded']:>8}  {c['bot']:>3}"
        )
    t = summary["totals"]
    todo = [
        _NEXT_STEPS[key].format(n=n)
        for key, n in (("conflict", t["conflict"]), ("candidate", t["candidate"]), ("unmatched", t["unmatched_active"]))
        if n
    ]
    if todo:
        lines.append("Next:")
        lines.extend(f"  - {step}" for step in todo)
        lines.append("  then run `ambassador run` again to apply the directory changes.")
    else:
        lines.append("Nothing to fix: every active account is linked or explained.")
    return lines


def write_identity_report(con: duckdb.DuckDBPyConnection, path) -> int:
    """Write ``identity_report`` as CSV (spreadsheet-safe cells, most active first); return rows."""
    import csv
    from pathlib import Path

    from ambassador.schema import column_names
    from ambassador.shortlist import safe_cell

    columns = column_names("identity_report")
    rows = con.execute(
        f"SELECT {', '.join(columns)} FROM identity_report ORDER BY platform, status, posts DESC, account_id"
    ).fetchall()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows([safe_cell(v) for v in row] for row in rows)
    tmp.replace(path)
    return len(rows)
