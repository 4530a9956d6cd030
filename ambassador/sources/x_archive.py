"""X (Twitter) "Download your archive" archives.

An archive is a zip or a folder whose data files sit under ``data/``, at the root, or under
one top-level folder. Only three kinds of file are read:

- ``manifest.js`` (``window.__THAR_CONFIG = {…}``): ``dataTypes.tweets.files`` (``tweet`` in
  archives before 2022-11) lists the tweet part files, in no particular order;
- ``account.js``: the archive owner (``accountId``, ``username``, ``email`` …);
- the tweet parts: ``tweets.js``, ``tweets-part1.js`` … (``tweet.js``, ``tweet-part1.js`` …
  in older archives), each ``window.YTD.tweets.partN = [ … ]``.

Everything else (``deleted-tweets.js``, ``direct-messages*.js``, ``like.js``, media …) is never
opened and counts as a skipped member. Without a manifest the part files are found by name.

Parts are staged without the ``window.YTD… =`` prefix under generated names, then read by
DuckDB in one ``read_json`` call; a part DuckDB cannot read is quarantined whole and the
others load. Records are ``{"tweet": {…}}`` since 2020 and bare tweet objects before; both
are accepted. Ids and counts stay strings in ``raw_x_tweets``.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import ClassVar

import duckdb

from ambassador.errors import RejectedFile
from ambassador.sources.base import QUARANTINE_RAW_CHARS, LoadContext, LoadCounts, Plan, discover_exports
from ambassador.sources.json_arrays import READ_ARRAYS, split_readable
from ambassador.untrusted import Export, parse_json_bytes

MANIFEST = "manifest.js"
ACCOUNT = "account.js"
# tweets.js, tweets-part1.js … and the pre-2022 tweet.js, tweet-part1.js …
TWEET_PART = re.compile(r"^tweets?(?:-part(\d+))?\.js$")
# manifest dataTypes keys holding the tweet parts, newest name first
TWEET_DATA_TYPES = ("tweets", "tweet")
CREATED_AT_FORMAT = "%a %b %d %H:%M:%S %z %Y"
PREFIX_SCAN_BYTES = 64 * 1024  # the `window.YTD.tweets.part0 = ` prefix is far shorter
SMALL_FILE_BYTES = 16 * 2**20  # account.js and manifest.js are read whole; they are tiny
_COPY_CHUNK = 1 << 20


# -- pure parsers ---------------------------------------------------------------------------


def parse_js_assignment(data: bytes, member: str):
    """Parse a ``window.X = <json>`` file (``account.js``, ``manifest.js``) strictly.

    The text up to the first ``=`` is dropped, as is a trailing ``;``.

    >>> parse_js_assignment(b'window.YTD.account.part0 = [ {"account": {"accountId": "42"}} ]', "account.js")
    [{'account': {'accountId': '42'}}]
    >>> parse_js_assignment(b'window.__THAR_CONFIG = {"dataTypes": {}};', "manifest.js")
    {'dataTypes': {}}
    >>> parse_js_assignment(b'[1, 2]', "plain.js")
    [1, 2]
    """
    head = data[:PREFIX_SCAN_BYTES]
    starts = [i for i in (head.find(b"["), head.find(b"{")) if i >= 0]
    eq = head.find(b"=")
    if eq >= 0 and (not starts or eq < min(starts)):
        body = data[eq + 1 :]
    else:
        body = data
    return parse_json_bytes(body.strip().rstrip(b";"), member)


def tweet_part_files(manifest: dict) -> list[str] | None:
    """The tweet part file names a parsed ``manifest.js`` lists, or None if it lists none.

    Parts whose declared ``count`` is ``"0"`` are kept: an archive may still hold the file.

    >>> tweet_part_files({"dataTypes": {"tweets": {"files": [
    ...     {"fileName": "data/tweets-part1.js", "count": "10"},
    ...     {"fileName": "data/tweets.js", "count": "5"}]}}})
    ['data/tweets-part1.js', 'data/tweets.js']
    >>> tweet_part_files({"dataTypes": {"tweet": {"files": [{"fileName": "data/tweet.js"}]}}})
    ['data/tweet.js']
    >>> tweet_part_files({"dataTypes": {"like": {"files": [{"fileName": "data/like.js"}]}}}) is None
    True
    """
    types = manifest.get("dataTypes") if isinstance(manifest, dict) else None
    if not isinstance(types, dict):
        return None
    names: list[str] = []
    found = False
    for key in TWEET_DATA_TYPES:
        entry = types.get(key)
        files = entry.get("files") if isinstance(entry, dict) else None
        if not isinstance(files, list):
            continue
        found = True
        for f in files:
            name = f.get("fileName") if isinstance(f, dict) else None
            if isinstance(name, str) and name and name not in names:
                names.append(name)
    return names if found else None


def part_sort_key(name: str) -> tuple[int, str]:
    """Order tweet parts by part number (``tweets.js`` is part 0), then name.

    >>> sorted(["data/tweets-part10.js", "data/tweets-part2.js", "data/tweets.js"], key=part_sort_key)
    ['data/tweets.js', 'data/tweets-part2.js', 'data/tweets-part10.js']
    """
    base = PurePosixPath(name).name
    m = TWEET_PART.match(base)
    return (int(m.group(1) or 0) if m else 1 << 30, name)


def _parent(name: str) -> str:
    parent = str(PurePosixPath(name).parent)
    return "" if parent == "." else parent


def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


# -- locating the files of an archive -------------------------------------------------------


@dataclass
class ArchiveLayout:
    """Which members of an export hold the owner, the manifest and the tweets."""

    account: str | None = None
    manifest: str | None = None
    parts: list[str] = field(default_factory=list)  # part members in part order
    missing: list[str] = field(default_factory=list)  # listed in manifest.js, absent from the export
    manifest_error: str | None = None  # why manifest.js could not be used (parts then found by name)

    @property
    def members(self) -> list[str]:
        return [m for m in (self.account, self.manifest) if m] + self.parts


def _resolve_listed(listed: str, base: str, names: set[str]) -> str | None:
    """The member a manifest ``fileName`` (relative to the archive root) refers to."""
    if listed in names:
        return listed
    beside = _join(base, PurePosixPath(listed).name)  # files next to manifest.js
    if beside in names:
        return beside
    nested = sorted((n for n in names if n.endswith("/" + listed)), key=lambda n: (n.count("/"), n))
    return nested[0] if nested else None


def locate(export: Export) -> ArchiveLayout:
    """Find ``account.js``, ``manifest.js`` and the tweet parts of an archive.

    The shallowest ``manifest.js`` drives part discovery; without one (or when it lists no
    tweet files) parts are the members named like ``tweets.js`` / ``tweet-part1.js`` in the
    folder of ``account.js`` or, failing that, the shallowest folder holding any.
    """
    members = {m.name: m for m in export.members()}
    names = set(members)
    layout = ArchiveLayout()
    manifests = export.find(MANIFEST)
    layout.manifest = manifests[0] if manifests else None
    base = _parent(layout.manifest) if layout.manifest else None

    accounts = export.find(ACCOUNT)
    if base is not None and _join(base, ACCOUNT) in names:
        layout.account = _join(base, ACCOUNT)
    elif accounts:
        layout.account = accounts[0]

    listed: list[str] | None = None
    if layout.manifest:
        if members[layout.manifest].size > SMALL_FILE_BYTES:
            layout.manifest_error = f"larger than {SMALL_FILE_BYTES} bytes"
        else:
            try:
                listed = tweet_part_files(parse_js_assignment(export.read_bytes(layout.manifest), layout.manifest))
            except RejectedFile as exc:
                layout.manifest_error = exc.reason
            if listed is None and layout.manifest_error is None:
                layout.manifest_error = "lists no tweet files (dataTypes.tweets / dataTypes.tweet)"
    if listed is not None:
        parts: list[str] = []
        for name in listed:
            hit = _resolve_listed(name, base or "", names)
            if hit is None:
                layout.missing.append(name)
            elif hit not in parts:
                parts.append(hit)
    else:
        candidates = [n for n in names if TWEET_PART.match(PurePosixPath(n).name)]
        if base is not None and any(_parent(n) == base for n in candidates):
            folder = base
        elif layout.account is not None and any(_parent(n) == _parent(layout.account) for n in candidates):
            folder = _parent(layout.account)
        elif candidates:
            folder = _parent(min(candidates, key=lambda n: (n.count("/"), n)))
        else:
            folder = None
        parts = [n for n in candidates if _parent(n) == folder]
    layout.parts = sorted(parts, key=part_sort_key)
    return layout


# -- staging and reading the parts ----------------------------------------------------------


def strip_to_array(src: Path, dst: Path) -> bool:
    """Copy ``src`` to ``dst`` from its first ``[``, dropping a trailing ``;``; False if no ``[``.

    Only the first :data:`PREFIX_SCAN_BYTES` are searched; the rest is streamed.
    """
    with src.open("rb") as fh:
        head = fh.read(PREFIX_SCAN_BYTES)
        start = head.find(b"[")
        if start < 0:
            return False
        with dst.open("wb") as out:
            out.write(head[start:])
            shutil.copyfileobj(fh, out, _COPY_CHUNK)
    with dst.open("r+b") as out:
        size = out.seek(0, 2)
        tail_at = max(0, size - 256)
        out.seek(tail_at)
        tail = out.read()
        kept = tail.rstrip(b" \t\r\n;")
        if len(kept) != len(tail):
            out.truncate(tail_at + len(kept))
    return True


_READ_PARTS = READ_ARRAYS


# Every record of the readable parts, numbered within its part, with why it is rejected (if it is).
# _record: read_json has no per-file row number, and row_number() OVER (PARTITION BY filename)
# without an ORDER BY does not follow file order once several parts are scanned in parallel
# (measured: most rows misnumbered with 6 parts on 8 threads). WITH ORDINALITY numbers rows in
# scan order (DuckDB plans it as a streaming row_number over the scan, which keeps each file's
# order), so numbering rows by it within each file gives their position in the part.
_STAGE_RECORDS = """
CREATE TEMP TABLE {table} AS
WITH parts AS (
    SELECT unnest($parts, recursive := true)
),
elements AS (
    SELECT json AS element, filename, ordinality
    FROM {read_parts} WITH ORDINALITY AS r(json, filename, ordinality)
),
numbered AS (
    SELECT
        p.member,
        p.part_no,
        row_number() OVER (PARTITION BY e.filename ORDER BY e.ordinality) - 1 AS record,
        e.element,
        coalesce(e.element -> 'tweet', e.element) AS tweet
    FROM elements AS e
    JOIN parts AS p ON p.path = e.filename
),
checked AS (
    SELECT
        *,
        nullif(trim(coalesce(tweet ->> 'id_str', tweet ->> 'id')), '') AS id,
        CASE
            WHEN coalesce(json_type(tweet), 'NULL') <> 'OBJECT' THEN 'record is not a tweet object (nor {{"tweet": {{…}}}})'
            WHEN nullif(trim(coalesce(tweet ->> 'id_str', tweet ->> 'id')), '') IS NULL THEN 'tweet has no id_str or id'
            WHEN try_strptime(tweet ->> 'created_at', '{created_at_format}') IS NULL
                THEN 'created_at missing or not like "Fri Feb 20 09:10:58 +0000 2026"'
        END AS reason
    FROM numbered
)
SELECT
    *,
    CASE WHEN reason IS NULL THEN row_number() OVER (PARTITION BY reason IS NULL, id ORDER BY part_no, record) END AS copy_no
FROM checked
"""

_QUARANTINE_RECORDS = """
INSERT INTO quarantine
SELECT $source, $path, $sha, member, record, reason, left(element::VARCHAR, $raw_chars), $run
FROM {table}
WHERE reason IS NOT NULL
ORDER BY part_no, record
"""

_INSERT_TWEETS = """
INSERT INTO raw_x_tweets BY NAME
SELECT
    $owner AS account_id,
    id,
    tweet ->> 'created_at' AS created_at,
    tweet ->> 'full_text' AS full_text,
    nullif(coalesce(tweet ->> 'in_reply_to_status_id_str', tweet ->> 'in_reply_to_status_id'), '') AS in_reply_to_status_id,
    nullif(coalesce(tweet ->> 'in_reply_to_user_id_str', tweet ->> 'in_reply_to_user_id'), '') AS in_reply_to_user_id,
    nullif(tweet ->> 'in_reply_to_screen_name', '') AS in_reply_to_screen_name,
    tweet ->> 'favorite_count' AS favorite_count,
    tweet ->> 'retweet_count' AS retweet_count,
    tweet ->> 'lang' AS lang,
    CASE WHEN json_type(tweet -> '$.entities.user_mentions') = 'ARRAY' THEN tweet -> '$.entities.user_mentions' END AS user_mentions,
    tweet AS record,
    $sha AS _file_sha256,
    member AS _member,
    record AS _record
FROM {table}
WHERE reason IS NULL AND copy_no = 1
ORDER BY part_no, record
"""

_TALLY = """
SELECT
    count(*),
    count(*) FILTER (WHERE reason IS NULL AND copy_no = 1),
    count(*) FILTER (WHERE reason IS NOT NULL),
    count(*) FILTER (WHERE reason IS NULL AND copy_no > 1)
FROM {table}
"""


# -- the source -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    """The archive owner, from ``account.js`` (or the manifest's ``userInfo``)."""

    account_id: str
    username: str | None
    display_name: str | None
    email: str | None
    created_at: str | None
    record: dict
    member: str


def _owner_from_account(data, member: str) -> Owner | None:
    items = data if isinstance(data, list) else [data]
    for item in items:
        acct = item.get("account", item) if isinstance(item, dict) else None
        if isinstance(acct, dict) and acct.get("accountId") not in (None, ""):
            return Owner(
                str(acct["accountId"]),
                acct.get("username"),
                acct.get("accountDisplayName"),
                acct.get("email"),
                acct.get("createdAt"),
                acct,
                member,
            )
    return None


def _owner_from_manifest(data, member: str) -> Owner | None:
    info = data.get("userInfo") if isinstance(data, dict) else None
    if isinstance(info, dict) and info.get("accountId") not in (None, ""):
        return Owner(str(info["accountId"]), info.get("userName"), info.get("displayName"), None, None, info, member)
    return None


class XArchiveSource:
    """X "Download your archive" archives (zip or folder) in ``DATA_DIR/x/``."""

    name: ClassVar[str] = "x"
    folder: ClassVar[str] = "x"
    platform: ClassVar[str] = "x"
    raw_tables: ClassVar[tuple[str, ...]] = ("raw_x_accounts", "raw_x_tweets")
    stg_models: ClassVar[dict[str, str]] = {
        "stg_accounts": "accounts_x",
        "stg_posts": "posts_x",
        "stg_interactions": "interactions_x",
    }
    # raw rows authored by an account (deleted when its employee opts out after loading)
    current_models: ClassVar[tuple[str, ...]] = ("x_tweets_current",)
    author_columns: ClassVar[dict[str, str]] = {"raw_x_tweets": "account_id", "raw_x_accounts": "account_id"}

    def discover(self, folder: Path) -> list[Path]:
        """Each zip or sub-folder of ``folder`` is one archive."""
        return discover_exports(folder)

    def plan(self, export: Export) -> Plan:
        """Read only ``account.js``, ``manifest.js`` and the tweet parts; skip everything else."""
        layout = locate(export)
        if not layout.parts and not layout.missing:
            raise RejectedFile(
                "no tweets.js, tweet.js or tweets-partN.js (nor a manifest.js listing them): not an X archive's data folder"
            )
        if layout.account is None and layout.manifest is None:
            raise RejectedFile("no account.js or manifest.js: cannot tell whose archive this is (needed for opt-outs)")
        chosen = layout.members
        return Plan(chosen, len(export.members()) - len(chosen))

    def load(self, ctx: LoadContext) -> LoadCounts:
        """Insert the owner into ``raw_x_accounts`` and the tweets into ``raw_x_tweets``.

        Unless the owner opted out: then neither is stored and every tweet counts as excluded.
        """
        layout = locate(ctx.export)
        counts = LoadCounts()
        owner = self._owner(ctx, layout)

        staged, unreadable = self._stage_parts(ctx, layout.parts)
        good, bad = split_readable(ctx.con, staged)
        bad = {m: f"not a readable JSON array after the prefix ({why})" for m, why in bad.items()}
        bad.update(unreadable)

        ctx.con.execute(
            "INSERT INTO raw_x_accounts VALUES ($id, $user, $name, $email, $created, $record, $sha, $member, 0)",
            {
                "id": owner.account_id,
                "user": owner.username,
                "name": owner.display_name,
                "email": owner.email,
                "created": owner.created_at,
                "record": json.dumps(owner.record, ensure_ascii=False),
                "sha": ctx.sha256,
                "member": owner.member,
            },
        )
        if owner.account_id in set(ctx.opted_out_accounts(self.platform, self.stg_models["stg_accounts"])):
            ctx.con.execute("DELETE FROM raw_x_accounts WHERE _file_sha256 = $sha", {"sha": ctx.sha256})
            n = sum(good.values()) + len(bad) + len(layout.missing)
            counts.rows_in = counts.rows_excluded = n
            return counts

        for member in layout.missing:
            ctx.quarantine(member, None, "listed in manifest.js but not in the archive")
        for member, reason in bad.items():
            ctx.quarantine(member, None, reason)
        counts.rows_in = counts.rows_quarantined = len(layout.missing) + len(bad)
        if good:
            readable = {p: staged[p] for p in good}
            counts += self._load_records(ctx, owner, readable, layout.parts, sum(good.values()))
        return counts

    # -- steps of load ---------------------------------------------------------------------
    @staticmethod
    def _owner(ctx: LoadContext, layout: ArchiveLayout) -> Owner:
        sizes = {m.name: m.size for m in ctx.export.members()}
        problems = []
        for member, reader in ((layout.account, _owner_from_account), (layout.manifest, _owner_from_manifest)):
            if member is None:
                continue
            if sizes[member] > SMALL_FILE_BYTES:
                problems.append(f"{member}: larger than {SMALL_FILE_BYTES} bytes")
                continue
            try:
                owner = reader(parse_js_assignment(ctx.export.read_bytes(member), member), member)
            except RejectedFile as exc:
                problems.append(f"{member}: {exc.reason}")
                continue
            if owner is not None:
                return owner
            problems.append(f"{member}: no accountId")
        raise RejectedFile(
            "cannot tell whose archive this is (" + "; ".join(problems) + "); it is needed to honour opt-outs",
            layout.account or layout.manifest,
        )

    @staticmethod
    def _stage_parts(ctx: LoadContext, parts: list[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Stage each part without its ``window.YTD… =`` prefix; return ({path: member}, {member: reason})."""
        raw_dir, out_dir = ctx.staging / "x-raw", ctx.staging / "x-parts"
        out_dir.mkdir(parents=True, exist_ok=True)
        staged: dict[str, str] = {}
        unreadable: dict[str, str] = {}
        for i, (raw_path, member) in enumerate(ctx.export.stage(parts, raw_dir, suffix=".js").items()):
            target = out_dir / f"part{i:05d}.json"
            if strip_to_array(Path(raw_path), target):
                staged[str(target)] = member
            else:
                unreadable[member] = f"no '[' in the first {PREFIX_SCAN_BYTES} bytes: not a window.YTD.tweets.partN = [...] file"
            Path(raw_path).unlink()  # may be a hard link to the export's own file: never written to
        return staged, unreadable

    @staticmethod
    def _load_records(ctx: LoadContext, owner: Owner, staged: dict[str, str], parts: list[str], expected: int) -> LoadCounts:
        con = ctx.con
        table = f"x_archive_records_{uuid.uuid4().hex[:12]}"
        part_no = {m: i for i, m in enumerate(parts)}
        con.execute(
            _STAGE_RECORDS.format(table=table, read_parts=_READ_PARTS, created_at_format=CREATED_AT_FORMAT),
            {
                "paths": list(staged),
                "parts": [{"path": p, "member": m, "part_no": part_no[m]} for p, m in staged.items()],
            },
        )
        try:
            [(total, loaded, quarantined, duplicate)] = con.execute(_TALLY.format(table=table)).fetchall()
            if total != expected:  # every element read must be matched to its part
                raise RejectedFile(f"read {total} tweet records but the parts hold {expected}")
            con.execute(
                _QUARANTINE_RECORDS.format(table=table),
                {"source": ctx.source, "path": ctx.path, "sha": ctx.sha256, "raw_chars": QUARANTINE_RAW_CHARS, "run": ctx.run_id},
            )
            con.execute(_INSERT_TWEETS.format(table=table), {"owner": owner.account_id, "sha": ctx.sha256})
        finally:
            con.execute(f"DROP TABLE IF EXISTS {table}")
        return LoadCounts(rows_in=total, rows_loaded=loaded, rows_quarantined=quarantined, rows_duplicate=duplicate)
