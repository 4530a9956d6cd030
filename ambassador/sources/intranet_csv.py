"""Generic intranet CSV files (IGLOO-style platforms and anything else that exports CSV).

Nothing is read unless ``ambassador.toml`` declares feeds: each ``[[intranet_csv.feeds]]``
entry names the CSV files it covers (a glob under ``DATA_DIR/intranet_csv/``, matched here in
Python, never by DuckDB), what their rows are (``kind``: post, comment or reaction, or a
``kind_column`` whose values say so) and which header holds each canonical field
(``columns``). Several feeds of one intranet (its posts, comments and reactions files) share
a ``name``, which namespaces account ids (``igloo:123``) and post ids (``intranet:igloo:123``).

Each CSV file is one export (its own manifest row): the first feed whose pattern matches it
reads it; a file no feed matches fails with a message saying how to map it. The file is read
with :func:`ambassador.sources.csv_files.read_csv_member` (a missing mapped header rejects the
file, naming the headers and the feed; malformed rows are quarantined with their line), then
each row is

* excluded (``rows_excluded``, content never stored) when its ``private`` cell is one of the
  feed's ``private_values``, or when its author is an employee who opted out (matched by email
  through the ``accounts_intranet_csv`` model, before anything of theirs is stored);
* quarantined with a reason when its kind value is not mapped, it has no author, a post or
  comment has no id, its timestamp is empty or not a timestamp, a comment has no parent, or a
  reaction names neither a parent post nor a target author;
* a duplicate (``rows_duplicate``) when its id was already seen in the file (the first row
  wins; reactions without an id are keyed by parent, author and time);
* otherwise stored in ``raw_intranet_csv_rows`` with its canonical fields and the whole row as
  JSON. Timestamps are stored in UTC: ISO-8601 with an offset is converted, one without an
  offset (or read with ``timestamp_format``) is taken in the feed's ``timezone``.

The same record in several files (overlapping exports) is deduplicated by
``intranet_csv_current`` (one row per feed name and id; the copy from the file with the newest
rows wins). Cells that look like spreadsheet formulas are plain data here.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import ClassVar

from ambassador.errors import RejectedFile
from ambassador.settings import IntranetCsvFeed, Settings
from ambassador.sources.base import QUARANTINE_RAW_CHARS, LoadContext, LoadCounts, Plan
from ambassador.sources.csv_files import csv_header, read_csv_member
from ambassador.untrusted import PLAIN_FILE_SUFFIXES, Export

# ISO-8601 with an explicit offset after the time (a bare date's "-10" is not an offset)
_OFFSET = r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)$"
_FILE_TABLE = "_icsv_file"


# -- pure helpers -----------------------------------------------------------------------------


def glob_match(pattern: str, path: str) -> bool:
    """Whether POSIX ``path`` matches ``pattern``, segment by segment (``**``: any folders).

    ``*`` and ``?`` never cross a ``/``; matching is case-sensitive.

    >>> glob_match("igloo/*.csv", "igloo/posts.csv"), glob_match("igloo/*.csv", "igloo/2026/posts.csv")
    (True, False)
    >>> glob_match("**/comments*.csv", "igloo/2026/comments-q3.csv"), glob_match("**/*.csv", "a.csv")
    (True, True)
    """
    pat, parts = pattern.strip("/").split("/"), path.strip("/").split("/")

    def match(i: int, j: int) -> bool:
        if i == len(pat):
            return j == len(parts)
        if pat[i] == "**":
            return any(match(i + 1, k) for k in range(j, len(parts) + 1))
        return j < len(parts) and fnmatch.fnmatchcase(parts[j], pat[i]) and match(i + 1, j + 1)

    return match(0, 0)


def feed_for(feeds: list[IntranetCsvFeed], relative: str) -> IntranetCsvFeed | None:
    """The first feed whose ``files`` pattern matches ``relative`` (a path under intranet_csv/).

    >>> from ambassador.settings import IntranetCsvFeed
    >>> f = IntranetCsvFeed(name="kb", files="kb/posts*.csv", kind="post",
    ...                     columns={"id": "ID", "author_email": "Email", "created_at": "Date"})
    >>> feed_for([f], "kb/posts-2026.csv").name, feed_for([f], "kb/comments.csv")
    ('kb', None)
    """
    for feed in feeds:
        if glob_match(feed.files, relative):
            return feed
    return None


def resolve_headers(feed: IntranetCsvFeed, header: list[str]) -> tuple[dict[str, str], list[str]]:
    """Map each header the feed names to the file's own spelling.

    An exact match wins; otherwise one header equal after trimming and ignoring case.
    Returns ``(found, missing)``.

    >>> from ambassador.settings import IntranetCsvFeed
    >>> f = IntranetCsvFeed(name="kb", files="*.csv", kind="post",
    ...                     columns={"id": "Post ID", "author_email": "Email", "created_at": "Date"})
    >>> resolve_headers(f, ["post id", "Email", "Body"])
    ({'Post ID': 'post id', 'Email': 'Email'}, ['Date'])
    """
    found: dict[str, str] = {}
    missing: list[str] = []
    for wanted in feed.headers():
        if wanted in header:
            found[wanted] = wanted
            continue
        loose = [h for h in header if h.strip().lower() == wanted.strip().lower()]
        if len(loose) == 1:
            found[wanted] = loose[0]
        else:
            missing.append(wanted)
    return found, missing


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _timestamp_sql(feed: IntranetCsvFeed, value: str) -> str:
    """SQL turning text ``value`` into a UTC TIMESTAMP (NULL when it is not one); uses $fmt, $tz."""
    if feed.timestamp_format is not None:
        if "%z" in feed.timestamp_format or "%Z" in feed.timestamp_format:
            return f"timezone('UTC', try_strptime({value}, $fmt))"
        return f"timezone('UTC', timezone($tz, try_strptime({value}, $fmt)))"
    return (
        f"CASE WHEN regexp_matches({value}, '{_OFFSET}') "
        f"THEN timezone('UTC', try_cast({value} AS TIMESTAMPTZ)) "
        f"ELSE timezone('UTC', timezone($tz, try_cast({value} AS TIMESTAMP))) END"
    )


def canonical_rows_sql(feed: IntranetCsvFeed, headers: dict[str, str], table: str = _FILE_TABLE) -> str:
    """A ``SELECT`` of one canonical row per row of the CSV temp table ``table``.

    Parameters used: ``$feed``, ``$tz``, ``$fmt`` (when the feed has a timestamp_format),
    ``$private`` and ``$post``/``$comment``/``$reaction`` (kind values, lower-cased).
    """

    def cell(field: str) -> str:
        header = feed.columns.get(field)
        return f"nullif(trim({_q(headers[header])}), '')" if header else "NULL::VARCHAR"

    if feed.kind is not None:
        kind = f"'{feed.kind}'"
        kind_value = "NULL::VARCHAR"
    else:
        kind_value = f"trim({_q(headers[feed.kind_column])})"
        kind = (
            f"CASE WHEN list_contains($post, lower({kind_value})) THEN 'post' "
            f"WHEN list_contains($comment, lower({kind_value})) THEN 'comment' "
            f"WHEN list_contains($reaction, lower({kind_value})) THEN 'reaction' END"
        )
    private = f"coalesce(list_contains($private, lower({cell('private')})), false)" if "private" in feed.columns else "false"
    fields = ", ".join(
        f"{cell(f)} AS {f}"
        for f in ("id", "author_id", "author_email", "author_name", "title", "text", "parent_id",
                  "target_author_id", "target_author_email", "context", "url", "mentions")
    )
    return f"""
        SELECT *,
            CASE WHEN author_key IS NOT NULL THEN $feed || ':' || author_key END AS account_id,
            {_timestamp_sql(feed, 'created_raw')} AS created_at
        FROM (
            SELECT
                _record,
                {kind} AS kind,
                left({kind_value}, 60) AS kind_value,
                {private} AS is_private,
                {fields},
                coalesce({cell('author_id')}, lower({cell('author_email')})) AS author_key,
                {cell('created_at')} AS created_raw,
                json_merge_patch(to_json(t), '{{"_record": null}}') AS record
            FROM {table} AS t
        )"""


# -- the source -------------------------------------------------------------------------------


class IntranetCsvSource:
    """CSV files of any intranet, mapped by ``[[intranet_csv.feeds]]``."""

    name: ClassVar[str] = "intranet_csv"
    folder: ClassVar[str] = "intranet_csv"
    platform: ClassVar[str] = "intranet"
    raw_tables: ClassVar[tuple[str, ...]] = ("raw_intranet_csv_rows",)
    stg_models: ClassVar[dict[str, str]] = {
        "stg_accounts": "accounts_intranet_csv",
        "stg_posts": "posts_intranet_csv",
        "stg_interactions": "interactions_intranet_csv",
    }
    current_models: ClassVar[tuple[str, ...]] = ("intranet_csv_current",)
    author_columns: ClassVar[dict[str, str]] = {"raw_intranet_csv_rows": "account_id"}

    def discover(self, folder: Path) -> list[Path]:
        """Every ``.csv``/``.tsv`` file under ``folder`` (any depth), sorted; hidden entries and
        symbolic links ignored. Which feed reads a file is decided at load, from the settings."""
        if not folder.is_dir():
            return []
        found: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            base = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (base / d).is_symlink())
            for fn in filenames:
                p = base / fn
                if not fn.startswith(".") and p.suffix.lower() in PLAIN_FILE_SUFFIXES and p.is_file() and not p.is_symlink():
                    found.append(p)
        return sorted(found)

    def plan(self, export: Export) -> Plan:
        members = [m.name for m in export.members()]
        if len(members) != 1:
            raise RejectedFile("an intranet CSV export is one .csv file (zips and folders are not read here)")
        return Plan(members=members, skipped=0)

    def feed_of(self, export: Export, settings: Settings) -> IntranetCsvFeed:
        """The feed reading this file, or RejectedFile saying how to map it."""
        root = settings.data_dir / self.folder
        try:
            relative = export.path.relative_to(root).as_posix()
        except ValueError:
            relative = export.path.name
        feed = feed_for(settings.intranet_csv.feeds, relative)
        if feed is None:
            raise RejectedFile(
                f"no [[intranet_csv.feeds]] entry matches '{relative}'; add a feed for it in ambassador.toml "
                "(README: generic intranet CSV) or move the file out of intranet_csv/"
            )
        return feed

    # -- load --------------------------------------------------------------------------
    def load(self, ctx: LoadContext) -> LoadCounts:
        feed = self.feed_of(ctx.export, ctx.settings)
        [member] = ctx.members
        staged = ctx.export.stage([member], ctx.staging, suffix=".csv")
        [path] = list(staged)
        if os.path.getsize(path) == 0:
            raise RejectedFile("empty file (0 bytes)", member)
        con = ctx.con
        header = csv_header(con, path, member, delimiter=feed.delimiter, encoding=feed.encoding)
        headers, missing = resolve_headers(feed, header)
        if missing:
            shown = ", ".join(header[:12]) + (" ..." if len(header) > 12 else "")
            raise RejectedFile(
                f"missing column(s) {', '.join(repr(m) for m in missing)} that {feed.label()} maps (found: {shown}); "
                "fix that feed's columns in ambassador.toml or check this is the right file",
                member,
            )
        rows_in, malformed = read_csv_member(
            ctx, path, member, _FILE_TABLE, required=list(headers.values()), delimiter=feed.delimiter, encoding=feed.encoding
        )
        if malformed and "private" in feed.columns:
            # a malformed row cannot be told private or not: keep its line number, not its text
            con.execute(
                "UPDATE quarantine SET raw = NULL WHERE sha256 = $sha AND member = $m AND run_id = $run",
                {"sha": ctx.sha256, "m": member, "run": ctx.run_id},
            )
        params = {
            "feed": feed.name,
            "tz": feed.timezone,
            "private": [v.strip().lower() for v in feed.private_values],
            **{k: [v.strip().lower() for v in feed.kind_values.get(k, [])] for k in ("post", "comment", "reaction")},
        }
        if feed.timestamp_format is not None:
            params["fmt"] = feed.timestamp_format
        sql = canonical_rows_sql(feed, headers)
        used = {k: v for k, v in params.items() if f"${k}" in sql}
        con.execute(f"CREATE OR REPLACE TEMP TABLE _icsv_rows AS {sql}", used)
        try:
            excluded = self._opted_out(ctx, member, feed)
            mentions_header = headers[feed.columns["mentions"]] if "mentions" in feed.columns else None
            counts = self._store(ctx, member, feed, excluded, mentions_header)
        finally:
            con.execute(f"DROP TABLE IF EXISTS {_FILE_TABLE}")
            con.execute("DROP TABLE IF EXISTS _icsv_rows")
            con.execute("DROP TABLE IF EXISTS _icsv_scrubbed")
            con.execute("DROP TABLE IF EXISTS _icsv_classified")
        counts.rows_in = rows_in
        counts.rows_quarantined += malformed
        return counts

    def _opted_out(self, ctx: LoadContext, member: str, feed: IntranetCsvFeed) -> list[str]:
        """Authors of this file who are opted-out employees.

        Only the authors (account, email, name) are put in the raw table for the accounts
        model to see; they are deleted again before any row is stored, so nothing an
        opted-out employee wrote is ever written to the warehouse.
        """
        con = ctx.con
        con.execute(
            """INSERT INTO raw_intranet_csv_rows BY NAME
               SELECT $feed AS feed, kind, account_id, author_id, author_email, author_name,
                      $sha AS _file_sha256, $member AS _member, _record
               FROM _icsv_rows WHERE NOT is_private AND account_id IS NOT NULL""",
            {"feed": feed.name, "sha": ctx.sha256, "member": member},
        )
        try:
            return ctx.opted_out_accounts(self.platform, self.stg_models["stg_accounts"])
        finally:
            con.execute("DELETE FROM raw_intranet_csv_rows WHERE _file_sha256 = $sha", {"sha": ctx.sha256})

    def _store(self, ctx: LoadContext, member: str, feed: IntranetCsvFeed, excluded: list[str],
               mentions_header: str | None) -> LoadCounts:
        """Classify and store the file's rows.

        Opted-out employees are scrubbed from other people's rows too: a reaction to one of
        their posts is not stored (it is an act aimed at them), and their ids or emails are
        removed from ``mentions`` (and from the row's ``record``), so neither their email nor
        their id is kept anywhere.
        """
        con = ctx.con
        gone = [e for (e,) in con.execute("SELECT email FROM stg_people WHERE opt_out AND email IS NOT NULL").fetchall()]
        con.execute(
            """CREATE OR REPLACE TEMP TABLE _icsv_scrubbed AS
            SELECT * REPLACE (
                    CASE WHEN mentions IS NOT NULL THEN nullif(array_to_string(list_filter(
                        list_transform(string_split_regex(mentions, '[,;]'), lambda t: trim(t)),
                        lambda t: t <> '' AND NOT list_contains($gone, lower(ltrim(t, '@')))
                                  AND NOT list_contains($excluded, $feed || ':' || ltrim(t, '@'))), ','), '')
                    END AS mentions),
                mentions AS mentions_as_written
            FROM _icsv_rows""",
            {"gone": gone or [""], "excluded": excluded or [""], "feed": feed.name},
        )
        if mentions_header is not None:
            con.execute(
                """UPDATE _icsv_scrubbed
                   SET record = json_merge_patch(record, json_object($h, mentions))
                   WHERE mentions IS DISTINCT FROM mentions_as_written""",
                {"h": mentions_header},
            )
        con.execute(
            """CREATE OR REPLACE TEMP TABLE _icsv_classified AS
            SELECT *,
                CASE
                    WHEN is_private THEN 'excluded'
                    WHEN kind IS NULL THEN 'kind ' || coalesce('''' || kind_value || '''', 'cell empty')
                        || ' is not listed in the feed''s kind_values'
                    WHEN account_id IS NULL THEN 'no author (author_id and author_email empty)'
                    WHEN list_contains($excluded, account_id) THEN 'excluded'
                    -- an act aimed at an opted-out employee's post
                    WHEN list_contains($gone, lower(target_author_email))
                         OR list_contains($excluded, $feed || ':' || target_author_id) THEN 'excluded'
                    WHEN kind IN ('post', 'comment') AND id IS NULL THEN 'empty id'
                    WHEN created_raw IS NULL THEN 'empty created_at'
                    WHEN created_at IS NULL THEN 'created_at ''' || left(created_raw, 60) || ''' is not a timestamp ('
                        || coalesce('format ' || $fmt_label::VARCHAR, 'ISO-8601 expected') || ')'
                    WHEN kind = 'comment' AND parent_id IS NULL THEN 'comment without parent_id'
                    WHEN kind = 'reaction' AND parent_id IS NULL AND target_author_id IS NULL
                         AND target_author_email IS NULL THEN 'reaction without parent_id or target author'
                END AS problem,
                CASE WHEN kind = 'reaction' AND id IS NULL THEN
                    coalesce(parent_id, 'to:' || coalesce(target_author_id, lower(target_author_email)))
                    || '/' || author_key || '/' || strftime(created_at, '%Y-%m-%dT%H:%M:%S.%f')
                    ELSE id END AS record_id
            FROM _icsv_scrubbed""",
            {"excluded": excluded or [""], "fmt_label": feed.timestamp_format, "gone": gone or [""], "feed": feed.name},
        )
        for record, problem, raw in con.execute(
            """SELECT _record, problem,
                      -- an unmapped kind may be anything (a private message type): its text is not kept
                      CASE WHEN kind IS NOT NULL THEN record::VARCHAR END
               FROM _icsv_classified WHERE problem IS NOT NULL AND problem <> 'excluded' ORDER BY _record"""
        ).fetchall():
            ctx.quarantine(member, record, problem[:500], None if raw is None else raw[:QUARANTINE_RAW_CHARS])
        con.execute(
            """INSERT INTO raw_intranet_csv_rows BY NAME
            SELECT $feed AS feed, kind, record_id AS id, account_id, author_id, author_email, author_name,
                   created_at, title, text, parent_id, target_author_id, target_author_email, context, url,
                   mentions, $text_format AS text_format, record,
                   $sha AS _file_sha256, $member AS _member, _record
            FROM _icsv_classified
            WHERE problem IS NULL
            QUALIFY row_number() OVER (PARTITION BY kind = 'reaction', record_id ORDER BY _record) = 1""",
            {"feed": feed.name, "text_format": feed.text_format, "sha": ctx.sha256, "member": member},
        )
        [(quarantined, excluded_n, valid)] = con.execute(
            """SELECT count(*) FILTER (problem IS NOT NULL AND problem <> 'excluded'),
                      count(*) FILTER (problem = 'excluded'), count(*) FILTER (problem IS NULL)
               FROM _icsv_classified"""
        ).fetchall()
        loaded = con.execute(
            "SELECT count(*) FROM raw_intranet_csv_rows WHERE _file_sha256 = $sha", {"sha": ctx.sha256}
        ).fetchall()[0][0]
        return LoadCounts(
            rows_loaded=loaded, rows_quarantined=quarantined, rows_duplicate=valid - loaded, rows_excluded=excluded_n
        )
