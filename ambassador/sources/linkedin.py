"""LinkedIn member data exports ("Get a copy of your data"), zip or folder.

Only four files are read, wherever they sit in the export and whatever suffix LinkedIn gave
them (``Shares.csv``, ``Shares_7789716.csv``, ``Basic_LinkedInDataExport_…/Shares.csv``):

- ``Profile.csv``: the export owner (first row). The export holds no member id, so the
  owner's account id is ``in:<slug>`` when ``Websites`` lists their ``linkedin.com/in/`` URL,
  else ``x:<handle>`` from ``Twitter Handles``, else ``name:<first last>``;
- ``Shares.csv``: the owner's posts. Only ``PUBLIC`` visibility is stored; ``MEMBER_NETWORK``
  / ``CONNECTIONS`` (connections only), ``LOGGED_IN`` or empty visibility count as
  ``rows_excluded`` and their content is never stored;
- ``Comments.csv``: comments the owner wrote (stg replies). They have no visibility column;
  they are treated as public (a comment is shown to whoever can see the post);
- ``Reactions.csv``: kept raw only (the reacted-to author is not in the export).

Messages, Connections, Invitations and everything else are never opened (skipped members).

Every generation of the files is first rewritten by :func:`normalize` (pure Python, on the
member's bytes) into a plain UTF-8, comma-separated, fully quoted CSV with canonical column
names, then read by :func:`~ambassador.sources.csv_files.read_csv_member`:

- 2018: UTF-16LE with BOM, tab-separated, ``Share Commentary`` style headers;
- 2021: ``SharedURL``/``MediaURL`` headers, unquoted newlines in ``Comments.csv`` Message
  (continuation lines, those not starting with ``YYYY-MM-DD HH:MM:SS,``, are merged);
- 2025: ``SharedUrl``/``MediaUrl``, backslash-escaped quotes (``\\"``) in ``Comments.csv``;
- multi-line ShareCommentary with every line wrapped as ``""line""`` (undone by
  :func:`fix_commentary`).

Rows that still do not fit the header are quarantined by ``read_csv_member`` (their line is
the line of the normalised file); rows with an unparseable date, and shares without an urn,
are quarantined by the load. Non-public shares are classified before that, so no quarantine
row holds their text.
"""

from __future__ import annotations

import csv
import io
import re
import urllib.parse
from pathlib import Path, PurePosixPath
from typing import ClassVar

from ambassador.errors import RejectedFile
from ambassador.sources.base import QUARANTINE_RAW_CHARS, LoadContext, LoadCounts, Plan, discover_exports
from ambassador.sources.csv_files import read_csv_member
from ambassador.untrusted import Export

PROFILE, SHARES, COMMENTS, REACTIONS = "Profile", "Shares", "Comments", "Reactions"
FILE_NAME = re.compile(r"^(Profile|Shares|Comments|Reactions)(?:_\d+)?\.csv$", re.IGNORECASE)

# canonical column <- header key (lower-cased, only letters and digits kept)
COLUMNS: dict[str, dict[str, str]] = {
    PROFILE: {"firstname": "first_name", "lastname": "last_name", "twitterhandles": "twitter_handles",
              "websites": "websites"},
    SHARES: {"date": "date", "sharelink": "share_link", "sharecommentary": "commentary", "sharedurl": "shared_url",
             "mediaurl": "media_url", "visibility": "visibility"},
    COMMENTS: {"date": "date", "link": "link", "message": "message"},
    REACTIONS: {"date": "date", "type": "type", "link": "link"},
}
REQUIRED = {
    PROFILE: ("first_name", "last_name"),
    SHARES: ("date", "share_link", "commentary", "visibility"),
    COMMENTS: ("date", "link", "message"),
    REACTIONS: ("date", "type", "link"),
}
PUBLIC_VISIBILITY = ("PUBLIC",)  # compared upper-cased: 'PUBLIC' (2021+) and 'Public' (2018)
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S UTC")
RECORD_START = re.compile(r'^"?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"?,')
URN = re.compile(r"urn:li:(?:share|ugcPost|activity):\d+", re.IGNORECASE)
SMALL_FILE_BYTES = 1 << 20  # Profile.csv is read whole in Python


# -- pure repair steps ----------------------------------------------------------------------


