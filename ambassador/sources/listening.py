"""Social-listening CSV exports: Brandwatch, Meltwater, Talkwalker, Sprout Social and the like.

A listening tool lists public posts its query found, one row per mention, each about a post
on X, Bluesky, Mastodon, LinkedIn or elsewhere. Every ``.csv``/``.tsv`` file under
``DATA_DIR/listening/`` (any depth) is one export. Its columns are read through a preset
(``[listening] preset``: brandwatch, meltwater, talkwalker, sprout; by default recognised from
the header) and an optional ``columns`` mapping that overrides the preset's headers
(``settings.LISTENING_PRESETS``; which vendor headers are verified is said there).

Quirks handled: preamble rows before the header row (Brandwatch UI exports: the header row is
the first of ``header_scan_lines`` lines holding the preset's author, date and text headers),
UTF-16 tab-separated files (Meltwater; recognised by their byte-order mark), rows without a
url or title (Talkwalker X rows), multi-line text, separate date and time columns. Cells that
look like spreadsheet formulas are plain data.

Each row becomes one canonical mention (``raw_listening_mentions``):

* its **platform** comes from the post's url (x.com/twitter.com, bsky.app, linkedin.com, a
  Mastodon status url ``https://host/@user/<id>``), else from the network column, else from
  ``[listening] network``;
* its **author** is the account ``'listening:<platform>:<handle>'`` of that platform (stg
  platform x, bluesky, mastodon, linkedin, or the network as exported), with the handle
  normalised for the platform (from the url when it names the author, else the author cell);
  identity resolution links it to the employee who declared that handle *for that platform*
  (rule declared_handle); authors on other platforms, or whose handle does not normalise, are
  kept but stay unmatched;
* its **native key** (``x:<id>``, ``bluesky:<handle>/<rkey>``, ``mastodon:<host>/<id>``) lets
  ``listening_current`` drop mentions of posts the platform's own export already holds, and
  deduplicate the same post across listening exports and vendors.

Rows by employees who opted out are excluded (``rows_excluded``; nothing of theirs stored), and
their handles are redacted from other rows' text. Malformed CSV rows, rows without an author
and rows whose date is not a timestamp are quarantined with their line.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
from pathlib import Path
from typing import ClassVar

from ambassador.errors import RejectedFile
from ambassador.settings import LISTENING_PRESETS, LISTENING_REQUIRED, ListeningSettings
from ambassador.sources.base import QUARANTINE_RAW_CHARS, LoadContext, LoadCounts, Plan
from ambassador.sources.csv_files import csv_header, read_csv_member
from ambassador.sources.intranet_csv import IntranetCsvSource
from ambassador.untrusted import Export

_FILE_TABLE = "_listen_file"
_HEAD_BYTES = 1 << 18
# ISO-8601 with an explicit offset after the time
_OFFSET = r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)$"
# tried in order when no timestamp_format is set and the value is not ISO-8601
_DATE_FORMATS = ["%d-%b-%Y %I:%M%p", "%d-%b-%Y %I:%M %p", "%d-%b-%Y %H:%M", "%b %d, %Y %I:%M %p",
                 "%b %d, %Y %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%d-%b-%Y", "%m/%d/%Y"]
REDACTED = "@[opted-out]"


# -- pure helpers -----------------------------------------------------------------------------


def detect_encoding(head: bytes, configured: str = "auto") -> str:
    """The encoding to read a file with: ``configured``; else UTF-16 when the file starts with
    its BOM, latin-1 when its first bytes are not UTF-8 (a spreadsheet's "CSV"), else UTF-8.

    >>> detect_encoding("Date".encode("utf-16")), detect_encoding(b"\\xef\\xbb\\xbfDate"), detect_encoding(b"x", "latin-1")
    ('utf-16', 'utf-8', 'latin-1')
    >>> detect_encoding("Café,Zoë".encode("latin-1")), detect_encoding("Café".encode("utf-8")[:4])
    ('latin-1', 'utf-8')
    """
    if configured != "auto":
        return configured
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the end of the head
            return "latin-1"
    return "utf-8"


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        row = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []
    return [c.strip().lstrip("\ufeff").strip() for c in row]


def _resolve(mapping: dict[str, tuple[str, ...]], header: list[str]) -> dict[str, list[str]]:
    """Canonical field -> the headers of ``header`` that hold it (exact match, else one equal
    ignoring case and surrounding spaces), in the mapping's order; fields without any are left out."""
    found: dict[str, list[str]] = {}
    for field, wanted in mapping.items():
        hits = []
        for w in wanted:
            if w in header:
                hits.append(w)
                continue
            loose = [h for h in header if h.strip().lower() == w.strip().lower()]
            if len(loose) == 1:
                hits.append(loose[0])
        if hits:
            found[field] = list(dict.fromkeys(hits))
    return found


def find_header(lines: list[str], settings: ListeningSettings) -> tuple[int, str, str, dict[str, list[str]]] | None:
    """Find the header row among the first lines of a file.

    Returns ``(lines_before_it, delimiter, preset, field -> headers)`` for the first line
    holding the author, date and text headers of the configured preset (or, with preset
    ``auto``, of the preset that recognises most of the line's columns), or None.

    >>> s = ListeningSettings()
    >>> find_header(["Report: Mentions", "", "Date,Author,Full Text,Url"], s)[:3]
    (2, ',', 'brandwatch')
    >>> find_header(["Date\\tHit Sentence\\tInfluencer\\tURL"], s)[1:3]
    ('\\t', 'meltwater')
    """
    presets = [settings.preset] if settings.preset != "auto" else list(LISTENING_PRESETS)
    for i, line in enumerate(lines[: settings.header_scan_lines]):
        delimiters = [settings.delimiter] if settings.delimiter else sorted(
            "\t,;", key=lambda d: -line.count(d))[:1]
        for delim in delimiters:
            header = _cells(line, delim)
            best = None
            for preset in presets:
                found = _resolve(settings.mapping(preset), header)
                if all(f in found for f in LISTENING_REQUIRED) and (best is None or len(found) > len(best[1])):
                    best = (preset, found)
            if best is not None:
                return i, delim, best[0], best[1]
    return None


def header_problem(settings: ListeningSettings, first_line: str) -> str:
    """The one-line reason for a file whose header row was not found."""
    presets = [settings.preset] if settings.preset != "auto" else list(LISTENING_PRESETS)
    wants = []
    for preset in presets:
        m = settings.mapping(preset)
        need = "; ".join(f"{f}: {' or '.join(repr(h) for h in m.get(f, ()))}" for f in LISTENING_REQUIRED)
        wants.append(f"{preset} ({need})")
    seen = first_line.strip().replace("\t", ", ")[:160]
    return (
        f"no header row in the first {settings.header_scan_lines} lines has the author, date and text columns of "
        f"{' / '.join(wants)}; first line: '{seen}'. Set [listening] preset, or map the headers with "
        "[listening] columns = {author = \"...\", date = \"...\", text = \"...\"} in ambassador.toml"
    )


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_text(literal: str) -> str:
    return "'" + literal.replace("'", "''") + "'"


def canonical_rows_sql(settings: ListeningSettings, fields: dict[str, list[str]], table: str = _FILE_TABLE) -> str:
    """A ``SELECT`` of one canonical mention per row of the CSV temp table ``table``.

    Parameters used: ``$vendor``, ``$tz``, ``$fmt`` (with a timestamp_format), ``$formats``,
    ``$network`` (platform of rows the url and network cell say nothing about).
    """

    def cell(field: str) -> str:
        headers = fields.get(field, [])
        parts = [f"nullif(trim({_q(h)}), '')" for h in headers]
        if not parts:
            return "NULL::VARCHAR"
        return parts[0] if len(parts) == 1 else f"coalesce({', '.join(parts)})"

    def count(field: str) -> str:
        return f"try_cast(replace(replace({cell(field)}, ',', ''), ' ', '') AS DOUBLE)::BIGINT"

    date = cell("date") if "time" not in fields else f"concat_ws(' ', {cell('date')}, {cell('time')})"
    if settings.timestamp_format is not None:
        if "%z" in settings.timestamp_format or "%Z" in settings.timestamp_format:
            created = "timezone('UTC', try_strptime(created_raw, $fmt))"
        else:
            created = "timezone('UTC', timezone($tz, try_strptime(created_raw, $fmt)))"
    else:
        created = f"""CASE WHEN regexp_matches(created_raw, '{_OFFSET}')
                THEN timezone('UTC', try_cast(created_raw AS TIMESTAMPTZ))
                ELSE timezone('UTC', timezone($tz, coalesce(try_cast(created_raw AS TIMESTAMP),
                                                            try_strptime(created_raw, $formats)))) END"""
    x_status = r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/([A-Za-z0-9_]{1,15})/status(?:es)?/([0-9]+)"
    bsky_post = r"^https?://(?:www\.)?bsky\.app/profile/([^/?#]+)/post/([A-Za-z0-9._~:-]+)"
    masto_status = r"^https?://([a-z0-9.-]+\.[a-z]{2,})/@([A-Za-z0-9_]+)/([0-9]+)"
    linkedin_post = r"^https?://(?:[a-z]{2,3}\.)?(?:www\.)?linkedin\.com/(?:posts|in)/([^/?#_]+)"
    return f"""
        SELECT *,
            CASE WHEN platform IN ('x', 'bluesky', 'mastodon', 'linkedin') THEN coalesce(
                    normalize_handle(platform, url_author), normalize_handle(platform, author)) END AS handle
        FROM (
            SELECT *,
                CASE
                    WHEN regexp_matches(url, '{x_status}', 'i') THEN 'x'
                    WHEN regexp_matches(url, '{bsky_post}', 'i') THEN 'bluesky'
                    WHEN regexp_matches(url, '^https?://(?:[a-z]{{2,3}}\\.)?(?:www\\.)?linkedin\\.com/', 'i') THEN 'linkedin'
                    WHEN regexp_matches(url, '{masto_status}', 'i') AND network_platform IS DISTINCT FROM 'x'
                        THEN 'mastodon'
                    ELSE coalesce(network_platform, $network::VARCHAR, 'unknown')
                END AS platform,
                CASE
                    WHEN regexp_matches(url, '{x_status}', 'i') THEN regexp_extract(url, '{x_status}', 1, 'i')
                    WHEN regexp_matches(url, '{bsky_post}', 'i') THEN regexp_extract(url, '{bsky_post}', 1, 'i')
                    WHEN regexp_matches(url, '{linkedin_post}', 'i')
                        THEN 'linkedin.com/in/' || regexp_extract(url, '{linkedin_post}', 1, 'i')
                    WHEN regexp_matches(url, '{masto_status}', 'i')
                        THEN regexp_extract(url, '{masto_status}', 2, 'i') || '@' || regexp_extract(url, '{masto_status}', 1, 'i')
                END AS url_author,
                CASE
                    WHEN regexp_matches(url, '{x_status}', 'i') THEN 'x:' || regexp_extract(url, '{x_status}', 2, 'i')
                    WHEN regexp_matches(url, '{bsky_post}', 'i') THEN 'bluesky:' || lower(regexp_extract(url, '{bsky_post}', 1, 'i'))
                        || '/' || regexp_extract(url, '{bsky_post}', 2, 'i')
                    WHEN regexp_matches(url, '{masto_status}', 'i') AND network_platform IS DISTINCT FROM 'x'
                        THEN 'mastodon:' || lower(regexp_extract(url, '{masto_status}', 1, 'i'))
                        || '/' || regexp_extract(url, '{masto_status}', 3, 'i')
                    WHEN coalesce(network_platform, $network::VARCHAR) = 'x' AND regexp_matches(post_id, '^[0-9]+$')
                        THEN 'x:' || post_id
                END AS native_key,
                {created} AS created_at
            FROM (
                SELECT
                    _record,
                    $vendor AS vendor,
                    {cell('author')} AS author,
                    {cell('author_id')} AS author_id,
                    {cell('author_name')} AS author_name,
                    {cell('network')} AS network,
                    CASE
                        WHEN regexp_matches(lower({cell('network')}), '(twitter|^x$|^x[ (/])') THEN 'x'
                        WHEN regexp_matches(lower({cell('network')}), '(bluesky|bsky)') THEN 'bluesky'
                        WHEN regexp_matches(lower({cell('network')}), 'mastodon') THEN 'mastodon'
                        WHEN regexp_matches(lower({cell('network')}), 'linkedin') THEN 'linkedin'
                        ELSE lower({cell('network')})
                    END AS network_platform,
                    {date} AS created_raw,
                    {cell('title')} AS title,
                    {cell('text')} AS text,
                    {cell('url')} AS url,
                    {cell('post_id')} AS post_id,
                    {cell('post_type')} AS post_type,
                    {cell('shared_url')} AS shared_url,
                    {count('likes')} AS likes,
                    {count('reshares')} AS reshares,
                    {count('replies')} AS replies,
                    {count('quotes')} AS quotes,
                    {count('engagement')} AS engagement,
                    json_merge_patch(to_json(t), '{{"_record": null}}') AS record
                FROM {table} AS t
            )
        )"""


def redaction_pattern(handles: dict[str, list[str]]) -> str | None:
    """An RE2 pattern matching ``@handle`` for each opted-out handle (None when there are none).

    >>> redaction_pattern({"x": ["carol_x"], "bluesky": ["carol.bsky.social"], "mastodon": []})
    '(?i)@(carol\\\\.bsky\\\\.social|carol_x)\\\\b'
    """
    names = sorted({h for hs in handles.values() for h in hs if h}, key=lambda h: (-len(h), h))  # longest first
    if not names:
        return None
    return "(?i)@(" + "|".join(re.escape(n) for n in names) + r")\b"


# -- the source -------------------------------------------------------------------------------


class ListeningSource:
    """Social-listening CSV exports, read through column presets."""

    name: ClassVar[str] = "listening"
    folder: ClassVar[str] = "listening"
    # the manifest's label only: canonical rows carry each post's own platform (x, bluesky ...)
    platform: ClassVar[str] = "listening"
    raw_tables: ClassVar[tuple[str, ...]] = ("raw_listening_mentions",)
    stg_models: ClassVar[dict[str, str]] = {
        "stg_accounts": "accounts_listening",
        "stg_posts": "posts_listening",
        "stg_interactions": "interactions_listening",
    }
    current_models: ClassVar[tuple[str, ...]] = ("listening_current",)
    author_columns: ClassVar[dict[str, str]] = {"raw_listening_mentions": "account_id"}

    def discover(self, folder: Path) -> list[Path]:
        """Every ``.csv``/``.tsv`` file under ``folder`` (any depth), as the intranet CSV source finds them."""
        return IntranetCsvSource().discover(folder)

    def plan(self, export: Export) -> Plan:
        members = [m.name for m in export.members()]
        if len(members) != 1:
            raise RejectedFile("a listening export is one .csv or .tsv file (unzip it into listening/)")
        return Plan(members=members, skipped=0)

    # -- load --------------------------------------------------------------------------
    def load(self, ctx: LoadContext) -> LoadCounts:
        settings = ctx.settings.listening
        [member] = ctx.members
        [path] = list(ctx.export.stage([member], ctx.staging, suffix=".csv"))
        if os.path.getsize(path) == 0:
            raise RejectedFile("empty file (0 bytes)", member)
        with open(path, "rb") as fh:
            head = fh.read(_HEAD_BYTES)
        encoding = detect_encoding(head, settings.encoding)
        lines = head.decode("utf-16" if encoding == "utf-16" else encoding, errors="replace").lstrip("\ufeff").split("\n")
        found = find_header([ln.rstrip("\r") for ln in lines], settings)
        if found is None:
            raise RejectedFile(header_problem(settings, lines[0]), member)
        skip, delimiter, preset, _ = found
        con = ctx.con
        header = csv_header(con, path, member, delimiter=delimiter, encoding=encoding, skip=skip)
        fields = _resolve(settings.mapping(preset), header)
        missing = [f for f in LISTENING_REQUIRED if f not in fields]
        if missing:
            raise RejectedFile(header_problem(settings, delimiter.join(header)), member)
        rows_in, malformed = read_csv_member(
            ctx, path, member, _FILE_TABLE, required=[h for hs in fields.values() for h in hs],
            delimiter=delimiter, encoding=encoding, skip=skip,
        )
        params = {"vendor": preset, "tz": settings.timezone, "formats": _DATE_FORMATS, "network": settings.network}
        if settings.timestamp_format is not None:
            params["fmt"] = settings.timestamp_format
        sql = canonical_rows_sql(settings, fields)
        con.execute(f"CREATE OR REPLACE TEMP TABLE _listen_rows AS {sql}",
                    {k: v for k, v in params.items() if f"${k}" in sql})
        try:
            excluded = self._opted_out(ctx, member)
            counts = self._store(ctx, member, excluded)
        finally:
            for t in (_FILE_TABLE, "_listen_rows", "_listen_classified"):
                con.execute(f"DROP TABLE IF EXISTS {t}")
        counts.rows_in = rows_in
        counts.rows_quarantined += malformed
        return counts

    def _opted_out(self, ctx: LoadContext, member: str) -> list[str]:
        """Authors of this file who are opted-out employees (only their account columns are
        written, for the accounts model to see, and deleted again before anything is stored)."""
        con = ctx.con
        con.execute(
            """INSERT INTO raw_listening_mentions BY NAME
               SELECT platform, account_id, handle, $sha AS _file_sha256, $member AS _member, _record
               FROM (SELECT *, 'listening:' || platform || ':' || coalesce(handle, lower(author)) AS account_id
                     FROM _listen_rows)
               WHERE account_id IS NOT NULL""",
            {"sha": ctx.sha256, "member": member},
        )
        try:
            return ctx.opted_out_accounts(self.platform, self.stg_models["stg_accounts"])
        finally:
            con.execute("DELETE FROM raw_listening_mentions WHERE _file_sha256 = $sha", {"sha": ctx.sha256})

    def _store(self, ctx: LoadContext, member: str, excluded: list[str]) -> LoadCounts:
        con = ctx.con
        gone = {
            platform: [h for (h,) in con.execute(
                f"SELECT DISTINCT {platform}_handle FROM stg_people WHERE opt_out AND {platform}_handle IS NOT NULL ORDER BY 1"
            ).fetchall()]
            for platform in ("x", "bluesky", "mastodon")
        }
        pattern = redaction_pattern(gone)

        def redact(expr: str) -> str:
            return f"regexp_replace({expr}, {_sql_text(pattern)}, '{REDACTED}', 'g')" if pattern else expr

        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _listen_classified AS
            SELECT *,
                CASE
                    WHEN account_id IS NULL THEN 'no author (author cell empty)'
                    WHEN list_contains($excluded, account_id) THEN 'excluded'
                    WHEN created_raw IS NULL THEN 'empty date'
                    WHEN created_at IS NULL THEN 'date ''' || left(created_raw, 60) || ''' is not a timestamp ('
                        || coalesce('format ' || $fmt_label::VARCHAR, 'ISO-8601 or a common export format expected') || ')'
                END AS problem,
                coalesce(native_key, platform || ':url:' || lower(url), vendor || ':id:' || post_id,
                         platform || ':' || md5(concat_ws('|', account_id, strftime(created_at, '%Y-%m-%dT%H:%M:%S'),
                                                          title, text))) AS record_key,
                CASE
                    WHEN regexp_matches(text, '^RT @[A-Za-z0-9_]+:') THEN 'reshare'
                    WHEN regexp_matches(lower(post_type), '(share|repost|retweet|boost)') THEN 'reshare'
                    WHEN regexp_matches(lower(post_type), 'quote') THEN 'quote'
                    WHEN regexp_matches(lower(post_type), '(reply|comment|repl)') THEN 'reply'
                    ELSE 'post'
                END AS kind
            FROM (
                SELECT * REPLACE ({redact('text')} AS text, {redact('title')} AS title,
                                  {redact('record::VARCHAR')}::JSON AS record),
                    'listening:' || platform || ':' || coalesce(handle, lower(author)) AS account_id
                FROM _listen_rows
            )""",
            {"excluded": excluded or [""], "fmt_label": ctx.settings.listening.timestamp_format},
        )
        for record, problem, raw in con.execute(
            """SELECT _record, problem, record::VARCHAR FROM _listen_classified
               WHERE problem IS NOT NULL AND problem <> 'excluded' ORDER BY _record"""
        ).fetchall():
            ctx.quarantine(member, record, problem[:500], None if raw is None else raw[:QUARANTINE_RAW_CHARS])
        con.execute(
            r"""INSERT INTO raw_listening_mentions BY NAME
            SELECT vendor, platform, record_key, native_key, account_id, handle, author, author_id, author_name,
                   created_at, kind, post_type, title, text, url, shared_url, likes, reshares, replies, quotes,
                   engagement, record, $sha AS _file_sha256, $member AS _member, _record,
                   CASE
                       WHEN platform = 'x' THEN list_filter(list_transform(
                           regexp_extract_all(body, '(?:^|[^A-Za-z0-9_@])@([A-Za-z0-9_]{1,15})', 1),
                           lambda h: normalize_handle('x', h)), lambda h: h IS NOT NULL)
                       WHEN platform = 'bluesky' THEN list_filter(list_transform(
                           regexp_extract_all(body, '(?:^|[^A-Za-z0-9_@.])@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)', 1),
                           lambda h: normalize_handle('bluesky', rtrim(h, '.'))), lambda h: h IS NOT NULL)
                       WHEN platform = 'mastodon' THEN list_filter(list_transform(
                           regexp_extract_all(body, '(?:^|[^A-Za-z0-9_@])@([A-Za-z0-9_]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})', 1),
                           lambda h: normalize_handle('mastodon', h)), lambda h: h IS NOT NULL)
                       ELSE []::VARCHAR[]
                   END AS mentions,
                   list_transform(regexp_extract_all(body, '(?:^|[^A-Za-z0-9_&])#([A-Za-z0-9_]*[A-Za-z_][A-Za-z0-9_]*)', 1),
                                  lambda h: lower(h)) AS hashtags,
                   list_filter(list_concat(text_links, CASE WHEN shared_url IS NOT NULL
                                                            AND NOT list_contains(text_links, shared_url)
                                                            THEN [shared_url] ELSE [] END),
                               lambda u: u IS DISTINCT FROM url) AS links,
                   CASE WHEN kind = 'reshare' AND regexp_matches(text, '^RT @[A-Za-z0-9_]+:')
                        THEN normalize_handle('x', regexp_extract(text, '^RT @([A-Za-z0-9_]+):', 1)) END AS ref_handle
            FROM (SELECT *, list_transform(regexp_extract_all(body, 'https?://[^\s<>"]+'), lambda u: rtrim(u, '.,;:!?)'))
                            AS text_links
                  FROM (SELECT *, concat_ws(chr(10), title, text) AS body FROM _listen_classified))
            WHERE problem IS NULL
            QUALIFY row_number() OVER (PARTITION BY record_key ORDER BY _record) = 1""",
            {"sha": ctx.sha256, "member": member},
        )
        [(quarantined, excluded_n, valid)] = con.execute(
            """SELECT count(*) FILTER (problem IS NOT NULL AND problem <> 'excluded'),
                      count(*) FILTER (problem = 'excluded'), count(*) FILTER (problem IS NULL)
               FROM _listen_classified"""
        ).fetchall()
        loaded = con.execute(
            "SELECT count(*) FROM raw_listening_mentions WHERE _file_sha256 = $sha", {"sha": ctx.sha256}
        ).fetchall()[0][0]
        return LoadCounts(
            rows_loaded=loaded, rows_quarantined=quarantined, rows_duplicate=valid - loaded, rows_excluded=excluded_n
        )
