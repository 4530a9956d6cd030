"""The shortlist CSV comms leads receive (columns fixed by DESIGN.md), and the rules that pick it.

The eligible people of ``marts_person_scores`` are taken in rank order (:func:`select_shortlist`),
skipping anyone resting after an invitation (``[invitations]`` cooldowns, from the ledger) and
anyone who would take their department or location over its cap (``[shortlist]`` shares). No
rule is relaxed to fill the list: when the pool runs out, the list is shorter and the publish
summary says why. Each name carries its eligible rank at the last run and a status
(:func:`movement`); ``score_history`` keeps every run's ranks for that.

Cells are made safe for spreadsheets: any text cell starting with ``= + - @``, tab, CR or
LF gets a leading apostrophe (OWASP's advice), and control characters are removed.
"""

from __future__ import annotations

import csv
import math
import os
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from ambassador.invitations import SOURCE as LEDGER_SOURCE
from ambassador.schema import SHORTLIST_COLUMNS, SHORTLIST_STATUSES, column_names
from ambassador.settings import Settings
from ambassador.warehouse import check_accepted, check_unique, registered, replace_rows, transaction

# Why an eligible person ranked above the list's end was passed over, in the order the rules apply.
SKIP_REASONS = ("declined", "cooldown", "department_cap", "location_cap")
SKIP_LABELS = {
    "declined": "declined an invitation within [invitations] declined_cooldown_days",
    "cooldown": "invited within [invitations] cooldown_days",
    "department_cap": "their department was at [shortlist] max_share_per_department",
    "location_cap": "their location was at [shortlist] max_share_per_location",
}

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_CONTROL = {c: None for c in range(32) if chr(c) not in "\t\r\n"}


def safe_cell(value: object) -> str:
    """Render one value for the CSV so no spreadsheet reads it as a formula.

    >>> safe_cell("=HYPERLINK('http://x')")
    "'=HYPERLINK('http://x')"
    >>> safe_cell("@SUM(A1)"), safe_cell(0.5), safe_cell(None), safe_cell("Ana")
    ("'@SUM(A1)", '0.5', '', 'Ana')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else ""
    text = str(value).translate(_CONTROL)
    return "'" + text if text.startswith(_TRIGGERS) else text


def write_shortlist(rows: list[tuple], path: Path) -> Path:
    """Write the rows (in SHORTLIST_COLUMNS order) atomically to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(SHORTLIST_COLUMNS)
        for row in rows:
            writer.writerow([safe_cell(v) for v in row])
    os.replace(tmp, path)
    return path


def cap_count(share: float, size: int) -> int:
    """Most people of one group on a list of ``size``: ``max(1, ceil(share x size))``.

    >>> cap_count(0.3, 10), cap_count(0.3, 25), cap_count(0.01, 5), cap_count(1.0, 7)
    (3, 8, 1, 7)
    """
    return max(1, math.ceil(round(share * size, 9)))  # round: 0.3 x 10 is 3.0000000000000004


def resting(ledger: pd.DataFrame, as_of: date, cooldown_days: int, declined_cooldown_days: int) -> dict[str, str]:
    """Who may not be suggested on ``as_of`` after an invitation, and why.

    Only rows with ``invited_at <= as_of`` count. Someone invited fewer than ``cooldown_days``
    days before ``as_of`` rests (``cooldown``), whatever the outcome, pending included; someone
    whose latest decline is fewer than ``declined_cooldown_days`` days old rests
    (``declined``, named first when both apply). Day ``cooldown_days`` itself is free again.

    Parameters
    ----------
    ledger
        Columns ``employee_id``, ``invited_at`` (date), ``outcome`` (None while pending).

    Returns
    -------
    dict
        employee_id -> ``"declined"`` or ``"cooldown"``.

    Examples
    --------
    >>> ledger = pd.DataFrame({"employee_id": ["A", "B", "C", "D"],
    ...     "invited_at": [date(2026, 1, 1), date(2025, 6, 1), date(2026, 3, 1), date(2025, 9, 1)],
    ...     "outcome": ["accepted", "declined", None, "declined"]})
    >>> resting(ledger, date(2026, 2, 1), cooldown_days=180, declined_cooldown_days=365)
    {'A': 'cooldown', 'B': 'declined', 'D': 'declined'}
    """
    if ledger.empty:
        return {}
    invited = pd.to_datetime(ledger["invited_at"])
    days = (pd.Timestamp(as_of) - invited).dt.days
    past = days >= 0
    ids = ledger["employee_id"].astype(object)
    declined = past & (ledger["outcome"].astype(object) == "declined") & (days < declined_cooldown_days)
    recent = past & (days < cooldown_days)
    out = {e: "cooldown" for e in ids[recent]}
    out.update({e: "declined" for e in ids[declined]})
    return dict(sorted(out.items()))


