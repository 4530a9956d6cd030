"""The optional live refresh (ambassador/refresh.py), against a local HTTP server only.

``FakeApis`` plays the Bluesky AppView (``/bsky/xrpc/app.bsky.feed.getAuthorFeed``) and any
Mastodon instance (``/masto/<host>/api/v1/...``, the settings' ``mastodon_url`` template) on
127.0.0.1, records every request, and can be told to fail. An autouse fixture refuses any
connection to another address, so nothing here can reach the internet.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from builders import run_ingest, table_dump, text_values, write_directory

from ambassador import pipeline
from ambassador.identity import resolve
from ambassador.refresh import public_host, refresh_public_posts
from ambassador.settings import load_settings

AS_OF = date(2026, 1, 31)  # window (90 days) starts 2025-11-02
NOW = datetime(2026, 1, 31, 6, 0, tzinfo=timezone.utc)
DAY_FOLDERS = ("bluesky/refresh-2026-01-31", "mastodon/refresh-2026-01-31")
HOST = "social.example"
PRIVATE_CANARY = "followers-only canary 41d2"
OPTED_OUT_CANARY = "opted-out canary 93be"

PEOPLE = [
    {"employee_id": "E1", "full_name": "Ann Example", "email": "ann@corp.example", "bluesky_handle": "@Ann.Example.com"},
    {"employee_id": "E2", "full_name": "Bob Builder", "email": "bob@corp.example", "mastodon_handle": f"https://{HOST}/@Bob"},
    {"employee_id": "E3", "full_name": "Dan Optout", "email": "dan@corp.example", "bluesky_handle": "dan.bsky.social",
     "mastodon_handle": f"@dan@{HOST}", "opt_out": "Yes"},
]


# ---- a fake Bluesky AppView and Mastodon instance ----------------------------------------------


def bsky_entry(handle: str, n: int, created: str, text: str | None = None) -> dict:
    """An app.bsky.feed.defs#feedViewPost with the fields the source reads."""
    did = "did:plc:" + handle.split(".")[0].ljust(24, "0")
    return {"post": {
        "uri": f"at://{did}/app.bsky.feed.post/3k{n:011d}", "cid": f"bafy{n}",
        "author": {"did": did, "handle": handle, "displayName": handle.split(".")[0].title(), "labels": []},
        "record": {"$type": "app.bsky.feed.post", "text": text or f"post {n} about our customers", "createdAt": created},
        "indexedAt": created, "likeCount": 2, "repostCount": 0, "replyCount": 0, "quoteCount": 0,
    }}


def status(user: str, n: int, created: str, visibility: str = "public", *, account_id: str = "101", text: str | None = None) -> dict:
    """A Mastodon Status entity (REST) with the fields the source reads."""
    return {
        "id": str(n), "created_at": created, "visibility": visibility, "in_reply_to_id": None, "in_reply_to_account_id": None,
        "uri": f"https://{HOST}/users/{user}/statuses/{n}", "url": f"https://{HOST}/@{user}/{n}",
        "content": f"<p>{text or f'status {n} thanks the team'}</p>", "favourites_count": 1, "reblogs_count": 0,
        "reblog": None, "mentions": [], "tags": [],
        "account": {"id": account_id, "username": user, "acct": user, "display_name": user.title(), "url": f"https://{HOST}/@{user}"},
    }


def ann_pages() -> list[list[dict]]:
    return [
        [bsky_entry("ann.example.com", n, f"2026-01-{30 - n:02d}T09:00:00.000Z") for n in range(1, 4)],
        [bsky_entry("ann.example.com", n, f"2026-01-{30 - n:02d}T09:00:00.000Z") for n in range(4, 6)],
    ]


def bob_pages() -> list[list[dict]]:
    """Two pages; the second reaches back before the window, so no third request is made."""
    return [
        [status("bob", 90, "2026-01-20T10:00:00.000Z"), status("bob", 89, "2026-01-19T10:00:00.000Z", "private", text=PRIVATE_CANARY),
         status("bob", 88, "2026-01-18T10:00:00.000Z", "unlisted")],
        [status("bob", 87, "2025-12-01T10:00:00.000Z"), status("bob", 86, "2025-10-01T10:00:00.000Z"),
         status("mallory", 85, "2025-09-01T10:00:00.000Z", account_id="666")],
        [status("bob", 84, "2025-09-01T10:00:00.000Z")],  # beyond the window: never requested
    ]