def decode(data: bytes) -> str:
    """Text of a member: UTF-16 (2018, with BOM) or UTF-8 (BOM dropped); bad bytes replaced.

    >>> decode("Date\\tLink".encode("utf-16"))
    'Date\\tLink'
    >>> decode(b"\\xef\\xbb\\xbfDate,Link")
    'Date,Link'
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8-sig", errors="replace")


def header_key(name: str) -> str:
    """``'Shared URL'``, ``'SharedURL'`` and ``'SharedUrl'`` all give ``'sharedurl'``."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def fix_commentary(value: str) -> str:
    """Undo the ``""line""`` wrapping of multi-line ShareCommentary (export_formats.md §8).

    >>> fix_commentary('I\\'m off.\"\\n\"\"\\n\"WHAT? now')
    "I'm off.\\n\\nWHAT? now"
    >>> fix_commentary('a "quoted"\\nsecond line')
    'a "quoted"\\nsecond line'
    """
    if "\n" not in value:
        return value
    lines = value.split("\n")
    if not all(a.endswith('"') and b.startswith('"') for a, b in zip(lines, lines[1:], strict=False)):
        return value
    out = []
    last = len(lines) - 1
    for i, line in enumerate(lines):
        if line == '""':
            out.append("")
            continue
        if i > 0 and line.startswith('"'):
            line = line[1:]
        if i < last and line.endswith('"'):
            line = line[:-1]
        out.append(line)
    return "\n".join(out)


def _unquote(field: str) -> str:
    field = field.strip("\r")
    if len(field) >= 2 and field.startswith('"') and field.endswith('"'):
        return field[1:-1].replace('\\"', '"').replace('""', '"')
    return field


def comment_rows(lines: list[str]) -> list[list[str]]:
    """Rows of a modern ``Comments.csv`` body (``Date,Link,Message``), line by line.

    A record starts at a line beginning with a ``YYYY-MM-DD HH:MM:SS`` date and a comma;
    other lines continue the previous record's Message (2021 unquoted newlines, quoted
    multi-line messages). Date and Link hold no comma, so Message is everything after the
    second comma; ``\\"`` (2025) and ``""`` both stand for a quote.

    >>> comment_rows(['2021-01-02 03:04:05,urn%3Ali%3Aactivity%3A1,Hello', 'world'])
    [['2021-01-02 03:04:05', 'urn%3Ali%3Aactivity%3A1', 'Hello\\nworld']]
    >>> comment_rows(['"2025-01-02 03:04:05","urn%3Ali%3Aactivity%3A1","say \\\\"hi\\\\""'])
    [['2025-01-02 03:04:05', 'urn%3Ali%3Aactivity%3A1', 'say "hi"']]
    """
    records: list[str] = []
    for line in lines:
        if RECORD_START.match(line) or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    rows = []
    for rec in records:
        parts = rec.split(",", 2)
        rows.append([_unquote(p) for p in parts])
    return rows