def _group(value: object) -> str | None:
    """A department or location compared case- and space-insensitively; blank: no group (no cap)."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    text = " ".join(str(value).split()).casefold()
    return text or None


def select_shortlist(
    ranked: pd.DataFrame, ledger: pd.DataFrame, as_of: date, settings: Settings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pick the shortlist: greedy in rank order, skipping resting people and full groups.

    Nobody resting after an invitation (:func:`resting`) is taken, and no department or
    location gets more than :func:`cap_count` of ``shortlist.size`` places (people without a
    department or location are not capped on it). No rule is relaxed to fill the list.

    Parameters
    ----------
    ranked
        Eligible people, best first: ``employee_id``, ``rank`` (eligible rank), ``department``,
        ``location``, and any other columns (kept).
    ledger
        The invitation ledger (``employee_id, invited_at, outcome``).
    as_of
        The run's day.
    settings
        Reads ``shortlist.size``, ``shortlist.max_share_per_*`` and ``invitations.*``.

    Returns
    -------
    chosen, skipped
        ``chosen``: the picked rows in order, ``rank`` renumbered 1..N and the eligible rank kept
        as ``eligible_rank``. ``skipped``: ``employee_id, eligible_rank, reason`` (one of
        :data:`SKIP_REASONS`) for each person passed over before the list was full.

    Examples
    --------
    >>> ranked = pd.DataFrame({"employee_id": ["A", "B", "C", "D"], "rank": [1, 2, 3, 4],
    ...     "department": ["Eng", "eng ", "Eng", "Ops"], "location": ["Oslo", "Lima", "Oslo", "Oslo"]})
    >>> ledger = pd.DataFrame({"employee_id": ["A"], "invited_at": [date(2026, 5, 1)], "outcome": [None]})
    >>> s = Settings(shortlist={"size": 3, "max_share_per_department": 0.5}, invitations={"cooldown_days": 30})
    >>> chosen, skipped = select_shortlist(ranked, ledger, date(2026, 5, 20), s)
    >>> chosen[["rank", "employee_id", "eligible_rank"]].values.tolist()
    [[1, 'B', 2], [2, 'C', 3], [3, 'D', 4]]
    >>> skipped.values.tolist()
    [['A', 1, 'cooldown']]
    """
    size = settings.shortlist.size
    caps = {
        "department": cap_count(settings.shortlist.max_share_per_department, size),
        "location": cap_count(settings.shortlist.max_share_per_location, size),
    }
    rest = resting(ledger, as_of, settings.invitations.cooldown_days, settings.invitations.declined_cooldown_days)
    taken: dict[str, dict[str, int]] = {"department": {}, "location": {}}
    picked: list[int] = []
    skipped: list[tuple[str, int, str]] = []
    for i, row in enumerate(ranked[["employee_id", "rank", "department", "location"]].itertuples(index=False)):
        if len(picked) == size:
            break
        reason = rest.get(row.employee_id)
        groups = {kind: _group(getattr(row, kind)) for kind in caps}
        if reason is None:
            for kind, group in groups.items():
                if group is not None and taken[kind].get(group, 0) >= caps[kind]:
                    reason = f"{kind}_cap"
                    break
        if reason is not None:
            skipped.append((row.employee_id, int(row.rank), reason))
            continue
        picked.append(i)
        for kind, group in groups.items():
            if group is not None:
                taken[kind][group] = taken[kind].get(group, 0) + 1
    chosen = ranked.iloc[picked].reset_index(drop=True).rename(columns={"rank": "eligible_rank"})
    chosen.insert(0, "rank", range(1, len(chosen) + 1))
    return chosen, pd.DataFrame(skipped, columns=["employee_id", "eligible_rank", "reason"])