class FakeApis:
    """Routes of both APIs; ``faults[who]`` are answers served before the real ones."""

    def __init__(self):
        self.requests: list[dict] = []
        self.bluesky = {"ann.example.com": ann_pages(), "dan.bsky.social": [[bsky_entry("dan.bsky.social", 1, "2026-01-20T09:00:00Z", OPTED_OUT_CANARY)]],
                        "eve.bsky.social": [[bsky_entry("eve.bsky.social", 1, "2026-01-20T09:00:00Z")]]}
        self.mastodon = {(HOST, "bob"): ("101", bob_pages()), (HOST, "dan"): ("102", [[status("dan", 1, "2026-01-20T09:00:00Z", account_id="102")]])}
        self.faults: dict[str, list[tuple[int, dict, bytes]]] = {}
        self.lock = threading.Lock()

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, dict, bytes]:
        if path == "/bsky/xrpc/app.bsky.feed.getAuthorFeed":
            who = query.get("actor", "")
            fault = self._fault(who)
            if fault:
                return fault
            pages = self.bluesky.get(who)
            if pages is None:
                return 400, {}, b'{"error":"InvalidRequest","message":"Profile not found"}'
            i = int(query["cursor"][1:]) if "cursor" in query else 0
            body = {"feed": pages[i], "unexpected": {"kept": False}}
            if i + 1 < len(pages):
                body["cursor"] = f"c{i + 1}"
            return 200, {}, json.dumps(body).encode()
        parts = path.split("/")  # '', 'masto', host, 'api', 'v1', 'accounts', ...
        if len(parts) >= 7 and parts[1] == "masto" and parts[3:6] == ["api", "v1", "accounts"]:
            host = parts[2]
            if parts[6] == "lookup":
                who = f"{query.get('acct')}@{host}"
                fault = self._fault(who)
                if fault:
                    return fault
                known = self.mastodon.get((host, query.get("acct", "")))
                if known is None:
                    return 404, {}, b'{"error":"Record not found"}'
                return 200, {}, json.dumps({"id": known[0], "username": query["acct"], "acct": query["acct"]}).encode()
            for (h, user), (account_id, pages) in self.mastodon.items():
                if h == host and parts[6:] == [account_id, "statuses"]:
                    fault = self._fault(f"{user}@{host}")
                    if fault:
                        return fault
                    i = next((k + 1 for k, p in enumerate(pages) if p[-1]["id"] == query.get("max_id")), 0)
                    headers = {}
                    if i + 1 < len(pages):
                        # Link points at the real instance: the client must take max_id from it, never follow it
                        headers["Link"] = (f'<https://{host}/api/v1/accounts/{account_id}/statuses?max_id={pages[i][-1]["id"]}>; rel="next", '
                                           f'<https://{host}/api/v1/accounts/{account_id}/statuses?min_id={pages[i][0]["id"]}>; rel="prev"')
                    return 200, headers, json.dumps(pages[i]).encode()
        return 404, {}, b'{"error":"no such route"}'

    def _fault(self, who: str):
        with self.lock:
            queue = self.faults.get(who)
            return queue.pop(0) if queue else None

    def paths(self) -> list[str]:
        """Every request, as path?query, in order."""
        return [r["target"] for r in self.requests]


@pytest.fixture(autouse=True)
def only_localhost(monkeypatch):
    """Any connection to an address other than 127.0.0.1 fails the test (checked on the socket itself)."""
    real = socket.socket.connect

    def guarded(sock, address):
        assert address[0] == "127.0.0.1", f"attempted connection to {address[0]}"
        return real(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def apis():
    fake = FakeApis()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            split = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(split.query).items()}
            with fake.lock:
                fake.requests.append({"target": self.path, "path": split.path, "query": query,
                                      "user_agent": self.headers.get("User-Agent"), "host": self.headers.get("Host")})
            code, headers, body = fake.answer(split.path, query)
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield fake
    server.shutdown()
    server.server_close()


