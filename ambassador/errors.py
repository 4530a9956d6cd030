"""The one exception family the package raises on purpose."""

from __future__ import annotations

from pathlib import Path


class AmbassadorError(Exception):
    """Base class of every error ambassador raises deliberately."""


class InputError(AmbassadorError):
    """An input cannot be used: names the file, what is wrong and the fix.

    Examples
    --------
    >>> str(InputError("data/directory/hr.csv", "no column 'email'", "add it or map it in [directory.columns]"))
    "data/directory/hr.csv: no column 'email'. Fix: add it or map it in [directory.columns]"
    """

    def __init__(self, path: str | Path | None, problem: str, fix: str):
        self.path = str(path) if path is not None else None
        self.problem = problem
        self.fix = fix
        where = f"{self.path}: " if self.path else ""
        super().__init__(f"{where}{problem}. Fix: {fix}")


class RejectedFile(AmbassadorError):
    """A single export file is unusable (hostile, broken or too large).

    Raised while staging or loading one file; the ingest stage records it in the
    manifest as failed, quarantines it with the reason and goes on with the others.
    """

    def __init__(self, reason: str, member: str | None = None):
        self.reason = reason
        self.member = member
        super().__init__(f"{member}: {reason}" if member else reason)


class DataCheckError(AmbassadorError):
    """A data check after a stage failed: names the table, column and a sample row."""

    def __init__(self, table: str, column: str, check: str, sample: object):
        self.table, self.column, self.check, self.sample = table, column, check, sample
        super().__init__(f"data check failed: {table}.{column} {check}; sample row: {sample!r}")