def movement(eligible_rank: int, previous_rank: int | None, was_shortlisted: bool, rising_min_places: int) -> str:
    """A shortlisted person's status against the last run.

    ``new``: not on the last run's shortlist (or no last run); ``rising``: on it, and their
    eligible rank improved by at least ``rising_min_places``; ``falling``: on it, and it worsened
    by at least that much; ``steady`` otherwise.

    >>> [movement(2, 9, True, 3), movement(5, 4, True, 3), movement(9, 2, True, 3), movement(1, 1, False, 3)]
    ['rising', 'steady', 'falling', 'new']
    """
    if not was_shortlisted or previous_rank is None:
        return "new"
    if previous_rank - eligible_rank >= rising_min_places:
        return "rising"
    if eligible_rank - previous_rank >= rising_min_places:
        return "falling"
    return "steady"


def shortfall(size: int, chosen: int, eligible: int, skipped: dict[str, int]) -> str | None:
    """Why the list is shorter than ``size``, in plain words (None when it is full).

    >>> shortfall(10, 7, 12, {"cooldown": 3, "department_cap": 2})
    '3 short of 10: only 12 eligible people, and 3 invited within [invitations] cooldown_days, 2 their department was at [shortlist] max_share_per_department'
    """
    if chosen >= size:
        return None
    why = ", ".join(f"{n} {SKIP_LABELS[r]}" for r, n in skipped.items() if n)
    return f"{size - chosen} short of {size}: only {eligible} eligible people" + (f", and {why}" if why else "")


def describe_publish(summary: dict) -> list[str]:
    """Plain lines on what shaped the list, for the run report: only what is not zero.

    A shorter list's reason already counts who was passed over by each rule; a full list names
    them on a line of their own.

    >>> describe_publish({"rows": 15, "size": 15, "short_by": 0, "short_reason": None,
    ...     "skipped": {"declined": 1, "cooldown": 4, "department_cap": 2, "location_cap": 0},
    ...     "ledger": {"rows": 30, "quarantined": 2, "unknown_ids": 1}, "previous_as_of": "2026-10-01",
    ...     "status": {"new": 5, "rising": 2, "steady": 8, "falling": 0}})  # doctest: +NORMALIZE_WHITESPACE
    ['passed over: 1 declined within declined_cooldown_days, 4 invited within cooldown_days, 2 over the department cap',
     'invitation ledger: 30 rows; 2 quarantined (see the quarantine table); 1 id not in the directory',
     'since the run as of 2026-10-01: 5 new, 2 rising, 8 steady']
    >>> describe_publish({"rows": 3, "size": 5, "short_reason": "2 short of 5: only 3 eligible people", "skipped": {}})
    ['shorter list: 2 short of 5: only 3 eligible people']
    """
    lines = []
    if summary.get("short_reason"):
        lines.append(f"shorter list: {summary['short_reason']}")
    labels = {"declined": "declined within declined_cooldown_days", "cooldown": "invited within cooldown_days",
              "department_cap": "over the department cap", "location_cap": "over the location cap"}
    skipped = [f"{n} {labels[r]}" for r, n in (summary.get("skipped") or {}).items() if n]
    if skipped and not summary.get("short_reason"):
        lines.append("passed over: " + ", ".join(skipped))
    ledger = summary.get("ledger") or {}
    if ledger.get("rows") or ledger.get("quarantined"):
        parts = [f"{ledger.get('rows', 0)} rows"]
        if ledger.get("quarantined"):
            parts.append(f"{ledger['quarantined']} quarantined (see the quarantine table)")
        if ledger.get("unknown_ids"):
            n = ledger["unknown_ids"]
            parts.append(f"{n} {'id' if n == 1 else 'ids'} not in the directory")
        lines.append("invitation ledger: " + "; ".join(parts))
    if summary.get("previous_as_of"):
        moves = ", ".join(f"{n} {s}" for s, n in (summary.get("status") or {}).items() if n)
        lines.append(f"since the run as of {summary['previous_as_of']}: {moves or 'nobody listed'}")
    return lines


def _previous_run(con: duckdb.DuckDBPyConnection, as_of: date) -> tuple[date | None, dict[str, tuple[int, bool]]]:
    """The latest as_of in score_history strictly before ``as_of``, and each person's rank and
    shortlisted flag then."""
    [(last,)] = con.execute("SELECT max(as_of) FROM score_history WHERE as_of < $a", {"a": as_of}).fetchall()
    if last is None:
        return None, {}
    rows = con.execute(
        "SELECT employee_id, rank, shortlisted FROM score_history WHERE as_of = $a", {"a": last}
    ).fetchall()
    return last, {e: (int(r), bool(s)) for e, r, s in rows}