class Sleeps(list):
    """Records the waits asked for instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_data(tmp_path: Path, people=PEOPLE) -> Path:
    data = tmp_path / "data"
    write_directory(data, people)
    return data


def settings_for(data: Path, apis: FakeApis, **refresh):
    options = {"enabled": True, "bluesky_api": f"{apis.base}/bsky", "mastodon_url": f"{apis.base}/masto/{{host}}",
               "min_interval_seconds": 0, "backoff_seconds": 0.5, "retries": 2, **refresh}
    return load_settings(data, refresh=options)


def run(data: Path, apis: FakeApis, sleeps: Sleeps | None = None, **refresh) -> dict:
    return refresh_public_posts(settings_for(data, apis, **refresh), AS_OF, sleep=sleeps if sleeps is not None else Sleeps(), now=NOW)


def saved(data: Path) -> dict[str, bytes]:
    """Every file under the day folders, by path relative to the data folder."""
    return {p.relative_to(data).as_posix(): p.read_bytes() for d in DAY_FOLDERS for p in sorted((data / d).glob("*"))}


def stems(data: Path, platform: str) -> list[str]:
    return sorted(p.name for p in (data / platform / "refresh-2026-01-31").glob("*.json"))


ANN_REQUESTS = [
    "/bsky/xrpc/app.bsky.feed.getAuthorFeed?actor=ann.example.com&limit=100&filter=posts_with_replies",
    "/bsky/xrpc/app.bsky.feed.getAuthorFeed?actor=ann.example.com&limit=100&filter=posts_with_replies&cursor=c1",
]
BOB_REQUESTS = [
    f"/masto/{HOST}/api/v1/accounts/lookup?acct=bob",
    f"/masto/{HOST}/api/v1/accounts/101/statuses?limit=40",
    f"/masto/{HOST}/api/v1/accounts/101/statuses?limit=40&max_id=88",
]


# ---- off by default --------------------------------------------------------------------------


def test_disabled_by_default_makes_no_request(tmp_path, apis):
    data = make_data(tmp_path)
    ctx = pipeline.RunContext.create(data, warehouse=tmp_path / "w.duckdb", as_of="2026-01-31")
    assert ctx.settings.refresh.enabled is False
    assert pipeline.refresh(ctx) == {"skipped": "refresh.enabled is false"}
    assert apis.requests == []
    assert not (data / "bluesky").exists() and not (data / "mastodon").exists()
    assert [name for name, _ in pipeline.STAGES][:2] == ["refresh", "ingest"]


# ---- fetching and saving --------------------------------------------------------------------


def test_fetches_with_cursor_and_max_id_paging_and_saves_source_formats(tmp_path, apis):
    data = make_data(tmp_path)
    summary = run(data, apis)
    # Ann (E1, bluesky) first, then Bob (E2, mastodon); Dan opted out; Eve is not in the directory
    assert apis.paths() == ANN_REQUESTS + BOB_REQUESTS
    assert {r["host"] for r in apis.requests} == {apis.base.removeprefix("http://")}
    assert all("ambassador" in r["user_agent"] for r in apis.requests)
    oracle_posts = sum(map(len, ann_pages())) + sum(
        1 for page in bob_pages()[:2] for s in page if s["visibility"] in ("public", "unlisted") and s["account"]["id"] == "101"
    )
    assert summary == {
        "people_considered": 2, "accounts_fetched": 2, "accounts_failed": 0, "requests": 5, "posts_saved": oracle_posts,
        "files_written": 4, "accounts_partial": 0, "accounts_not_attempted": 0, "failed_by_kind": {}, "capped": False,
        "folders": list(DAY_FOLDERS),
    }
    files = saved(data)
    names = [k.split("/") for k in files]
    assert [(platform, name.rsplit("-", 2)[0], name.rsplit("-", 1)[1]) for platform, _day, name in names] == [
        ("bluesky", "ann-example-com", "page01.json"), ("bluesky", "ann-example-com", "page02.json"),
        ("mastodon", "bob-social-example", "page01.json"), ("mastodon", "bob-social-example", "page02.json"),
    ]
    # Bluesky pages: {cursor?, feed} as received, unknown keys dropped
    first = json.loads(files[sorted(files)[0]])
    assert first == {"cursor": "c1", "feed": ann_pages()[0]}
    # Mastodon pages: JSON arrays of Bob's public/unlisted statuses only
    pages = [json.loads(files[k]) for k in sorted(files) if k.startswith("mastodon/")]
    assert [[s["id"] for s in p] for p in pages] == [["90", "88"], ["87", "86"]]
    assert PRIVATE_CANARY.encode() not in b"".join(files.values())
    # nothing left behind but the day folders
    assert sorted(p.name for p in (data / "bluesky").iterdir()) == ["refresh-2026-01-31"]


def test_opted_out_and_people_outside_the_directory_are_never_requested(tmp_path, apis):
    data = make_data(tmp_path)
    run(data, apis, platforms=["bluesky", "mastodon"])
    asked = " ".join(apis.paths())
    assert "dan" not in asked and "eve" not in asked
    assert OPTED_OUT_CANARY.encode() not in b"".join(saved(data).values())


def test_platforms_setting_limits_what_is_fetched(tmp_path, apis):
    data = make_data(tmp_path)
    summary = run(data, apis, platforms=["mastodon"])
    assert apis.paths() == BOB_REQUESTS
    assert summary["people_considered"] == 1 and summary["folders"] == ["mastodon/refresh-2026-01-31"]


def test_saved_files_load_through_ingest_and_link_to_employees(tmp_path, apis):
    data = make_data(tmp_path)
    run(data, apis)
    ctx, con, summary = run_ingest(data, tmp_path)
    loaded = {f.path: (f.status, f.counts.rows_loaded) for f in summary.files if f.source in ("bluesky", "mastodon")}
    assert loaded == {"bluesky/refresh-2026-01-31": ("loaded", 5), "mastodon/refresh-2026-01-31": ("loaded", 4)}
    resolve(con, ctx)
    posts = dict(con.execute("SELECT platform, count(*) FROM stg_posts WHERE platform IN ('bluesky', 'mastodon') GROUP BY 1").fetchall())
    assert posts == {"bluesky": 5, "mastodon": 4}
    links = set(con.execute("SELECT platform, employee_id FROM stg_identity WHERE platform IN ('bluesky', 'mastodon')").fetchall())
    assert links == {("bluesky", "E1"), ("mastodon", "E2")}
    assert PRIVATE_CANARY not in text_values(con)


# ---- politeness -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{"Retry-After": "7"}, {"ratelimit-reset": "EPOCH+7"}, {"X-RateLimit-Reset": "ISO+7"}],
    ids=["retry-after", "bluesky-ratelimit-reset", "mastodon-x-ratelimit-reset"],
)
def test_429_waits_as_asked_then_succeeds(tmp_path, apis, headers):
    soon = time.time() + 7
    value = next(iter(headers.values()))
    value = {"EPOCH+7": str(int(soon)), "ISO+7": datetime.fromtimestamp(soon, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")}.get(value, value)
    apis.faults["ann.example.com"] = [(429, {next(iter(headers)): value}, b'{"error":"RateLimitExceeded"}')]
    data = make_data(tmp_path)
    sleeps = Sleeps()
    summary = run(data, apis, sleeps)
    assert apis.paths() == ANN_REQUESTS[:1] + ANN_REQUESTS + BOB_REQUESTS
    assert summary["accounts_fetched"] == 2 and summary["requests"] == 6
    [wait] = sleeps
    assert 5 <= wait <= 7  # what the header asked for (an epoch rounds down to the second)


def test_429_asking_too_long_gives_that_account_up_without_waiting(tmp_path, apis):
    apis.faults["ann.example.com"] = [(429, {"Retry-After": "3600"}, b"{}")]
    data = make_data(tmp_path)
    sleeps = Sleeps()
    summary = run(data, apis, sleeps, max_wait_seconds=60)
    assert sleeps == []
    assert summary["failed_by_kind"] == {"rate_limited": 1} and summary["accounts_fetched"] == 1
    assert apis.paths() == ANN_REQUESTS[:1] + BOB_REQUESTS


def test_server_errors_exhaust_retries_then_the_others_go_on(tmp_path, apis):
    apis.faults["ann.example.com"] = [(500, {}, b"oops")] * 3  # retries = 2: three attempts
    data = make_data(tmp_path)
    sleeps = Sleeps()
    summary = run(data, apis, sleeps)
    assert apis.paths() == ANN_REQUESTS[:1] * 3 + BOB_REQUESTS
    assert (summary["accounts_failed"], summary["failed_by_kind"], summary["accounts_fetched"]) == (1, {"server_error": 1}, 1)
    assert summary["folders"] == ["mastodon/refresh-2026-01-31"] and not (data / "bluesky").exists()
    # exponential backoff, 0.5 s then 1 s, each plus up to a quarter of jitter
    assert len(sleeps) == 2 and 0.5 <= sleeps[0] <= 0.625 and 1.0 <= sleeps[1] <= 1.25


def test_connection_errors_are_retried_then_given_up(tmp_path, apis):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there
    data = make_data(tmp_path)
    settings = settings_for(data, apis, mastodon_url=f"http://127.0.0.1:{port}/{{host}}", retries=1, timeout_seconds=2)
    summary = refresh_public_posts(settings, AS_OF, sleep=Sleeps(), now=NOW)
    assert summary["failed_by_kind"] == {"network": 1} and summary["accounts_fetched"] == 1
    assert summary["requests"] == 2 + 2  # Ann's two pages, Bob's lookup twice


def test_min_interval_spaces_requests_to_one_host(tmp_path, apis):
    data = make_data(tmp_path)
    sleeps = Sleeps()
    run(data, apis, sleeps, min_interval_seconds=5)
    assert len(sleeps) == len(apis.requests) - 1  # one host: every request after the first waited
    assert all(4.5 < s <= 5 for s in sleeps)


def test_request_cap_is_exact_and_reported(tmp_path, apis):
    data = make_data(tmp_path)
    summary = run(data, apis, max_requests=4)
    assert apis.paths() == ANN_REQUESTS + BOB_REQUESTS[:2]
    assert (summary["requests"], summary["capped"], summary["accounts_fetched"], summary["accounts_partial"]) == (4, True, 1, 1)
    assert summary["accounts_not_attempted"] == 0
    assert len(stems(data, "mastodon")) == 1  # Bob's first page is kept
    assert run(make_data(tmp_path / "b"), apis, max_requests=0)["requests"] == 0 and len(apis.requests) == 4


# ---- untrusted responses and directory values ------------------------------------------------


@pytest.mark.parametrize(
    "answer, kind",
    [
        ((200, {}, b'{"feed": [' + b'{"post": {"x": "' + b"a" * 3000 + b'"}}' + b"]}"), "too_large"),
        ((200, {}, b"<html>not json</html>"), "bad_json"),
        ((200, {}, b'{"feed": {"not": "a list"}}'), "unexpected"),
        ((302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""), "redirect"),
        ((403, {}, b'{"error":"forbidden"}'), "http_403"),
    ],
    ids=["oversize", "not-json", "wrong-shape", "redirect", "forbidden"],
)
def test_unusable_responses_fail_that_account_only(tmp_path, apis, answer, kind):
    apis.faults["ann.example.com"] = [answer]
    data = make_data(tmp_path)
    summary = run(data, apis, max_response_bytes=2048)
    assert summary["failed_by_kind"] == {kind: 1} and summary["accounts_fetched"] == 1
    assert apis.paths() == ANN_REQUESTS[:1] + BOB_REQUESTS  # not retried, redirect not followed
    assert not (data / "bluesky").exists()


def test_bad_hosts_in_the_directory_are_never_requested(tmp_path, apis):
    people = PEOPLE + [
        {"employee_id": f"E{9 + i}", "full_name": f"Mal {i}", "email": f"mal{i}@corp.example", "mastodon_handle": handle}
        for i, handle in enumerate(["@mal@printer.local", "@mal@metadata.google.internal", "@mal@localhost.localhost"])
    ]
    data = make_data(tmp_path, people)
    summary = run(data, apis)
    assert apis.paths() == ANN_REQUESTS + BOB_REQUESTS
    assert summary["failed_by_kind"] == {"invalid_handle": 3}


def test_public_host():
    assert public_host("hachyderm.io") and public_host("social.example")
    for bad in ("127.0.0.1", "localhost", "a.localhost", "x.local", "[::1]", "host:443", "", "a_b.com", "0x7f.1"):
        assert not public_host(bad), bad


def test_instance_names_resolving_inside_the_network_are_not_requested(tmp_path, apis, monkeypatch):
    # the default mastodon_url ("https://{host}") contacts the directory's host: its addresses are checked first
    real = socket.getaddrinfo
    inside = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 443))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: inside if host == HOST else real(host, *a, **k))
    data = make_data(tmp_path)
    summary = run(data, apis, mastodon_url="https://{host}")
    assert summary["failed_by_kind"] == {"private_address": 1}
    assert apis.paths() == ANN_REQUESTS


# ---- the same day, again -----------------------------------------------------------------------


def test_rerun_same_day_rewrites_identically_and_ingest_is_a_no_op(tmp_path, apis):
    data = make_data(tmp_path)
    run(data, apis)
    first = saved(data)
    ctx, con, _ = run_ingest(data, tmp_path)
    before = {t: table_dump(con, t) for t in ("raw_bluesky_feed", "raw_mastodon_statuses", "manifest")}
    con.close()

    run(data, apis)
    assert saved(data) == first  # same answers, same bytes
    assert sorted(p.name for p in (data / "mastodon").iterdir()) == ["refresh-2026-01-31"]  # no temp folder left
    ctx, con, summary = run_ingest(data, tmp_path)  # the same warehouse
    statuses = {f.path: f.status for f in summary.files if f.source in ("bluesky", "mastodon")}
    assert statuses == {"bluesky/refresh-2026-01-31": "skipped", "mastodon/refresh-2026-01-31": "skipped"}
    assert {t: table_dump(con, t) for t in before} == before


def test_rerun_same_day_keeps_files_of_accounts_that_failed_this_time(tmp_path, apis):
    data = make_data(tmp_path)
    run(data, apis)
    first = saved(data)
    apis.faults["ann.example.com"] = [(500, {}, b"")] * 3
    apis.mastodon[(HOST, "bob")][1][0].insert(0, status("bob", 91, "2026-01-30T10:00:00.000Z"))
    summary = run(data, apis)
    assert summary["failed_by_kind"] == {"server_error": 1}
    now = saved(data)
    assert {k: v for k, v in now.items() if k.startswith("bluesky/")} == {k: v for k, v in first.items() if k.startswith("bluesky/")}
    bob_first = json.loads(now[sorted(k for k in now if k.startswith("mastodon/"))[0]])
    assert [s["id"] for s in bob_first] == ["91", "90", "88"]  # Bob's files replaced by the new fetch


# ---- the command line ---------------------------------------------------------------------------


def test_cli_refresh_is_off_until_enabled_then_reports_counts(tmp_path, apis, capsys, monkeypatch):
    from flows.cli import main

    data = make_data(tmp_path)
    assert main(["refresh", "--data-dir", str(data), "--as-of", "2026-01-31"]) == 0
    out = capsys.readouterr().out
    assert "Refresh is off" in out and "enabled = true" in out and apis.requests == []

    (data / "ambassador.toml").write_text(
        f'[refresh]\nenabled = true\nbluesky_api = "{apis.base}/bsky"\nmastodon_url = "{apis.base}/masto/{{host}}"\n'
        "min_interval_seconds = 0\n",
        encoding="utf-8",
    )
    assert main(["refresh", "--data-dir", str(data), "--as-of", "2026-01-31"]) == 0
    out = capsys.readouterr().out
    assert "2 accounts fetched" in out and "5 requests" in out and "9 posts saved" in out
    assert f"ambassador run --data-dir {data}" in out
    assert "ann.example.com" not in out and "bob@" not in out and "Ann" not in out  # counts only
    assert len(apis.requests) == 5


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[refresh]\nbluesky_api = "file:///etc/passwd"\n', "refresh.bluesky_api"),
        ('[refresh]\nplatforms = ["x"]\n', "refresh.platforms"),
        ("[refresh]\nmax_response_bytes = 999999999\n", "refresh.max_response_bytes"),
    ],
)
def test_bad_refresh_settings_name_the_key(tmp_path, toml, message):
    from ambassador.errors import InputError

    data = make_data(tmp_path)
    (data / "ambassador.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace(".", r"\.")):
        load_settings(data)
