"""The invitation ledger: who was invited to be an ambassador, when, and what they answered.

``DATA_DIR/invitations.csv`` (``[invitations] file``) is optional. Comms leads keep it by hand
or export it from a CRM, so it is read as untrusted text: UTF-8 with or without a BOM, header
names in any case and spacing (``Employee ID``), comma, semicolon or tab separated, dates as
ISO dates or datetimes (``2026-03-01``, ``2026-03-01T09:30:00Z``) or ``YYYY/MM/DD``, outcomes
in any case and common spellings (``no response``, ``No-Response``). A datetime counts on the
calendar day it was written with (its offset is not applied).

Every run reads the whole file again into the ``invitations`` table and replaces the ledger's
rows in ``quarantine`` (leaving them as they are when they would be the same), so reading the
same file twice changes nothing. A row that cannot be
used (no id, no or bad date, unknown outcome) goes to quarantine with its line and reason; a
row dated after ``as_of`` is kept and counted (the shortlist rules ignore it). Rows of people
who opted out are not stored at all.

Examples
--------
>>> rows, rejects = parse_invitations("Employee ID,Invited At,Outcome\\nE1,2026/03/01,No response\\n,2026-03-02,\\n")
>>> rows
[Invitation(employee_id='E1', invited_at=datetime.date(2026, 3, 1), outcome='no_response', line=2)]
>>> [(r.line, r.reason) for r in rejects]
[(3, 'no employee_id')]
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from ambassador.errors import InputError
from ambassador.schema import column_names
from ambassador.settings import Settings
from ambassador.warehouse import registered, transaction

SOURCE = "invitations"  # quarantine.source of the ledger's rows
OUTCOMES = ("accepted", "declined", "no_response")
LEDGER_COLUMNS = ("employee_id", "invited_at", "outcome")
# Spellings read as each outcome, after lower-casing and turning spaces, '-' and '.' into '_'.
# An empty cell (or 'pending') means the invitation is still open.
OUTCOME_SYNONYMS = {
    "accepted": "accepted", "accept": "accepted", "agreed": "accepted",
    "declined": "declined", "decline": "declined", "refused": "declined", "rejected": "declined",
    "no_response": "no_response", "noresponse": "no_response", "no_reply": "no_response",
    "no_answer": "no_response", "unanswered": "no_response", "none": "no_response",
    "pending": None, "open": None, "sent": None, "invited": None,
}
FIX = (
    "save it as a UTF-8 CSV whose header row is employee_id, invited_at, outcome "
    "(dates YYYY-MM-DD; outcome accepted, declined, no_response or empty while pending)"
)
_DATE = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](.+))?")
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_RAW_CHARS = 2000


@dataclass(frozen=True)
class Invitation:
    """One usable ledger row."""

    employee_id: str
    invited_at: date
    outcome: str | None  # None: pending
    line: int


@dataclass(frozen=True)
class LedgerReject:
    """One ledger row that cannot be used, with where it is and why."""

    line: int
    reason: str
    raw: str
    employee_id: str | None  # as written, when the row has one


def header_key(name: str) -> str:
    """A header name compared case- and spacing-insensitively.

    >>> header_key("\\ufeff Invited At "), header_key("EMPLOYEE-ID")
    ('invited_at', 'employee_id')
    """
    return re.sub(r"[\s\-.]+", "_", name.lstrip("\ufeff").strip().lower())


def parse_invited_at(text: str) -> date:
    """The day of an invitation: an ISO date or datetime, or ``YYYY/MM/DD``.

    Raises
    ------
    ValueError
        When ``text`` is not such a date.

    Examples
    --------
    >>> parse_invited_at("2026-03-01"), parse_invited_at("2026/3/1 09:30"), parse_invited_at("2026-03-01T23:30:00-05:00")
    (datetime.date(2026, 3, 1), datetime.date(2026, 3, 1), datetime.date(2026, 3, 1))
    """
    m = _DATE.fullmatch(text.strip())
    if not m:
        raise ValueError(text)
    day = date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    if m.group(5) is not None:
        datetime.fromisoformat(f"{day.isoformat()}T{m.group(5).strip()}")  # the time must be valid too
    return day


def parse_outcome(text: str) -> str | None:
    """The canonical outcome of a cell (None: pending).

    Raises
    ------
    ValueError
        For a value that is not an outcome.

    Examples
    --------
    >>> parse_outcome(" No Response "), parse_outcome("DECLINED"), parse_outcome("")
    ('no_response', 'declined', None)
    """
    key = header_key(text)
    if not key:
        return None
    if key not in OUTCOME_SYNONYMS:
        raise ValueError(text)
    return OUTCOME_SYNONYMS[key]


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def parse_invitations(text: str, source: str = "invitations.csv") -> tuple[list[Invitation], list[LedgerReject]]:
    """Turn the ledger's text into usable rows and rejected rows (each with its line).

    Parameters
    ----------
    text
        The file's content, decoded (a leading BOM is ignored).
    source
        How error messages name the file.

    Returns
    -------
    rows, rejects
        Usable rows in file order; rows that cannot be used, with the reason. Blank lines are
        neither. Columns other than ``employee_id, invited_at, outcome`` are ignored.

    Raises
    ------
    InputError
        When the text has no header row naming the three columns.

    Examples
    --------
    >>> rows, rejects = parse_invitations("employee_id;invited_at;outcome\\nE7;2026-01-05;maybe\\n")
    >>> rows, [(r.line, r.reason) for r in rejects]
    ([], [(2, "unknown outcome ('maybe'; use accepted, declined, no_response or leave it empty)")])
    """
    lines = _LINES.findall(text.removeprefix("\ufeff"))
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise InputError(source, "the invitation ledger is empty (no header row)", FIX)
    reader = csv.reader(lines[first:], delimiter=_delimiter(lines[first]))
    header = [header_key(h) for h in next(reader)]
    missing = [c for c in LEDGER_COLUMNS if c not in header]
    if missing:
        found = ", ".join(h for h in header if h) or "nothing"
        raise InputError(source, f"no column {', '.join(missing)} in the header (found: {found})", FIX)
    where = {c: header.index(c) for c in LEDGER_COLUMNS}
    rows: list[Invitation] = []
    rejects: list[LedgerReject] = []
    start = first + reader.line_num  # 0-based index of the next record's first physical line
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            end = first + reader.line_num
            rejects.append(LedgerReject(start + 1, f"unreadable CSV row ({exc})", "".join(lines[start:end])[:_RAW_CHARS], None))
            start = end
            continue
        end = first + reader.line_num
        line, raw = start + 1, "".join(lines[start:end]).rstrip("\r\n")[:_RAW_CHARS]
        start = end
        if not any(f.strip() for f in fields):
            continue

        def cell(name: str) -> str:
            i = where[name]
            return fields[i].strip() if i < len(fields) else ""

        employee_id = cell("employee_id") or None
        reason = None
        invited_at: date | None = None
        outcome: str | None = None
        if any(f.strip() for f in fields[len(header):]):
            reason = f"more fields than the header ({len(fields)} for {len(header)} columns)"
        elif employee_id is None:
            reason = "no employee_id"
        elif not cell("invited_at"):
            reason = "no invited_at"
        else:
            try:
                invited_at = parse_invited_at(cell("invited_at"))
            except ValueError:
                reason = f"invited_at is not a date ({cell('invited_at')[:40]!r}; use YYYY-MM-DD)"
            try:
                outcome = parse_outcome(cell("outcome"))
            except ValueError:
                reason = reason or (
                    f"unknown outcome ({cell('outcome')[:40]!r}; use {', '.join(OUTCOMES)} or leave it empty)"
                )
        if reason is not None:
            rejects.append(LedgerReject(line, reason, raw, employee_id))
        else:
            rows.append(Invitation(employee_id, invited_at, outcome, line))
    return rows, rejects


def _read_bytes(path: Path, label: str, max_bytes: int | None) -> bytes:
    if not path.is_file():
        raise InputError(label, "is not a file", f"point [invitations] file at the ledger CSV; {FIX}")
    if max_bytes is not None and path.stat().st_size > max_bytes:
        raise InputError(label, f"larger than the cap of {max_bytes} bytes", "keep one row per invitation, or raise limits.max_member_bytes")
    return path.read_bytes()


def _decode(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(label, "not UTF-8 text", f"save it as 'CSV UTF-8'; {FIX}") from None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_invitations(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    run_id: str,
    as_of: date,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Rebuild the ``invitations`` table from the ledger file and replace its quarantine rows.

    Needs ``stg_people`` (the ingest stage builds it first): rows of people who opted out are
    not stored, and ids the directory does not know are counted.

    Returns
    -------
    dict
        ``file`` (relative to the data folder), ``found``, ``rows_in`` (data rows),
        ``rows_loaded``, ``rows_quarantined``, ``rows_excluded`` (opted-out people),
        ``unknown_ids`` (distinct ids not in the directory) and ``rows_after_as_of``.

    Raises
    ------
    InputError
        When the file exists but cannot be used: not a file, over ``limits.max_member_bytes``,
        not UTF-8, or without the header (:func:`parse_invitations`).
    """
    path = settings.resolve_data_path(settings.invitations.file)
    rel = _relative(path, settings.data_dir)
    found = path.exists()
    sha = None
    rows: list[Invitation] = []
    rejects: list[LedgerReject] = []
    if found:
        data = _read_bytes(path, rel, settings.limits.max_member_bytes)
        sha = hashlib.sha256(data).hexdigest()
        rows, rejects = parse_invitations(_decode(data, rel), source=rel)
    people = dict(con.execute("SELECT employee_id, opt_out FROM stg_people").fetchall())
    kept = [r for r in rows if not people.get(r.employee_id)]
    rejected = [r for r in rejects if not (r.employee_id and people.get(r.employee_id))]
    frame = pd.DataFrame(
        {
            "employee_id": pd.Series([r.employee_id for r in kept], dtype=object),
            "invited_at": pd.Series([r.invited_at for r in kept], dtype=object),
            "outcome": pd.Series([r.outcome for r in kept], dtype=object),
            "line": pd.Series([r.line for r in kept], dtype="int64"),
        },
        columns=column_names("invitations"),
    )
    wanted = [(rel, sha, path.name, r.line, r.reason, r.raw) for r in rejected]
    held = con.execute(
        "SELECT path, sha256, member, record, reason, raw FROM quarantine WHERE source = $s ORDER BY record, reason",
        {"s": SOURCE},
    ).fetchall()
    with transaction(con), registered(con, "_invitations_frame", frame):
        con.execute("DELETE FROM invitations")
        con.execute(
            """INSERT INTO invitations BY NAME
               SELECT employee_id, invited_at::DATE AS invited_at, outcome, line FROM _invitations_frame"""
        )
        if held != sorted(wanted, key=lambda q: (q[3], q[4])):  # the same file read again: its rows stay as they are
            con.execute("DELETE FROM quarantine WHERE source = $s", {"s": SOURCE})
            for q in wanted:
                con.execute("INSERT INTO quarantine VALUES ($s, $p, $sha, $m, $l, $r, $raw, $run)",
                            dict(zip(("p", "sha", "m", "l", "r", "raw"), q, strict=True), s=SOURCE, run=run_id))
    summary = {
        "file": rel,
        "found": found,
        "rows_in": len(rows) + len(rejects),
        "rows_loaded": len(kept),
        "rows_quarantined": len(rejected),
        "rows_excluded": len(rows) - len(kept) + len(rejects) - len(rejected),
        "unknown_ids": len({r.employee_id for r in kept if r.employee_id not in people}),
        "rows_after_as_of": sum(r.invited_at > as_of for r in kept),
    }
    if progress is not None:
        progress(f"  {describe_ledger(summary)}")
    return summary


def describe_ledger(summary: dict) -> str:
    """One plain line on what the ledger held.

    >>> describe_ledger({"file": "invitations.csv", "found": True, "rows_in": 12, "rows_loaded": 10,
    ...     "rows_quarantined": 2, "rows_excluded": 0, "unknown_ids": 1, "rows_after_as_of": 0})
    'invitation ledger invitations.csv: 10 rows; 2 quarantined; 1 id not in the directory'
    """
    if not summary.get("found"):
        return f"invitation ledger {summary['file']}: not found (nobody is resting after an invitation)"
    parts = [f"{summary['rows_loaded']} rows"]
    for key, label in (("rows_quarantined", "quarantined"), ("rows_excluded", "of opted-out people, not stored"),
                       ("rows_after_as_of", "dated after as_of, ignored")):
        if summary.get(key):
            parts.append(f"{summary[key]} {label}")
    if summary.get("unknown_ids"):
        n = summary["unknown_ids"]
        parts.append(f"{n} {'id' if n == 1 else 'ids'} not in the directory")
    return f"invitation ledger {summary['file']}: " + "; ".join(parts)
