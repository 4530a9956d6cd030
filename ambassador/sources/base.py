"""The interface every export format implements.

A source module declares which folder of the data directory it reads, which raw tables it
writes, and a ``load`` that turns one checked export into raw rows inside the transaction
the ingest stage opened for it. Adding a format means adding a module here, registering it
in :mod:`ambassador.sources`, and adding its fixture and tests: nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol

import duckdb

from ambassador.settings import Settings
from ambassador.untrusted import ARCHIVE_SUFFIXES, Export

QUARANTINE_RAW_CHARS = 2000


@dataclass
class LoadCounts:
    """What one export held and what became of it.

    The ingest stage checks ``rows_in == rows_loaded + rows_quarantined + rows_duplicate
    + rows_excluded`` before it commits.
    """

    rows_in: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_duplicate: int = 0
    rows_excluded: int = 0
    members_skipped: int = 0

    def balanced(self) -> bool:
        return self.rows_in == self.rows_loaded + self.rows_quarantined + self.rows_duplicate + self.rows_excluded

    def __iadd__(self, other: LoadCounts) -> LoadCounts:
        for f in self.__dataclass_fields__:
            setattr(self, f, getattr(self, f) + getattr(other, f))
        return self


@dataclass
class LoadContext:
    """Everything a source's ``load`` may use for one export."""

    con: duckdb.DuckDBPyConnection  # inside an open transaction
    source: str  # the source's name, for quarantine rows
    export: Export
    path: str  # relative to the data folder, for messages and the manifest
    sha256: str
    staging: Path  # private folder for this export's staged members
    run_id: str
    settings: Settings
    members: list[str] = field(default_factory=list)  # chosen by ``plan``

    def opted_out_accounts(self, platform: str, accounts_model: str) -> list[str]:
        """Account ids in this export that belong to employees who opted out.

        ``accounts_model`` is the source's ``sql/stg`` accounts model; it is evaluated for
        this export only (``$sha``), and matched to the directory with the same rules as
        identity resolution. Sources must not store these accounts' own posts or acts.
        """
        from ambassador.identity import opted_out_accounts

        return opted_out_accounts(self.con, accounts_model, self.sha256)

    def quarantine(self, member: str | None, record: int | None, reason: str, raw: str | None = None) -> None:
        """Record one rejected record (or a whole member when ``record`` is None)."""
        self.con.execute(
            "INSERT INTO quarantine VALUES ($source, $path, $sha, $member, $record, $reason, $raw, $run)",
            {
                "source": self.source,
                "path": self.path,
                "sha": self.sha256,
                "member": member,
                "record": record,
                "reason": reason,
                "raw": None if raw is None else raw[:QUARANTINE_RAW_CHARS],
                "run": self.run_id,
            },
        )


@dataclass(frozen=True)
class Plan:
    """Which members of an export a source reads, and how many it leaves unread."""

    members: list[str]
    skipped: int


class Source(Protocol):
    """One export format."""

    name: ClassVar[str]  # manifest / quarantine source name
    folder: ClassVar[str]  # sub-folder of the data directory (DESIGN.md)
    platform: ClassVar[str]  # stg_* platform value (slack, x ...)
    raw_tables: ClassVar[tuple[str, ...]]  # tables holding this source's rows, keyed by _file_sha256
    # canonical table -> SQL model in sql/stg/ producing this source's rows of it
    # (stg_accounts, stg_posts, stg_interactions); each model takes $sha (NULL = all exports)
    stg_models: ClassVar[dict[str, str]]
    # sql/stg models materialised as temp tables (named after the model) before the stg_*
    # tables are built, e.g. the deduplicated records that posts and interactions both read
    current_models: ClassVar[tuple[str, ...]]
    # raw table -> column holding the author's account id (rows purged when the author opts out)
    author_columns: ClassVar[dict[str, str]]

    def discover(self, folder: Path) -> list[Path]:
        """The exports in ``folder``: each zip or sub-folder is one export."""
        ...

    def plan(self, export: Export) -> Plan:
        """Choose the members to read (never DMs or private channels); raise RejectedFile if unusable."""
        ...

    def load(self, ctx: LoadContext) -> LoadCounts:
        """Insert this export's rows into the raw tables; quarantine what is malformed."""
        ...


def discover_exports(folder: Path) -> list[Path]:
    """Zips and sub-folders directly inside ``folder``, sorted; hidden entries ignored.

    A folder that itself looks like an unpacked export (holds files, not sub-exports) counts
    as one export.
    """
    if not folder.is_dir():
        return []
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    exports = [p for p in entries if p.is_dir() or p.suffix.lower() == ".zip"]
    loose = [p for p in entries if p.is_file() and p.suffix.lower() not in ARCHIVE_SUFFIXES]
    if loose and not any(p.suffix.lower() == ".zip" for p in entries):
        return [folder]
    return exports