def _ledger_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    [(rows, unknown)] = con.execute(
        """SELECT count(*), count(DISTINCT employee_id) FILTER (WHERE employee_id NOT IN (SELECT employee_id FROM stg_people))
           FROM invitations"""
    ).fetchall()
    [(quarantined,)] = con.execute("SELECT count(*) FROM quarantine WHERE source = $s", {"s": LEDGER_SOURCE}).fetchall()
    return {"rows": rows, "quarantined": quarantined, "unknown_ids": unknown}


def publish_stage(con: duckdb.DuckDBPyConnection, ctx) -> dict:
    """The publish stage: the shortlist by :func:`select_shortlist`, to ``marts_shortlist``,
    ``score_history`` (this as_of's rows replaced) and the CSV.

    Returns
    -------
    dict
        ``shortlist`` (path), ``rows``, ``size``, ``short_by`` and ``short_reason`` (when the
        pool ran out), ``skipped`` (counts per :data:`SKIP_REASONS`), ``ledger`` (rows,
        quarantined, unknown_ids), ``status`` (counts of new / rising / steady / falling),
        ``previous_as_of``, ``warehouse``, ``seconds``.
    """
    started = time.perf_counter()
    settings = ctx.settings
    size = settings.shortlist.size
    ranked = con.execute(
        """SELECT s.*, p.location FROM marts_person_scores s LEFT JOIN stg_people p USING (employee_id)
           WHERE s.eligible ORDER BY s.rank"""
    ).df()
    ledger = con.execute("SELECT employee_id, invited_at, outcome FROM invitations ORDER BY line").df()
    chosen, skipped = select_shortlist(ranked, ledger, ctx.as_of, settings)
    previous_as_of, previous = _previous_run(con, ctx.as_of)
    before = [previous.get(e) for e in chosen["employee_id"]]
    chosen["previous_rank"] = pd.array([b[0] if b else None for b in before], dtype="Int64")
    chosen["status"] = [
        movement(int(r), b[0] if b else None, bool(b and b[1]), settings.shortlist.rising_min_places)
        for r, b in zip(chosen["eligible_rank"], before, strict=True)
    ]
    on_list = set(chosen["employee_id"])
    history = pd.DataFrame(
        {
            "as_of": pd.Series([ctx.as_of] * len(ranked), dtype=object),
            "run_id": ctx.run_id,
            "employee_id": ranked["employee_id"].astype(object),
            "score": ranked["score"].astype(float),
            "rank": ranked["rank"].astype("int64"),
            "shortlisted": ranked["employee_id"].isin(on_list),
        }
    )
    replace_rows(con, "marts_shortlist", chosen[column_names("marts_shortlist")])
    check_unique(con, "marts_shortlist", "employee_id")
    check_accepted(con, "marts_shortlist", "status", SHORTLIST_STATUSES)
    with transaction(con), registered(con, "_score_history_frame", history):
        con.execute("DELETE FROM score_history WHERE as_of = $a", {"a": ctx.as_of})
        con.execute(
            "INSERT INTO score_history BY NAME SELECT * REPLACE (as_of::DATE AS as_of) FROM _score_history_frame"
        )
    rows = con.execute(f"SELECT {', '.join(SHORTLIST_COLUMNS)} FROM marts_shortlist ORDER BY rank").fetchall()
    path = write_shortlist(rows, Path(settings.out))
    skipped_counts = {r: int((skipped["reason"] == r).sum()) for r in SKIP_REASONS}
    return {
        "shortlist": str(path),
        "rows": len(rows),
        "size": size,
        "short_by": max(0, size - len(rows)),
        "short_reason": shortfall(size, len(rows), len(ranked), skipped_counts),
        "skipped": skipped_counts,
        "ledger": _ledger_counts(con),
        "status": {s: int((chosen["status"] == s).sum()) for s in SHORTLIST_STATUSES},
        "previous_as_of": previous_as_of.isoformat() if previous_as_of else None,
        "warehouse": str(settings.warehouse),
        "seconds": round(time.perf_counter() - started, 2),
    }