def normalize(data: bytes, kind: str) -> tuple[list[str], list[list[str]], list[tuple[int, list[str]]]]:
    """(canonical columns, rows, malformed) of one LinkedIn CSV of ``kind``, every generation.

    Columns the export lacks are absent (the header check then names them); unknown columns
    are dropped. Each row ends with its position among the file's data rows (column
    ``row_no``). Rows with more or fewer cells than the header are returned apart, as
    (position, cells), for the load to quarantine.
    """
    text = decode(data)
    # not str.splitlines(): it would also split on U+2028, U+0085 … inside a post's text
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return [], [], []
    first = lines[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    header = [header_key(h) for h in next(csv.reader([first], delimiter=delimiter))]
    try:
        if kind == COMMENTS and delimiter == "," and header == ["date", "link", "message"]:
            body = comment_rows(lines[1:])
        else:
            body = list(csv.reader(io.StringIO("\n".join(lines[1:])), delimiter=delimiter))
    except csv.Error as exc:  # e.g. a field over csv.field_size_limit()
        raise RejectedFile(f"not a readable CSV file ({exc})") from None
    wanted = COLUMNS[kind]
    keep = [(i, wanted[h]) for i, h in enumerate(header) if h in wanted]
    columns = [c for _, c in keep]
    rows: list[list[str]] = []
    malformed: list[tuple[int, list[str]]] = []
    body = [cells for cells in body if any(c.strip() for c in cells)]
    for n, cells in enumerate(body):
        if len(cells) != len(header):
            malformed.append((n, cells))
            continue
        row = [cells[i] for i, _ in keep]
        if kind == SHARES and "commentary" in columns:
            j = columns.index("commentary")
            row[j] = fix_commentary(row[j])
        rows.append([*row, str(n)])
    return [*columns, "row_no"], rows, malformed


def urn_of(link: str | None) -> str | None:
    """The ``urn:li:…:<id>`` a LinkedIn link (URL-encoded or not) names.

    >>> urn_of("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A6543")
    'urn:li:share:6543'
    >>> urn_of("urn%3Ali%3Aactivity%3A77?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A77%2C8%29")
    'urn:li:activity:77'
    """
    if not link:
        return None
    m = URN.search(urllib.parse.unquote(link))
    return m.group(0) if m else None


def split_list(value: str | None) -> list[str]:
    """``'[a,b]'`` (2021+) or ``'a,b'`` (2018) as a list.

    >>> split_list("[COMPANY:https://example.com,PERSONAL:https://www.linkedin.com/in/ann]")
    ['COMPANY:https://example.com', 'PERSONAL:https://www.linkedin.com/in/ann']
    """
    v = (value or "").strip()
    if v.startswith("[") and v.endswith("]"):
        v = v[1:-1]
    return [p.strip() for p in v.split(",") if p.strip()]


def owner_account_id(first: str, last: str, handles: list[str], websites: list[str]) -> tuple[str, str | None]:
    """(account id, profile URL) of the export owner; see the module docstring."""
    from ambassador.handles import normalize_handle

    for site in websites:
        url = site.split(":", 1)[1] if re.match(r"^[A-Za-z_]+:", site) and not site.lower().startswith("http") else site
        slug = normalize_handle("linkedin", url)
        if slug:
            return f"in:{slug}", url
    for h in handles:
        x = normalize_handle("x", h)
        if x:
            return f"x:{x}", None
    return "name:" + " ".join(f"{first} {last}".lower().split()), None


# -- the source -----------------------------------------------------------------------------


_QUARANTINE_BAD = """
INSERT INTO quarantine
SELECT $source, $path, $sha, $member, row_no::BIGINT, {reason}, left({raw}, $raw_chars), $run
FROM {table}
WHERE {bad}
ORDER BY row_no::BIGINT
"""

def urn_sql(column: str) -> str:
    """SQL twin of :func:`urn_of` for ``column``."""
    return f"nullif(regexp_extract(url_decode({column}), 'urn:li:(?:share|ugcPost|activity):[0-9]+', 0, 'i'), '')"


_PARSED = "coalesce(" + ", ".join(f"try_strptime(date, '{f}')" for f in DATE_FORMATS) + ")"


class LinkedInSource:
    """LinkedIn member data exports (zip or folder) in ``DATA_DIR/linkedin/``."""

    name: ClassVar[str] = "linkedin"
    folder: ClassVar[str] = "linkedin"
    platform: ClassVar[str] = "linkedin"
    raw_tables: ClassVar[tuple[str, ...]] = (
        "raw_linkedin_profile", "raw_linkedin_shares", "raw_linkedin_comments", "raw_linkedin_reactions",
    )
    stg_models: ClassVar[dict[str, str]] = {
        "stg_accounts": "accounts_linkedin",
        "stg_posts": "posts_linkedin",
        "stg_interactions": "interactions_linkedin",
    }
    current_models: ClassVar[tuple[str, ...]] = ("linkedin_posts_current",)
    author_columns: ClassVar[dict[str, str]] = {t: "account_id" for t in raw_tables}

    def discover(self, folder: Path) -> list[Path]:
        """Each zip or sub-folder of ``folder`` is one export."""
        return discover_exports(folder)

    @staticmethod
    def locate(export: Export) -> dict[str, str]:
        """kind -> member: the shallowest file of each kind (suffixed names accepted)."""
        found: dict[str, str] = {}
        names = sorted((m.name for m in export.members()), key=lambda n: (n.count("/"), n))
        for name in names:
            m = FILE_NAME.match(PurePosixPath(name).name)
            if m:
                kind = m.group(1).capitalize()
                found.setdefault(kind, name)
        return found

    def plan(self, export: Export) -> Plan:
        """Read only Profile, Shares, Comments and Reactions; skip everything else."""
        found = self.locate(export)
        if not any(k in found for k in (SHARES, COMMENTS, REACTIONS)):
            raise RejectedFile("no Shares.csv, Comments.csv or Reactions.csv: not a LinkedIn data export")
        if PROFILE not in found:
            raise RejectedFile("no Profile.csv: cannot tell whose export this is (needed for opt-outs)")
        chosen = [found[k] for k in (PROFILE, SHARES, COMMENTS, REACTIONS) if k in found]
        return Plan(chosen, len(export.members()) - len(chosen))

    def load(self, ctx: LoadContext) -> LoadCounts:
        """Insert the owner, public shares, comments and reactions; nothing if the owner opted out."""
        found = self.locate(ctx.export)
        con = ctx.con
        account_id = self._owner(ctx, found[PROFILE])
        counts = LoadCounts()
        opted_out = account_id in set(ctx.opted_out_accounts(self.platform, self.stg_models["stg_accounts"]))
        if opted_out:
            con.execute("DELETE FROM raw_linkedin_profile WHERE _file_sha256 = $sha", {"sha": ctx.sha256})
        for i, kind in enumerate((SHARES, COMMENTS, REACTIONS)):
            if kind not in found:
                continue
            member = found[kind]
            try:
                columns, rows, malformed = normalize(ctx.export.read_bytes(member), kind)
            except RejectedFile as exc:
                raise RejectedFile(exc.reason, member) from None
            if not columns:  # an empty file: nothing to read
                continue
            if opted_out:  # nothing of theirs is stored, not even a quarantine row
                counts.rows_in += len(rows) + len(malformed)
                counts.rows_excluded += len(rows) + len(malformed)
                continue
            missing = [c for c in REQUIRED[kind] if c not in columns]
            if missing:
                raise RejectedFile(
                    f"missing column(s) {', '.join(missing)}; is this a LinkedIn {kind}.csv?", member
                )
            for n, cells in malformed:
                # a Shares row that does not parse cannot be shown to be public: its text is not kept
                raw = None if kind == SHARES else ",".join(cells)
                ctx.quarantine(member, n, f"malformed CSV row: {len(cells)} cells, the header has more or fewer", raw)
            path = self._write(ctx, i, columns, rows)
            table = f"linkedin_{kind.lower()}_{ctx.sha256[:12]}"
            n_in, n_bad = read_csv_member(ctx, path, member, table, required=REQUIRED[kind], delimiter=",")
            counts.rows_in += n_in + len(malformed)
            counts.rows_quarantined += n_bad + len(malformed)
            try:
                counts += getattr(self, f"_load_{kind.lower()}")(ctx, table, member, account_id)
            finally:
                con.execute(f"DROP TABLE IF EXISTS {table}")
        return counts

    # -- steps of load ---------------------------------------------------------------------
    def _owner(self, ctx: LoadContext, member: str) -> str:
        size = {m.name: m.size for m in ctx.export.members()}[member]
        if size > SMALL_FILE_BYTES:
            raise RejectedFile(f"larger than {SMALL_FILE_BYTES} bytes", member)
        try:
            columns, rows, _ = normalize(ctx.export.read_bytes(member), PROFILE)
        except RejectedFile as exc:
            raise RejectedFile(exc.reason, member) from None
        missing = [c for c in REQUIRED[PROFILE] if c not in columns]
        if missing:
            raise RejectedFile(f"missing column(s) {', '.join(missing)}; cannot tell whose export this is", member)
        if not rows:
            raise RejectedFile("no profile row: cannot tell whose export this is (needed for opt-outs)", member)
        row = dict(zip(columns, rows[0], strict=True))
        handles = split_list(row.get("twitter_handles"))
        websites = split_list(row.get("websites"))
        first, last = row["first_name"].strip(), row["last_name"].strip()
        account_id, url = owner_account_id(first, last, handles, websites)
        ctx.con.execute(
            "INSERT INTO raw_linkedin_profile VALUES ($id, $first, $last, $url, $handles, $sites, $sha, $member, 0)",
            {"id": account_id, "first": first, "last": last, "url": url, "handles": handles, "sites": websites,
             "sha": ctx.sha256, "member": member},
        )
        return account_id

    @staticmethod
    def _write(ctx: LoadContext, i: int, columns: list[str], rows: list[list[str]]) -> str:
        out = ctx.staging / "linkedin"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"file{i:03d}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
            w.writerow(columns or ["column0"])
            w.writerows(rows)
        return str(path)

    def _quarantine(self, ctx: LoadContext, table: str, member: str, bad: str, reason: str, raw: str) -> int:
        [(n,)] = ctx.con.execute(f"SELECT count(*) FROM {table} WHERE {bad}").fetchall()
        if n:
            ctx.con.execute(
                _QUARANTINE_BAD.format(table=table, bad=bad, reason=reason, raw=raw),
                {"source": ctx.source, "path": ctx.path, "sha": ctx.sha256, "member": member,
                 "raw_chars": QUARANTINE_RAW_CHARS, "run": ctx.run_id},
            )
        return n

    def _load_shares(self, ctx: LoadContext, table: str, member: str, account_id: str) -> LoadCounts:
        con = ctx.con
        public = "upper(trim(coalesce(visibility, ''))) IN (" + ", ".join(f"'{v}'" for v in PUBLIC_VISIBILITY) + ")"
        # non-public first: excluded without a trace, whatever else is wrong with the row
        [(excluded,)] = con.execute(f"SELECT count(*) FROM {table} WHERE NOT ({public})").fetchall()
        urn_link = urn_sql("share_link")
        bad_date = f"{public} AND {_PARSED} IS NULL"
        bad_urn = f"{public} AND {_PARSED} IS NOT NULL AND {urn_link} IS NULL"
        q = self._quarantine(ctx, table, member, bad_date, "'Date not like 2025-07-01 14:33:22 or 2017/06/08 08:15:44 UTC'", "date")
        q += self._quarantine(ctx, table, member, bad_urn, "'ShareLink names no urn:li:share/ugcPost/activity id'", "share_link")
        shared, media = (_col(con, table, c) for c in ("shared_url", "media_url"))
        con.execute(
            f"""INSERT INTO raw_linkedin_shares
                SELECT $owner, {urn_link}, date, share_link, commentary, {shared}, {media}, visibility,
                       $sha, $member, row_no::BIGINT
                FROM {table}
                WHERE {public} AND {_PARSED} IS NOT NULL AND {urn_link} IS NOT NULL
                ORDER BY row_no::BIGINT""",
            {"owner": account_id, "sha": ctx.sha256, "member": member},
        )
        [(total,)] = con.execute(f"SELECT count(*) FROM {table}").fetchall()
        return LoadCounts(rows_loaded=total - excluded - q, rows_quarantined=q, rows_excluded=excluded)

    def _load_comments(self, ctx: LoadContext, table: str, member: str, account_id: str) -> LoadCounts:
        con = ctx.con
        urn_comment = urn_sql("link")
        q = self._quarantine(ctx, table, member, f"{_PARSED} IS NULL", "'Date not like 2025-07-01 14:33:22'", "date")
        con.execute(
            f"""INSERT INTO raw_linkedin_comments
                SELECT $owner, date, link, {urn_comment}, message, $sha, $member, row_no::BIGINT
                FROM {table} WHERE {_PARSED} IS NOT NULL ORDER BY row_no::BIGINT""",
            {"owner": account_id, "sha": ctx.sha256, "member": member},
        )
        [(total,)] = con.execute(f"SELECT count(*) FROM {table}").fetchall()
        return LoadCounts(rows_loaded=total - q, rows_quarantined=q)

    def _load_reactions(self, ctx: LoadContext, table: str, member: str, account_id: str) -> LoadCounts:
        con = ctx.con
        q = self._quarantine(ctx, table, member, f"{_PARSED} IS NULL", "'Date not like 2025-07-01 14:33:22'", "date")
        con.execute(
            f"""INSERT INTO raw_linkedin_reactions
                SELECT $owner, date, type, link, $sha, $member, row_no::BIGINT
                FROM {table} WHERE {_PARSED} IS NOT NULL ORDER BY row_no::BIGINT""",
            {"owner": account_id, "sha": ctx.sha256, "member": member},
        )
        [(total,)] = con.execute(f"SELECT count(*) FROM {table}").fetchall()
        return LoadCounts(rows_loaded=total - q, rows_quarantined=q)


def _col(con, table: str, column: str) -> str:
    """``column`` if the temp table has it, else NULL (older files lack SharedUrl/MediaUrl)."""
    present = con.execute(
        "SELECT 1 FROM duckdb_columns() WHERE table_name = $t AND column_name = $c AND database_name = 'temp'",
        {"t": table, "c": column},
    ).fetchall()
    return column if present else "NULL"
