"""Optional live refresh of public posts from the Bluesky and Mastodon public APIs (issue 5).

For each employee of the HR directory who listed a Bluesky or Mastodon handle and did not opt
out, fetch their latest public posts, newest first, back to the start of the analysis window,
and save each response page under the data folder in the format the sources already read:

- ``DATA_DIR/bluesky/refresh-YYYY-MM-DD/<handle>-<hash>-pageNN.json``: ``getAuthorFeed``
  pages, ``{"cursor"?, "feed": [...]}`` (:mod:`ambassador.sources.bluesky`);
- ``DATA_DIR/mastodon/refresh-YYYY-MM-DD/<handle>-<hash>-pageNN.json``: JSON arrays of Status
  entities as ``GET /api/v1/accounts/:id/statuses`` returns them (the REST layout of
  :mod:`ambassador.sources.mastodon`; each status names its account, so nothing else is saved).

The date is the UTC day of the fetch. The next ingest loads each day's folder as one export,
and a later run with the same files is reproducible (same bytes, same sha256: skipped).

Who is fetched
    The directory is read exactly as the warehouse reads it (the same loader and the same
    ``stg_people`` model, into a private in-memory database: refresh runs before ingest, so
    the warehouse may not hold today's directory yet). Opted-out people, rows the warehouse
    would reject (no id, no email, a repeated id) and handles that do not normalise are never
    requested. Mastodon instance names must be plausible public DNS names (no IP address, no
    port, no ``localhost`` or other special-use name); ``[refresh] mastodon_url`` only says
    where requests for a valid host go (a test points it at a local server).
Politeness
    One User-Agent naming ambassador; at least ``min_interval_seconds`` between two requests to
    one host; ``429`` waits for ``Retry-After`` (seconds or an HTTP date), ``ratelimit-reset``
    (Bluesky, epoch seconds) or ``X-RateLimit-Reset`` (Mastodon, ISO time), at most
    ``max_wait_seconds``; ``429``, ``5xx``, timeouts and connection errors are retried
    ``retries`` times with exponential backoff plus jitter, then that account is given up and
    the others go on; ``max_requests`` per run (retries included), after which the refresh
    stops and says so (``capped``); redirects are not followed.
Untrusted responses
    At most ``max_response_bytes`` are read; the body must be strict JSON of the expected
    shape; unexpected keys and entries are dropped before saving (Mastodon statuses of another
    account, or not public/unlisted, are never written).
A second run on the same day
    It fetches again and rewrites that day's folders: every account fetched completely this
    time has its files replaced; accounts that failed keep the files an earlier run of the
    day saved. The new folder is assembled beside the old one (hidden name) and swapped in
    with two renames, so ingest never sees a half-written folder.

The summary holds counts only, never a handle or a name.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import json
import random
import re
import shutil
import socket
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from ambassador.errors import RejectedFile
from ambassador.handles import normalize_handle
from ambassador.settings import RefreshSettings, Settings
from ambassador.sources.bluesky import REPOST, parse_datetime
from ambassador.untrusted import parse_json_bytes

BLUESKY_PAGE_SIZE = 100  # getAuthorFeed's maximum
MASTODON_PAGE_SIZE = 40  # /api/v1/accounts/:id/statuses' maximum
PUBLIC_VISIBILITY = ("public", "unlisted")
# special-use and private names that are never a public instance (RFC 6761, 6762, 7686, 8375)
_PRIVATE_SUFFIXES = ("localhost", "local", "internal", "intranet", "lan", "home", "corp", "home.arpa", "onion",
                     "invalid", "test", "arpa")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_NEXT_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="?next"?', re.I)

Sleep = Callable[[float], None]
Progress = Callable[[str], None]


# -- who and where (pure) -------------------------------------------------------------------


def public_host(host: str) -> bool:
    """Whether ``host`` is a plausible public DNS name: no IP, port, ``localhost`` or private suffix.

    >>> [public_host(h) for h in ["mastodon.social", "hachyderm.io", "xn--80ak6aa92e.com"]]
    [True, True, True]
    >>> [public_host(h) for h in ["localhost", "127.0.0.1", "10.0.0.7", "a.example:8080", "printer.local",
    ...                           "[::1]", "metadata.google.internal", "intranet", "-bad-.com", "a..com"]]
    [False, False, False, False, False, False, False, False, False, False]
    """
    if not isinstance(host, str) or len(host) > 253:
        return False
    labels = host.lower().rstrip(".").split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or not _TLD.match(labels[-1]):
        return False
    name = ".".join(labels)
    return not any(name == s or name.endswith("." + s) for s in _PRIVATE_SUFFIXES)


def safe_file_stem(handle: str) -> str:
    """A file-name stem for an account: only ``[a-z0-9-]`` from the handle, plus a short hash.

    >>> safe_file_stem("ann@social.example")
    'ann-social-example-0f900b84'
    >>> safe_file_stem("../../etc/passwd").startswith("etc-passwd-")
    True
    """
    cleaned = re.sub(r"[^a-z0-9]+", "-", handle.lower()).strip("-")[:60] or "account"
    return f"{cleaned}-{hashlib.sha256(handle.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class Target:
    """One account to refresh: the employee it belongs to, the platform and the normalised handle."""

    employee_id: str
    platform: str
    handle: str


def refresh_targets(settings: Settings) -> tuple[list[Target], int]:
    """The accounts to refresh, and how many people they belong to.

    Reads ``directory/*.csv`` with the warehouse's own loader and ``stg_people`` model into an
    in-memory database (so headers, the ``[directory] columns`` map, rejected rows, handle
    forms and opt-out values mean exactly what they mean in the warehouse), then keeps the
    people who did not opt out and have a handle on an enabled platform. Sorted by employee
    id, then platform.

    Raises
    ------
    InputError
        When there is no usable directory (as ingest would).
    """
    from ambassador import directory
    from ambassador.warehouse import connect, ensure_schema

    columns = {"bluesky": "bluesky_handle", "mastodon": "mastodon_handle"}
    wanted = [p for p in columns if p in settings.refresh.platforms]
    with tempfile.TemporaryDirectory(prefix="ambassador-refresh-") as scratch:
        private = settings.model_copy(update={"warehouse": Path(scratch) / "directory.duckdb"})
        con = connect(":memory:")
        try:
            ensure_schema(con)
            directory.load_directory(con, private, "refresh")
            directory.build_people(con)
            rows = con.execute(
                "SELECT employee_id, bluesky_handle, mastodon_handle FROM stg_people WHERE NOT opt_out ORDER BY employee_id"
            ).fetchall()
        finally:
            con.close()
    targets: list[Target] = []
    people = set()
    for employee_id, bluesky, mastodon in rows:
        handles = {"bluesky": bluesky, "mastodon": mastodon}
        for platform in wanted:
            if handles[platform]:
                targets.append(Target(employee_id, platform, handles[platform]))
                people.add(employee_id)
    return targets, len(people)


# -- HTTP, politely ---------------------------------------------------------------------------


class RequestCapReached(Exception):
    """The run's ``max_requests`` are spent."""


class FetchError(Exception):
    """This account cannot be fetched now; ``kind`` says why in a word (no personal data)."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise FetchError("redirect")


def _seconds_until(value: str | None, now: float) -> float | None:
    """Seconds to wait from a rate-limit header: seconds, an epoch, an HTTP date or an ISO time.

    ``Retry-After`` holds seconds or an HTTP date, Bluesky's ``ratelimit-reset`` an epoch,
    Mastodon's ``X-RateLimit-Reset`` an ISO time; a number above 10^8 is read as an epoch.

    >>> _seconds_until("7", 1e9), _seconds_until("1000000060", 1e9)
    (7.0, 60.0)
    >>> _seconds_until("2001-09-09T01:47:40Z", 1e9), _seconds_until("Sun, 09 Sep 2001 01:47:30 GMT", 1e9)
    (60.0, 50.0)
    >>> _seconds_until("soon", 1e9) is None, _seconds_until("-5", 1e9) is None
    (True, True)
    """
    value = (value or "").strip()
    if re.fullmatch(r"\d{1,12}(?:\.\d+)?", value):
        number = float(value)
        return max(0.0, number - now) if number > 1e8 else number
    moment = parse_datetime(value)
    if moment is None:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        moment = parsed.astimezone(timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed
    return max(0.0, moment.replace(tzinfo=timezone.utc).timestamp() - now)


class PoliteClient:
    """GETs JSON with a User-Agent, per-host spacing, retries with backoff and a per-run cap.

    Parameters
    ----------
    settings
        The ``[refresh]`` section.
    sleep, clock, wall
        ``time.sleep``, ``time.monotonic`` and ``time.time`` (tests pass their own).
    """

    def __init__(self, settings: RefreshSettings, sleep: Sleep = time.sleep, clock=time.monotonic, wall=time.time):
        self.settings = settings
        self.sleep, self.clock, self.wall = sleep, clock, wall
        self.requests = 0
        self.capped = False
        self._last: dict[str, float] = {}
        self._opener = urllib.request.build_opener(_NoRedirects())
        self._jitter = random.Random()

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self.sleep(seconds)

    def _space(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            self._wait(self.settings.min_interval_seconds - (self.clock() - last))

    def _backoff(self, attempt: int) -> float:
        base = self.settings.backoff_seconds * 2**attempt
        return base + self._jitter.uniform(0, base / 4)

    def get_json(self, url: str) -> tuple[object, dict[str, str]]:
        """The parsed JSON body and the headers of ``GET url``.

        Raises
        ------
        RequestCapReached
            Before a request that would exceed ``max_requests``.
        FetchError
            A response that is not usable, or retries exhausted.
        """
        host = urlsplit(url).netloc
        kind = "network"
        for attempt in range(self.settings.retries + 1):
            if self.requests >= self.settings.max_requests:
                self.capped = True
                raise RequestCapReached
            self._space(host)
            self.requests += 1
            self._last[host] = self.clock()
            request = urllib.request.Request(
                url, headers={"User-Agent": self.settings.user_agent, "Accept": "application/json"}
            )
            try:
                with self._opener.open(request, timeout=self.settings.timeout_seconds) as response:
                    headers = {k.lower(): v for k, v in response.headers.items()}
                    return self._body(response, headers), headers
            except urllib.error.HTTPError as exc:
                with exc:
                    headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
                status = exc.code
                if status == 429:
                    kind = "rate_limited"
                    asked = next(
                        (s for s in (_seconds_until(headers.get(h), self.wall())
                                     for h in ("retry-after", "ratelimit-reset", "x-ratelimit-reset")) if s is not None),
                        None,
                    )
                    if asked is not None and asked > self.settings.max_wait_seconds:
                        raise FetchError("rate_limited") from None
                    delay = asked if asked is not None else self._backoff(attempt)
                elif status >= 500:
                    kind, delay = "server_error", self._backoff(attempt)
                elif status == 404 or status == 410:
                    raise FetchError("not_found") from None
                else:
                    raise FetchError(f"http_{status}") from None
            except FetchError:
                raise
            except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException, OSError):
                kind, delay = "network", self._backoff(attempt)
            if attempt < self.settings.retries:
                self._wait(delay)
        raise FetchError(kind)

    def _body(self, response, headers: dict[str, str]) -> object:
        cap = self.settings.max_response_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError("too_large")
        # read in chunks: a server dripping bytes cannot hold the run longer than ~2 timeouts
        deadline = self.clock() + 2 * self.settings.timeout_seconds
        chunks, size = [], 0
        while chunk := response.read(min(1 << 16, cap + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                raise FetchError("too_large")
            if self.clock() > deadline:
                raise FetchError("network")
        data = b"".join(chunks)
        try:
            return parse_json_bytes(data, "response")
        except RejectedFile:
            raise FetchError("bad_json") from None


# -- the two APIs -----------------------------------------------------------------------------


def _bluesky_page(data) -> dict:
    """A getAuthorFeed response reduced to what the source reads: ``cursor`` and object entries of ``feed``."""
    feed = data.get("feed") if isinstance(data, dict) else None
    if not isinstance(feed, list):
        raise FetchError("unexpected")
    page: dict = {}
    if isinstance(data.get("cursor"), str) and data["cursor"]:
        page["cursor"] = data["cursor"]
    page["feed"] = [entry for entry in feed if isinstance(entry, dict)]
    return page


def _bluesky_oldest(page: dict) -> datetime | None:
    """When the last (oldest) entry of a page happened: a repost's time, else the post's; pins skipped."""
    for entry in reversed(page["feed"]):
        reason = entry.get("reason") if isinstance(entry.get("reason"), dict) else {}
        if reason and reason.get("$type") != REPOST:
            continue  # reasonPin: an old post shown on top
        post = entry.get("post") if isinstance(entry.get("post"), dict) else {}
        record = post.get("record") if isinstance(post.get("record"), dict) else {}
        times = [parse_datetime(reason.get("indexedAt"))] if reason else [
            parse_datetime(record.get("createdAt")), parse_datetime(post.get("indexedAt"))
        ]
        known = [t for t in times if t is not None]
        if known:
            return min(known)
    return None


def bluesky_pages(client: PoliteClient, settings: RefreshSettings, handle: str, since: datetime) -> Iterator[dict]:
    """Yield the account's feed pages, newest first, until ``since``, the end or the page cap."""
    cursor = None
    for _ in range(settings.max_pages_per_person):
        params = {"actor": handle, "limit": BLUESKY_PAGE_SIZE, "filter": "posts_with_replies"}
        if cursor:
            params["cursor"] = cursor
        data, _headers = client.get_json(f"{settings.bluesky_api}/xrpc/app.bsky.feed.getAuthorFeed?{urlencode(params)}")
        page = _bluesky_page(data)
        yield page
        cursor = page.get("cursor")
        oldest = _bluesky_oldest(page)
        if not cursor or not page["feed"] or (oldest is not None and oldest < since):
            return


def _mastodon_page(data, account_id: str) -> list[dict]:
    """Public and unlisted statuses of the account (anything else in the response is dropped)."""
    if not isinstance(data, list):
        raise FetchError("unexpected")
    return [
        s for s in data
        if isinstance(s, dict) and s.get("visibility") in PUBLIC_VISIBILITY
        and isinstance(s.get("account"), dict) and str(s["account"].get("id")) == account_id
    ]


def _next_max_id(headers: dict[str, str], data: list) -> str | None:
    """``max_id`` of the next page: from the ``Link`` header's rel="next" (its URL is never followed)."""
    link = _NEXT_LINK.search(headers.get("link", ""))
    if link:
        values = parse_qs(urlsplit(link.group(1)).query).get("max_id") or [None]
        return values[0] if values[0] and _ID.match(values[0]) else None
    if "link" in headers or len(data) < MASTODON_PAGE_SIZE:
        return None
    last = data[-1].get("id") if isinstance(data[-1], dict) else None
    return str(last) if last is not None and _ID.match(str(last)) else None


def mastodon_pages(client: PoliteClient, settings: RefreshSettings, handle: str, since: datetime) -> Iterator[list[dict]]:
    """Look the account up on its instance, then yield its status pages until ``since``, the end or the cap."""
    user, host = handle.split("@", 1)
    base = settings.mastodon_url.replace("{host}", host)
    if urlsplit(base).hostname == host and not resolves_to_public_addresses(host):
        raise FetchError("private_address")  # (not checked when mastodon_url points elsewhere, e.g. a test server)
    account, _headers = client.get_json(f"{base}/api/v1/accounts/lookup?{urlencode({'acct': user})}")
    account_id = str(account.get("id")) if isinstance(account, dict) else ""
    if not _ID.match(account_id):
        raise FetchError("unexpected")
    max_id = None
    for _ in range(settings.max_pages_per_person):
        params: dict = {"limit": MASTODON_PAGE_SIZE}
        if max_id:
            params["max_id"] = max_id
        data, headers = client.get_json(f"{base}/api/v1/accounts/{quote(account_id)}/statuses?{urlencode(params)}")
        page = _mastodon_page(data, account_id)
        yield page
        max_id = _next_max_id(headers, data)
        times = [parse_datetime(s.get("created_at")) for s in data if isinstance(s, dict)]
        oldest = min((t for t in times if t is not None), default=None)
        if not max_id or not data or (oldest is not None and oldest < since):
            return


def resolves_to_public_addresses(host: str) -> bool:
    """Whether every address ``host`` resolves to is a global one (no loopback, private, link-local ...).

    Checked before requesting an instance named by the directory, so a public-looking name
    that points inside the network (``10.0.0.7.nip.io``) is not requested. DNS is asked again
    when connecting; this narrows, but cannot close, a rebinding window.
    """
    try:
        infos = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise FetchError("dns") from None
    addresses = {info[4][0].split("%", 1)[0] for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a).is_global for a in addresses)


def valid_target(target: Target) -> bool:
    """Whether an account may be requested: a Bluesky handle or DID, a Mastodon ``user@public-host``.

    >>> valid_target(Target("e1", "mastodon", "ann@127.0.0.1")), valid_target(Target("e1", "mastodon", "ann@social.example"))
    (False, True)
    """
    if target.platform == "mastodon":
        user, _, host = target.handle.partition("@")
        return bool(user) and normalize_handle("mastodon", target.handle) == target.handle and public_host(host)
    if target.platform == "bluesky":
        return normalize_handle("bluesky", target.handle) == target.handle and (
            target.handle.startswith("did:") or public_host(target.handle)
        )
    return False


# -- saving -----------------------------------------------------------------------------------


def _page_bytes(page) -> bytes:
    return json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _entries(page) -> int:
    return len(page["feed"]) if isinstance(page, dict) else len(page)


@dataclass
class _Fetched:
    """One account's pages (``complete``: the fetch ended normally, not on an error or the cap)."""

    stem: str
    pages: list
    complete: bool


def _stem_of(path: Path) -> str:
    return path.name.rsplit("-page", 1)[0]


def write_day_folder(folder: Path, fetched: list[_Fetched]) -> tuple[int, int]:
    """Assemble the day's folder beside it and swap it in; return (files, posts) written.

    An account fetched completely replaces its files; a partial fetch is written only when the
    account has no file yet; every other file of an earlier run of the day is kept.
    """
    parent, token = folder.parent, uuid.uuid4().hex[:8]
    parent.mkdir(parents=True, exist_ok=True)
    building = parent / f".{folder.name}.tmp-{token}"  # hidden: discover_exports skips it
    building.mkdir()
    files = posts = 0
    try:
        existing = sorted(folder.glob("*.json")) if folder.is_dir() else []
        had = {_stem_of(p) for p in existing}
        fresh = [f for f in fetched if f.complete or f.stem not in had]
        replaced = {f.stem for f in fresh}
        for old in existing:
            if _stem_of(old) not in replaced:
                shutil.copy2(old, building / old.name)
        for f in fresh:
            for n, page in enumerate(f.pages, 1):
                (building / f"{f.stem}-page{n:02d}.json").write_bytes(_page_bytes(page))
                files += 1
                posts += _entries(page)
        if not files:
            shutil.rmtree(building)
            return 0, 0
        retired = parent / f".{folder.name}.old-{token}"
        if folder.exists():
            folder.rename(retired)
        building.rename(folder)
        shutil.rmtree(retired, ignore_errors=True)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return files, posts


# -- the stage ----------------------------------------------------------------------------------


@dataclass
class RefreshSummary:
    """What a refresh did, in counts (no handle, no name)."""

    people_considered: int = 0
    accounts_fetched: int = 0
    accounts_failed: int = 0
    requests: int = 0
    posts_saved: int = 0
    files_written: int = 0
    accounts_partial: int = 0
    accounts_not_attempted: int = 0
    failed_by_kind: dict[str, int] = field(default_factory=dict)
    capped: bool = False
    folders: list[str] = field(default_factory=list)

    def failed(self, kind: str) -> None:
        self.accounts_failed += 1
        self.failed_by_kind[kind] = self.failed_by_kind.get(kind, 0) + 1


def _fetch_account(fetch, client, cfg, target: Target, since: datetime, summary: RefreshSummary) -> _Fetched | None:
    """Run one account's fetch; count its outcome. Re-raises RequestCapReached (with pages kept on it)."""
    pages: list = []
    try:
        for page in fetch(client, cfg, target.handle, since):
            pages.append(page)
    except FetchError as exc:
        if not pages:
            summary.failed(exc.kind)
            return None
        summary.accounts_partial += 1
        return _Fetched(safe_file_stem(target.handle), pages, False)
    except RequestCapReached as exc:
        exc.partial = _Fetched(safe_file_stem(target.handle), pages, False) if pages else None  # type: ignore[attr-defined]
        summary.accounts_partial += bool(pages)
        raise
    summary.accounts_fetched += 1
    return _Fetched(safe_file_stem(target.handle), pages, True)


def refresh_public_posts(
    settings: Settings,
    as_of: date,
    *,
    progress: Progress | None = None,
    sleep: Sleep = time.sleep,
    now: datetime | None = None,
) -> dict:
    """Fetch the public posts of the directory's consenting Bluesky and Mastodon accounts; save them.

    Parameters
    ----------
    settings
        The run's settings (``[refresh]``, ``[window] days``, the data folder).
    as_of
        End of the analysis window: paging stops at ``window.days`` before it.
    progress
        Called with short lines (counts only).
    sleep, now
        ``time.sleep`` and the fetch time (UTC; names the day's folders), for tests.

    Returns
    -------
    dict
        :class:`RefreshSummary` as a dict. An account's failure never raises; only a missing
        or unusable directory raises :class:`~ambassador.errors.InputError`.
    """
    say = progress or (lambda _line: None)
    day = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).date().isoformat()
    cfg = settings.refresh
    targets, people = refresh_targets(settings)
    summary = RefreshSummary(people_considered=people)
    since = datetime.combine(as_of, datetime.min.time()) - timedelta(days=settings.window.days)
    client = PoliteClient(cfg, sleep=sleep)
    fetchers = {"bluesky": bluesky_pages, "mastodon": mastodon_pages}
    fetched: dict[str, list[_Fetched]] = {p: [] for p in fetchers}
    say(f"{len(targets)} accounts of {people} people to refresh (at most {cfg.max_requests} requests)")
    for i, target in enumerate(targets):
        if not valid_target(target):
            summary.failed("invalid_handle")
            continue
        try:
            got = _fetch_account(fetchers[target.platform], client, cfg, target, since, summary)
        except RequestCapReached as exc:
            got = exc.partial  # type: ignore[attr-defined]
            summary.accounts_not_attempted = len(targets) - i - (got is not None)
            if got is not None:
                fetched[target.platform].append(got)
            say(f"request cap reached ({cfg.max_requests}): {summary.accounts_not_attempted} accounts left for the next run")
            break
        if got is not None:
            fetched[target.platform].append(got)
    for platform, accounts in fetched.items():
        if not accounts:
            continue
        folder = settings.data_dir / platform / f"refresh-{day}"
        files, posts = write_day_folder(folder, accounts)
        where = folder.relative_to(settings.data_dir).as_posix()
        if files:
            summary.files_written += files
            summary.posts_saved += posts
            summary.folders.append(where)
        say(f"{platform}: {len(accounts)} accounts, {files} pages ({posts} posts) written to {where}")
    summary.requests, summary.capped = client.requests, client.capped
    return asdict(summary)
