"""The sample-company generator: determinism, layout, and every export quirk it promises."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
import zipfile
from collections import Counter, defaultdict
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ambassador.handles import normalize_handle
from ambassador.sample import COMMITTED_SAMPLE, write_sample
from ambassador.sample.company import build_company

END = date(2026, 11, 1)
START_TS = datetime(2026, 8, 3, tzinfo=timezone.utc).timestamp()  # END - 90 days
END_TS = datetime(2026, 11, 1, tzinfo=timezone.utc).timestamp()
DIRECTORY_HEADER = ("employee_id,full_name,email,department,title,manager_id,location,hire_date,x_handle,"
                    "mastodon_handle,bluesky_handle,linkedin_url,opt_out,termination_date")
TRUTH_HEADER = ["employee_id", "archetype", "culture_fit", "social_pull", "relevance", "wrong_kind", "eligible_truth",
                "account_id", "language"]
WRONG_KINDS = {"broadcaster", "central_negative", "amplifier", "bot", "guest", "departed", "opted_out",
               "excluded_department", "sarcastic", "executive_ack"}
NEVER_ELIGIBLE = {"bot", "guest", "departed", "opted_out", "excluded_department"}
YES = {"yes", "true", "1", "y", "x"}
ALLOWED_SETTINGS = {
    "organization": {"name", "brand_handles", "brand_hashtags", "brand_domains", "values_file", "exemplars_file"},
    "shortlist": {"size", "exclude_departments", "min_posts"},
    "window": {"days", "half_life_days"},
    "intranet_csv": {"feeds"},
}


# -- fixtures: one default-size sample for the whole module ---------------------------------
@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, dict, Path]:
    """The committed sample: default size, a few Hebrew, Spanish and German writers."""
    root = tmp_path_factory.mktemp("sample")
    truth = root / "truth.csv"
    summary = write_sample(root / "data", truth_file=truth, **COMMITTED_SAMPLE)
    return root / "data", summary, truth


@pytest.fixture(scope="module")
def slack(sample) -> dict:
    """The Slack export parsed once: meta files, and every message by folder with its day."""
    out, _, _ = sample
    zips = sorted((out / "slack").glob("*.zip"))
    assert len(zips) == 1
    zf = zipfile.ZipFile(zips[0])
    names = zf.namelist()
    meta = {n: json.loads(zf.read(n)) for n in names if "/" not in n}
    messages: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for n in names:
        if "/" in n and not n.endswith("/"):
            folder, day = n.split("/")
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\.json", day), n
            records = json.loads(zf.read(n))
            assert isinstance(records, list) and records, n
            messages[folder].extend((day[:10], m) for m in records)
    public = {c["name"] for c in meta["channels.json"]}
    private = ({g["name"] for g in meta["groups.json"]} | {m["name"] for m in meta["mpims.json"]}
               | {d["id"] for d in meta["dms.json"]})
    return {"names": names, "meta": meta, "messages": messages, "public": public, "private": private,
            "raw": zf}


def public_messages(slack) -> list[tuple[str, str, dict]]:
    return [(f, d, m) for f, ms in slack["messages"].items() if f in slack["public"] for d, m in ms]


def load_js(data: bytes) -> object:
    """An X archive data file: strip ``window.… =`` and parse the rest as JSON."""
    text = data.decode("utf-8")
    i = min(k for k in (text.find("["), text.find("{")) if k >= 0)
    return json.loads(text[i:])


@pytest.fixture(scope="module")
def archives(sample) -> list[dict[str, bytes]]:
    """Every X archive (zip or folder) as {relative path: bytes}."""
    out, _, _ = sample
    found = []
    for entry in sorted((out / "x").iterdir()):
        if entry.suffix == ".zip":
            zf = zipfile.ZipFile(entry)
            found.append({"_kind": b"zip", **{n: zf.read(n) for n in zf.namelist()}})
        else:
            found.append({"_kind": b"folder", **{p.relative_to(entry).as_posix(): p.read_bytes()
                                                 for p in entry.rglob("*") if p.is_file()}})
    return found


def all_tweets(archives) -> list[tuple[dict, dict]]:
    """(account, tweet) for every tweet in tweets.js / tweets-partN.js / tweet.js."""
    out = []
    for arc in archives:
        account = load_js(arc["data/account.js"])[0]["account"]
        for name, data in arc.items():
            if re.fullmatch(r"data/tweets?(-part\d+)?\.js", name):
                for rec in load_js(data):
                    out.append((account, rec.get("tweet", rec)))
    return out


def read_directory(out: Path) -> list[dict]:
    with open(out / "directory" / "employees.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# -- determinism ---------------------------------------------------------------------------
def _tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_same_arguments_give_byte_identical_output(tmp_path):
    a = write_sample(tmp_path / "a", people=40, days=30, seed=3)
    b = write_sample(tmp_path / "b", people=40, days=30, seed=3)
    c = write_sample(tmp_path / "c", people=40, days=30, seed=4)
    tree_a, tree_b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert list(tree_a) == list(tree_b)
    assert all(tree_a[k] == tree_b[k] for k in tree_a)
    assert {k: v for k, v in a.items() if k != "out"} == {k: v for k, v in b.items() if k != "out"}
    assert _tree(tmp_path / "c") != tree_a and c["slack_messages"] != a["slack_messages"]


def test_committed_sample_is_what_the_generator_writes(sample):
    """data/sample/ is the default sample, byte for byte (regenerate it with `make sample`)."""
    committed = Path(__file__).resolve().parents[1] / "data" / "sample"
    out, _, _ = sample
    fresh, stored = _tree(out), _tree(committed)
    assert list(stored) == list(fresh), "data/sample/ is stale: run `make sample`"
    assert [k for k in fresh if fresh[k] != stored[k]] == [], "data/sample/ is stale: run `make sample`"


def test_zips_have_fixed_timestamps_and_sorted_entries(sample):
    out, _, _ = sample
    for z in sorted(out.rglob("*.zip")):
        infos = zipfile.ZipFile(z).infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos), z
        assert {i.date_time for i in infos} == {(2026, 11, 1, 0, 0, 0)}, z


def test_refuses_a_non_empty_folder_and_truth_inside_it(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x")
    with pytest.raises(FileExistsError):
        write_sample(tmp_path / "full", people=20, days=7)
    with pytest.raises(ValueError):
        write_sample(tmp_path / "new", people=20, days=7, truth_file=tmp_path / "new" / "truth.csv")


# -- layout, settings, directory, culture ------------------------------------------------------
def test_layout_and_settings(sample):
    out, summary, truth = sample
    for rel in ["ambassador.toml", "directory/employees.csv", "culture/values.md", "culture/exemplars.csv"]:
        assert (out / rel).is_file(), rel
    assert sorted(p.name for p in out.iterdir()) == ["ambassador.toml", "bluesky", "culture", "directory", "discourse", "intranet_csv",
                                                     "invitations.csv", "linkedin", "listening", "mastodon", "slack", "teams",
                                                     "viva_engage", "x"]
    assert not any("truth" in p.name for p in out.rglob("*"))
    settings = tomllib.loads((out / "ambassador.toml").read_text(encoding="utf-8"))
    assert set(settings) == set(ALLOWED_SETTINGS)
    for section, keys in settings.items():
        assert set(keys) <= ALLOWED_SETTINGS[section], section
    org = settings["organization"]
    assert org["name"] == "Northwind Lighthouse" and org["values_file"] == "culture/values.md"
    assert any(h.startswith("@") and "@" not in h[1:] for h in org["brand_handles"])  # the X form
    assert org["brand_hashtags"] and org["brand_domains"]
    assert settings["shortlist"]["size"] == 15
    assert settings["shortlist"]["exclude_departments"] == ["Communications"]
    assert settings["window"]["days"] == 90
    assert summary["employees"] == 120 and summary["x_archives"] > 0
    for folder, keys in [("mastodon", ["mastodon_archives", "mastodon_rest_exports"]), ("bluesky", ["bluesky_feeds"]),
                         ("linkedin", ["linkedin_exports"])]:
        assert sum(summary[k] for k in keys) == len(list((out / folder).iterdir())) > 0, folder
        assert all(summary[k] > 0 for k in keys), folder
    # the brand on every platform, each in a form people type it
    assert {normalize_handle(p, h) for h in org["brand_handles"] for p in ("x", "mastodon", "bluesky")} >= {
        "northwindlh", "northwind@mastodon.social", "northwind.bsky.social"}
    assert "https://www.linkedin.com/company/northwind-lighthouse" in org["brand_handles"]


def test_directory(sample):
    out, summary, _ = sample
    assert (out / "directory" / "employees.csv").read_text(encoding="utf-8").splitlines()[0] == DIRECTORY_HEADER
    rows = read_directory(out)
    assert summary["directory_rows"] == summary["employees"] + summary["service_accounts"] == 120 + summary["service_accounts"]
    assert len(rows) == summary["directory_rows"] == len({r["employee_id"] for r in rows}) == len({r["email"].lower() for r in rows})
    # leavers carry their leaving date (an ISO day inside the window), everyone else a blank
    left = [r for r in rows if r["termination_date"]]
    assert len(left) == summary["departed_listed"] >= 1
    assert all(START_TS <= datetime.fromisoformat(r["termination_date"]).replace(tzinfo=timezone.utc).timestamp() < END_TS
               for r in left)
    depts = Counter(r["department"] for r in rows)
    assert "Communications" in depts and 6 <= len(depts) <= 10
    # managers form one tree
    ids = {r["employee_id"]: r["manager_id"] for r in rows}
    roots = [e for e, m in ids.items() if not m]
    assert len(roots) == 1 and all(m in ids for m in ids.values() if m)
    for e in ids:
        seen = set()
        while e:
            assert e not in seen
            seen.add(e)
            e = ids[e]
    # opt-outs typed every way, about 4%
    opted = [r for r in rows if r["opt_out"].strip().lower() in YES]
    assert 3 <= len(opted) <= 8 and len({r["opt_out"] for r in opted}) >= 3
    assert {r["opt_out"].strip().lower() for r in rows} - YES <= {"", "no", "false", "0", "n"}
    # X handles in every form people type them
    handles = [r["x_handle"] for r in rows if r["x_handle"]]
    forms = {
        "bare": r"[A-Za-z0-9_]+", "at": r"@[A-Za-z0-9_]+", "x_url": r"https://x\.com/[A-Za-z0-9_]+",
        "twitter_noscheme": r"twitter\.com/[A-Za-z0-9_]+", "twitter_slash": r"https://twitter\.com/[A-Za-z0-9_]+/",
        "x_at": r"x\.com/@[A-Za-z0-9_]+",
    }
    for name, pattern in forms.items():
        assert any(re.fullmatch(pattern, h) for h in handles), name
    assert any(h != h.lower() for h in handles) and any(h == h.lower() for h in handles)
    # Mastodon, Bluesky and LinkedIn profiles, typed every way
    public_forms = {
        "mastodon_handle": [r"@\w+@[a-z.]+", r"\w+@[a-z.]+", r"https://[a-z.]+/@\w+/?", r"[a-z.]+/@\w+"],
        "bluesky_handle": [r"[\w.-]+\.bsky\.social", r"@[\w.-]+\.bsky\.social", r"https://bsky\.app/profile/[\w.-]+",
                           r"bsky\.app/profile/[\w.-]+"],
        "linkedin_url": [r"https://www\.linkedin\.com/in/[\w-]+/", r"https://www\.linkedin\.com/in/[\w-]+",
                         r"(www\.)?linkedin\.com/in/[\w-]+/?"],
    }
    for column, patterns in public_forms.items():
        typed = [r[column] for r in rows if r[column]]
        for pattern in patterns:
            assert any(re.fullmatch(pattern, h) for h in typed), (column, pattern)


def test_culture_files(sample):
    out, _, _ = sample
    values = (out / "culture" / "values.md").read_text(encoding="utf-8")
    assert values.startswith("# ")
    headings = re.findall(r"^## (.+)$", values, flags=re.M)
    assert len(headings) >= 5
    with open(out / "culture" / "exemplars.csv", newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["text", "label"]
        rows = list(reader)
    assert len(rows) >= 10 and {r["label"] for r in rows} == {"on_culture"}


def read_truth(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_truth_file(sample):
    out, _, truth = sample
    rows = read_truth(truth)
    assert list(rows[0]) == TRUTH_HEADER
    listed = [r for r in rows if r["employee_id"]]
    assert [r["employee_id"] for r in listed] == [r["employee_id"] for r in read_directory(out)]
    archetypes = Counter(r["archetype"] for r in listed)
    for a in ["ideal_ambassador", "solid_contributor", "quiet_expert", "broadcaster", "central_negative",
              "amplifier", "newcomer", "communications", "opted_out", "guest_contractor", "departed", "bot"]:
        assert archetypes[a] >= 1, a
    assert {r["relevance"] for r in rows} <= {"0", "1", "2", "3"}
    assert {r["wrong_kind"] for r in rows} == WRONG_KINDS | {""}
    assert all(r["relevance"] == "3" and not r["wrong_kind"] for r in rows if r["archetype"] == "ideal_ambassador")
    assert all(r["relevance"] == "0" for r in rows if r["wrong_kind"] in NEVER_ELIGIBLE)
    assert all((r["eligible_truth"] == "false") == (r["wrong_kind"] in NEVER_ELIGIBLE) for r in rows)
    directory = {r["employee_id"]: r for r in read_directory(out)}
    assert all(directory[r["employee_id"]]["department"] == "Communications"
               for r in listed if r["archetype"] == "communications")
    assert all(directory[r["employee_id"]]["opt_out"].strip().lower() in YES
               for r in listed if r["archetype"] == "opted_out")
    assert all(directory[r["employee_id"]]["title"].startswith("Contractor, ")
               for r in listed if r["archetype"] == "guest_contractor")
    assert {e for e, r in directory.items() if r["termination_date"]} == {r["employee_id"] for r in listed
                                                                         if r["archetype"] == "departed"}
    # the tempting wrong people: on-culture and much pull, yet never eligible
    tempting = [r for r in listed if r["archetype"] in ("guest_contractor", "departed")]
    assert tempting and all(float(r["culture_fit"]) > 0.7 and float(r["social_pull"]) > 0.6 for r in tempting)


def test_truth_lists_every_slack_account_outside_the_directory(sample, slack):
    _, _, truth = sample
    rows = read_truth(truth)
    outside = {r["account_id"]: r for r in rows if not r["employee_id"]}
    assert all(r["eligible_truth"] == "false" and r["relevance"] == "0" for r in outside.values())
    assert {r["archetype"] for r in outside.values()} == {"departed", "guest", "external", "bot"}
    listed = {r["account_id"] for r in rows if r["employee_id"]}
    users = {u["id"]: u for u in slack["meta"]["users.json"]}
    assert set(users) == listed | {a for a, r in outside.items() if r["archetype"] != "external"}
    authors = {m["user"] for _, _, m in public_messages(slack) if "user" in m}
    assert authors - set(users) <= {a for a, r in outside.items() if r["archetype"] == "external"}  # Slack Connect
    assert all(users[a]["is_bot"] or a == "USLACKBOT" for a, r in outside.items() if r["archetype"] == "bot")


def test_truth_never_lands_inside_the_data_folder(tmp_path):
    truth = tmp_path / "truth.csv"
    write_sample(tmp_path / "data", people=24, days=14, truth_file=truth)
    header = ",".join(TRUTH_HEADER).encode()
    assert truth.read_bytes().startswith(header)
    for f in (tmp_path / "data").rglob("*"):
        assert "truth" not in f.name
        if f.is_file() and f.suffix in (".csv", ".json", ".toml", ".md"):
            assert b"wrong_kind" not in f.read_bytes() and b"guest_contractor" not in f.read_bytes(), f
    with pytest.raises(ValueError, match="truth_file"):
        write_sample(tmp_path / "again", people=24, days=14, truth_file=tmp_path / "again" / "sub" / "truth.csv")


@pytest.mark.parametrize(("people", "seed"), [(40, 11), (120, 3)])
def test_every_wrong_kind_is_planted_in_a_small_world(tmp_path, people, seed):
    truth = tmp_path / "truth.csv"
    summary = write_sample(tmp_path / "data", people=people, days=21, seed=seed, truth_file=truth)
    rows = read_truth(truth)
    kinds = Counter(r["wrong_kind"] for r in rows if r["employee_id"])
    assert set(kinds) == WRONG_KINDS | {""}, kinds  # each kind among the directory rows
    assert summary["guest_contractors"] >= 1 and summary["departed_listed"] >= 1 and summary["service_accounts"] >= 1
    company = build_company(people, 21, seed, END)
    assert kinds["guest"] == summary["guest_contractors"] == sum(bool(p.guest) for p in company.people)


def test_wrong_kinds_scale_with_headcount():
    small, large = build_company(120, 14, 7, END), build_company(2000, 14, 7, END)
    for company in (small, large):
        assert sum(bool(p.guest) for p in company.people) >= 1
        assert sum(p.left_on is not None for p in company.people) >= 1
        assert len(company.service_accounts) >= 1
    count = lambda c, a: sum(p.archetype == a for p in c.people)  # noqa: E731
    assert count(large, "guest_contractor") > 5 * count(small, "guest_contractor")
    assert count(large, "departed") > 5 * count(small, "departed")
    assert len(large.service_accounts) > len(small.service_accounts)


def test_invitation_ledger(sample):
    out, _, truth = sample
    text = (out / "invitations.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "employee_id,invited_at,outcome"
    rows = list(csv.DictReader(io.StringIO(text)))
    directory = {r["employee_id"] for r in read_directory(out)}
    assert 10 <= len(rows) <= 20 and all(r["employee_id"] in directory for r in rows)
    assert {r["outcome"] for r in rows} <= {"accepted", "declined", "no_response", ""}
    days_before = {r["employee_id"]: (END - date.fromisoformat(r["invited_at"])).days for r in rows}
    assert all(0 < d <= 366 for d in days_before.values())
    assert any(d < 180 for d in days_before.values())  # a cooldown still running
    assert any(d < 365 and r["outcome"] == "declined" for r, d in zip(rows, days_before.values(), strict=True))
    assert any(r["outcome"] == "" for r in rows) and any(r["outcome"] == "accepted" for r in rows)
    assert [r["invited_at"] for r in rows] == sorted(r["invited_at"] for r in rows)
    # invited people are candidates, and the best of them were invited
    truth_rows = {r["employee_id"]: r for r in read_truth(truth) if r["employee_id"]}
    assert all(truth_rows[r["employee_id"]]["eligible_truth"] == "true" for r in rows)
    assert any(truth_rows[r["employee_id"]]["relevance"] == "3" for r in rows)


def test_size_under_budget(sample):
    out, summary, _ = sample
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert total == summary["bytes"]["total"]
    assert 500_000 < total < 5_000_000  # the committed sample stays small


# -- Slack ---------------------------------------------------------------------------------
def test_slack_layout(slack):
    names, meta = slack["names"], slack["meta"]
    for f in ["channels.json", "users.json", "groups.json", "dms.json", "mpims.json", "integration_logs.json"]:
        assert f in meta, f
    created = {type(c["created"]) for c in meta["channels.json"]}
    assert created == {str, int}
    assert all(c["id"].startswith("C") and isinstance(c["members"], list) for c in meta["channels.json"])
    assert all(n.split("/")[0] in slack["public"] | slack["private"] for n in names if "/" in n)
    assert any(m["name"].startswith("mpdm-") and m["name"].endswith("-1") for m in meta["mpims.json"])
    assert all(d["id"].startswith("D") for d in meta["dms.json"])


def test_slack_users(slack, sample):
    out, _, truth = sample
    users = slack["meta"]["users.json"]
    directory = {r["email"].lower(): r for r in read_directory(out)}
    archetype = {r["employee_id"]: r["archetype"] for r in read_truth(truth) if r["employee_id"]}
    kind = lambda u: archetype.get(directory.get(u["profile"].get("email", "").lower(), {}).get("employee_id"))  # noqa: E731
    assert any(u["is_bot"] for u in users)
    assert any(u["is_restricted"] and not u["is_ultra_restricted"] for u in users)
    assert any(u["is_ultra_restricted"] for u in users)
    # deactivated users: staff gone from the directory, and the leavers still listed
    departed = [u for u in users if u["deleted"]]
    assert departed and all(kind(u) in (None, "departed") for u in departed)
    assert any(kind(u) is None for u in departed)
    # guests: outside partners, and the directory's guest contractors
    guests = [u for u in users if u["is_restricted"]]
    assert all(kind(u) in (None, "guest_contractor") for u in guests)
    assert any(kind(u) is None for u in guests)
    emails = [u["profile"].get("email") for u in users if not u["is_bot"] and not u["deleted"]]
    assert any(e and e.lower() in directory and e not in directory for e in emails)  # case differs
    assert any(not e for e in emails if e is not None) or any(e is None for e in emails)
    assert any(u["profile"]["fields"] and any("x.com/" in f["value"] for f in u["profile"]["fields"].values())
               for u in users)
    for u in users:
        for key in ["id", "team_id", "name", "deleted", "real_name", "is_bot", "is_app_user", "is_restricted",
                    "is_ultra_restricted", "profile"]:
            assert key in u, (u["id"], key)
        assert {"real_name", "display_name", "title", "fields"} <= set(u["profile"])
    # departed users still have messages in the window
    dep_ids = {u["id"] for u in departed}
    assert any(m.get("user") in dep_ids for _, _, m in public_messages(slack))


def test_listed_wrong_people_have_the_slack_flags_real_exports_carry(slack, sample):
    """Guest contractors are (single- or multi-channel) guests, leavers are deactivated and stop
    posting after their last day, and a listed service account is a bot user with the
    directory's email that posts templated messages."""
    out, _, truth = sample
    users = {u["id"]: u for u in slack["meta"]["users.json"]}
    rows = {r["employee_id"]: r for r in read_directory(out)}
    listed = [r for r in read_truth(truth) if r["employee_id"]]
    by_kind = defaultdict(list)
    for r in listed:
        by_kind[r["archetype"]].append((users[r["account_id"]], rows[r["employee_id"]]))
    for u, row in by_kind["guest_contractor"]:
        assert u["is_restricted"] and not u["deleted"] and not u["is_bot"]
        assert u["profile"]["email"].lower() == row["email"].lower() and u["profile"]["title"] == row["title"]
    for u, _ in by_kind["departed"] + by_kind["bot"]:
        assert not u["is_restricted"] and not u["is_ultra_restricted"]
    for u, row in by_kind["departed"]:
        assert u["deleted"] and not u["is_bot"] and u["profile"]["email"].lower() == row["email"].lower()
    for u, row in by_kind["bot"]:
        assert u["is_bot"] and not u["deleted"] and u["profile"]["email"] == row["email"] and row["title"] == "Service account"
    for r in listed:
        if r["archetype"] not in ("guest_contractor", "departed", "bot"):
            u = users[r["account_id"]]
            assert not (u["is_bot"] or u["deleted"] or u["is_restricted"]), r
    # leavers post (while employed) and never after their last day
    last_day = {u["id"]: row["termination_date"] for u, row in by_kind["departed"]}
    posted = defaultdict(list)
    for _, day, m in public_messages(slack):
        if m.get("user") in last_day:
            posted[m["user"]].append(day)
    assert posted and all(max(days) <= last_day[uid] for uid, days in posted.items())
    # guest contractors see few channels; multi-channel guests post in them
    member_of = Counter(uid for ch in slack["meta"]["channels.json"] for uid in ch["members"])
    for u, _ in by_kind["guest_contractor"]:
        assert 1 <= member_of[u["id"]] <= (1 if u["is_ultra_restricted"] else 8)
    assert any(not u["is_ultra_restricted"] for u, _ in by_kind["guest_contractor"])
    guest_ids = {u["id"] for u, _ in by_kind["guest_contractor"]}
    assert sum(m.get("user") in guest_ids for _, _, m in public_messages(slack)) >= 20
    # the service account's templated posts
    bot_ids = {u["id"] for u, _ in by_kind["bot"]}
    texts = [m["text"] for _, _, m in public_messages(slack) if m.get("user") in bot_ids]
    assert len(texts) >= 10 and all(m.get("bot_id") for _, _, m in public_messages(slack) if m.get("user") in bot_ids)


def test_slack_messages_are_in_the_window_with_unique_string_ts(slack):
    seen = defaultdict(set)
    for folder, day, m in public_messages(slack):
        assert m["type"] == "message" and isinstance(m["ts"], str)
        assert re.fullmatch(r"\d{10}\.\d{6}", m["ts"]), m["ts"]
        assert m["ts"] not in seen[folder], (folder, m["ts"])
        seen[folder].add(m["ts"])
        assert START_TS <= float(m["ts"]) < END_TS
        assert datetime.fromtimestamp(float(m["ts"]), timezone.utc).strftime("%Y-%m-%d") == day


def test_slack_quirks(slack):
    msgs = public_messages(slack)
    user_ids = {u["id"] for u in slack["meta"]["users.json"]}
    by_sub = defaultdict(list)
    for _, _, m in msgs:
        by_sub[m.get("subtype")].append(m)
    bots = by_sub["bot_message"]
    assert any("user" not in m and m.get("bot_id") and m.get("username") for m in bots)
    assert by_sub["channel_join"] and all("has joined the channel" in m["text"] for m in by_sub["channel_join"])
    shares = by_sub["file_share"]
    assert shares and all(isinstance(m["files"], list) and m["files"][0]["id"].startswith("F") for m in shares)
    broadcasts = by_sub["thread_broadcast"]
    assert broadcasts and all(m["thread_ts"] == m["root"]["ts"] for m in broadcasts)
    texts = [m.get("text", "") for _, _, m in msgs]
    assert any(re.search(r"<@U[0-9A-Z]+\|[a-z0-9._-]+>", t) for t in texts)  # older mention form
    assert any(re.search(r"<@U[0-9A-Z]+>", t) for t in texts)
    assert any(re.search(r"<#C[0-9A-Z]+\|[a-z0-9-]+>", t) for t in texts)
    assert any("<!here>" in t for t in texts)
    assert all(any(e in t for t in texts) for e in ("&amp;", "&lt;", "&gt;"))
    assert any(m.get("edited", {}).get("ts") for _, _, m in msgs)
    assert any("::skin-tone-" in r["name"] for _, _, m in msgs for r in m.get("reactions", []))
    assert all(r["count"] == len(r["users"]) for _, _, m in msgs for r in m.get("reactions", []))
    assert any(re.match(r"(Huge thanks|Thanks) <@U", t) for t in texts)
    assert any(t.startswith(":tada: kudos to <@U") for t in texts)
    # Slack Connect: authors missing from users.json carry their team and an inline profile
    foreign = [m for _, _, m in msgs if "user" in m and m["user"] not in user_ids]
    assert foreign and all(m.get("user_team") and m.get("user_profile", {}).get("real_name") for m in foreign)


def test_slack_threads(slack):
    parents, replies = {}, []
    tombstones = []
    for folder, day, m in public_messages(slack):
        if m.get("thread_ts") == m["ts"]:
            parents[(folder, m["ts"])] = (day, m)
            if m.get("subtype") == "tombstone":
                tombstones.append((folder, m))
        elif "thread_ts" in m:
            replies.append((folder, day, m))
    assert parents and replies
    by_parent = defaultdict(list)
    for f, _, m in replies:
        by_parent[(f, m["thread_ts"])].append(m)
    for key, (day, p) in parents.items():
        assert p["reply_count"] == len(by_parent[key]), key
        assert set(p["reply_users"]) == {m["user"] for m in by_parent[key]}
        assert p["latest_reply"] == max(m["ts"] for m in by_parent[key])
    assert all((f, m["thread_ts"]) in parents for f, _, m in replies)
    assert all(m.get("parent_user_id") for _, _, m in replies if m.get("subtype") != "thread_broadcast")
    assert any(day > parents[(f, m["thread_ts"])][0] for f, day, m in replies)  # a reply in a later day file
    assert len(tombstones) == 1
    folder, t = tombstones[0]
    assert t["hidden"] is True and t["text"] == "This message was deleted." and t["reply_count"] >= 1


def test_private_canary_only_in_private_conversations(slack):
    for folder, msgs in slack["messages"].items():
        for _, m in msgs:
            if folder in slack["private"]:
                assert "PRIVATE-CANARY" in m["text"], folder
            else:
                assert "PRIVATE-CANARY" not in json.dumps(m), folder
    assert any(f in slack["messages"] for f in slack["private"])
    assert slack["meta"]["groups.json"] and slack["meta"]["dms.json"] and slack["meta"]["mpims.json"]
    for name in ["channels.json", "users.json", "integration_logs.json"]:
        assert b"PRIVATE-CANARY" not in slack["raw"].read(name)


def test_posts_paraphrase_the_values_without_copying_them(sample, slack, archives):
    out, _, _ = sample
    values = (out / "culture" / "values.md").read_text(encoding="utf-8")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?:])\s+", re.sub(r"\s+", " ", values)) if len(s.split()) >= 6]
    assert len(sentences) >= 10
    corpus = [m.get("text", "") for _, _, m in public_messages(slack)] + [t["full_text"] for _, t in all_tweets(archives)]
    joined = "\n".join(corpus)
    assert not [s for s in sentences if s in joined]
    words = Counter(w for t in corpus for w in re.findall(r"[a-z']+", t.lower()))
    assert len(words) > 800  # enough vocabulary for a text model to learn from


def test_slack_json_is_formatted_like_the_real_exporter(slack):
    raw = slack["raw"].read("channels.json")
    assert raw.startswith(b"[\n    {\n") and b"\\/" in slack["raw"].read("users.json")


# -- X -------------------------------------------------------------------------------------
def test_x_archive_files_parse_after_the_prefix(archives):
    assert {a["_kind"] for a in archives} == {b"zip", b"folder"}
    for arc in archives:
        for name, data in arc.items():
            if not name.endswith(".js"):
                continue
            text = data.decode("utf-8")
            if name == "data/manifest.js":
                assert text.startswith("window.__THAR_CONFIG = {")
            else:
                assert re.match(r"window\.YTD\.[a-z_]+\.part\d+ = \[", text), name
            assert not text.endswith("\n")
            load_js(data)


def test_x_manifest_lists_every_tweet_part(archives):
    split = old = 0
    for arc in archives:
        manifest = load_js(arc["data/manifest.js"])
        types = manifest["dataTypes"]
        kind = "tweets" if "tweets" in types else "tweet"
        files = types[kind]["files"]
        assert all(f["fileName"] in arc for f in files)
        assert sum(int(f["count"]) for f in files) == sum(len(load_js(arc[f["fileName"]])) for f in files)
        if len(files) > 1:
            split += 1
            assert [f["globalName"] for f in files] == ["YTD.tweets.part1", "YTD.tweets.part0"]
            assert arc["data/tweets-part1.js"].startswith(b"window.YTD.tweets.part1 = [")
        if kind == "tweet":
            old += 1
            records = load_js(arc["data/tweet.js"])
            assert arc["data/tweet.js"].startswith(b"window.YTD.tweet.part0 = [")
            assert records and all("tweet" not in r and "full_text" in r for r in records)
        for name in arc:
            if name.startswith("data/") and name.endswith(".js") and name != "data/manifest.js":
                assert any(f["fileName"] == name for t in types.values() for f in t.get("files", [])), name
    assert split == 1 and old == 1


def test_x_tweet_fields_match_the_real_archive(archives):
    tweets = all_tweets(archives)
    assert len(tweets) > 200
    ids = Counter(t["id_str"] for _, t in tweets)
    assert max(ids.values()) == 1
    for _, t in tweets:
        assert t["id"] == t["id_str"] and t["id"].isdigit()
        assert t["favorite_count"].isdigit() and t["retweet_count"].isdigit()
        assert t["retweeted"] is False and t["favorited"] is False and t["truncated"] is False
        assert t["lang"] in ("en", "he", "es", "de") and t["source"].startswith("<a href=")
        ts = datetime.strptime(t["created_at"], "%a %b %d %H:%M:%S %z %Y").timestamp()
        assert START_TS <= ts < END_TS
        assert all(isinstance(i, str) for e in t["entities"]["user_mentions"] for i in e["indices"])
        assert set(t["entities"]) >= {"hashtags", "symbols", "user_mentions", "urls"}
        text = t["full_text"]
        assert "<" not in text.replace("&lt;", "") and not re.search(r"&(?!amp;|lt;|gt;)", text)
        for m in t["entities"]["user_mentions"]:
            a, b = map(int, m["indices"])
            assert text[a:b] == "@" + m["screen_name"]
        for h in t["entities"]["hashtags"]:
            a, b = map(int, h["indices"])
            assert text[a:b] == "#" + h["text"]
        for u in t["entities"]["urls"]:
            a, b = map(int, u["indices"])
            assert text[a:b] == u["url"] and u["url"].startswith("https://t.co/")


def test_x_interactions(archives):
    tweets = all_tweets(archives)
    by_id = {t["id_str"]: (acc, t) for acc, t in tweets}
    rts = [t for _, t in tweets if t["full_text"].startswith("RT @")]
    assert rts and all(t["favorite_count"] == "0" and t["retweet_count"] == "0" for t in rts)
    replies = [t for _, t in tweets if t.get("in_reply_to_status_id")]
    assert any(t["in_reply_to_status_id"] in by_id for t in replies)  # a reply to a colleague's tweet
    for t in replies:
        if t["in_reply_to_status_id"] in by_id:
            acc, parent = by_id[t["in_reply_to_status_id"]]
            assert t["in_reply_to_user_id"] == acc["accountId"] and t["in_reply_to_screen_name"] == acc["username"]
    no_status = [t for _, t in tweets if t.get("in_reply_to_user_id") and "in_reply_to_status_id" not in t]
    assert no_status and all(t["full_text"].startswith("@") for t in no_status)
    quotes = [u for _, t in tweets for u in t["entities"]["urls"]
              if re.fullmatch(r"https://x\.com/\w+/status/\d+", u["expanded_url"])]
    assert quotes
    texts = " ".join(t["full_text"] for _, t in tweets)
    assert "@NorthwindLH" in texts and "#LifeAtNorthwind" in texts
    assert any("northwindlighthouse.com" in u["expanded_url"] for _, t in tweets for u in t["entities"]["urls"])
    # a colleague's screen name maps to one X user id in every archive
    ids = defaultdict(set)
    for _, t in tweets:
        for m in t["entities"]["user_mentions"]:
            ids[m["screen_name"]].add(m["id_str"])
    assert all(len(v) == 1 for v in ids.values())
    accounts = {load_js(a["data/account.js"])[0]["account"]["username"]: load_js(a["data/account.js"])[0]["account"]
                for a in archives}
    assert any(ids.get(name) == {acc["accountId"]} for name, acc in accounts.items())


def test_x_accounts_and_private_files(archives, sample):
    out, _, _ = sample
    rows = read_directory(out)
    emails = {r["email"].lower() for r in rows}
    typed = {re.sub(r"^(https?://)?(www\.)?(x|twitter)\.com/@?|^@|/$", "", r["x_handle"].strip()) for r in rows}
    accounts = [load_js(a["data/account.js"])[0]["account"] for a in archives]
    for acc in accounts:
        assert set(acc) == {"email", "createdVia", "username", "accountId", "createdAt", "accountDisplayName"}
    assert any(a["email"].lower() not in emails for a in accounts)  # personal addresses
    assert any(a["email"].lower() in emails for a in accounts)
    assert any(a["username"] not in typed and a["username"].lower() in {t.lower() for t in typed} for a in accounts)
    deleted = [a for a in archives if "data/deleted-tweets.js" in a]
    assert deleted
    live = {t["id_str"] for _, t in all_tweets(archives)}
    for arc in deleted:
        for rec in load_js(arc["data/deleted-tweets.js"]):
            assert rec["tweet"]["id_str"] not in live and "deleted_at" in rec["tweet"]
    dms = [a["data/direct-messages.js"] for a in archives if "data/direct-messages.js" in a]
    assert dms and all(b"PRIVATE-CANARY" in d for d in dms)
    for arc in archives:
        for name, data in arc.items():
            if name != "data/direct-messages.js":
                assert b"PRIVATE-CANARY" not in data, name


def test_opted_out_employees_post_on_slack_and_x(sample, slack, archives):
    out, _, _ = sample
    opted = [r for r in read_directory(out) if r["opt_out"].strip().lower() in YES]
    users = {u["profile"].get("email", "").lower(): u["id"] for u in slack["meta"]["users.json"]}
    authors = Counter(m.get("user") for _, _, m in public_messages(slack))
    assert all(authors[users[r["email"].lower()]] > 0 for r in opted if r["email"].lower() in users)
    assert sum(authors[users.get(r["email"].lower())] > 0 for r in opted) >= 3
    by_handle = {load_js(a["data/account.js"])[0]["account"]["username"].lower() for a in archives}
    by_email = {load_js(a["data/account.js"])[0]["account"]["email"].lower() for a in archives}
    handle = lambda r: re.sub(r"^(https?://)?(www\.)?(x|twitter)\.com/@?|^@|/$", "", r["x_handle"].strip()).lower()  # noqa: E731
    on_x = [r for r in opted if handle(r) in by_handle or r["email"].lower() in by_email]
    assert len(on_x) >= 2
    assert any(not r["x_handle"] and r["email"].lower() in by_email for r in on_x)  # matched by email only


# -- Mastodon, Bluesky, LinkedIn, and the brand on every public platform ----------------------
def members(entry: Path) -> dict[str, bytes]:
    """A zip's or an unpacked folder's files as {relative path: bytes}."""
    if entry.suffix == ".zip":
        with zipfile.ZipFile(entry) as zf:
            return {n: zf.read(n) for n in zf.namelist() if not n.endswith("/")}
    return {p.relative_to(entry).as_posix(): p.read_bytes() for p in entry.rglob("*") if p.is_file()}


MASTODON_PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def mastodon_statuses(out: Path) -> list[tuple[str, list[dict]]]:
    """(owner's profile URL, statuses) per archive or REST export, each status as ``public``,
    ``boosted`` (the boosted status's URI, or None), ``mentions`` (profile or actor URLs),
    ``hashtags`` and ``content`` (HTML). ``json.loads`` keeps the last duplicate ``orderedItems``."""
    found = []
    for entry in sorted((out / "mastodon").iterdir()):
        files = members(entry)
        statuses = []
        if "outbox.json" in files:
            owner = json.loads(files["actor.json"])["url"]
            for act in json.loads(files["outbox.json"])["orderedItems"]:
                obj = act["object"] if isinstance(act["object"], dict) else {"tag": [], "content": ""}
                statuses.append({"public": MASTODON_PUBLIC in act["to"] + act["cc"],
                                 "boosted": act["object"] if act["type"] == "Announce" else None,
                                 "mentions": [t["href"] for t in obj["tag"] if t["type"] == "Mention"],
                                 "hashtags": [t["name"].lstrip("#") for t in obj["tag"] if t["type"] == "Hashtag"],
                                 "content": obj["content"]})
        else:
            pages = [json.loads(data) for _, data in sorted(files.items())]
            owner = pages[0][0]["account"]["url"]
            for st in (st for page in pages for st in page):
                statuses.append({"public": st["visibility"] in ("public", "unlisted"),
                                 "boosted": st["reblog"]["uri"] if st["reblog"] else None,
                                 "mentions": [m["url"] for m in st["mentions"]], "hashtags": [t["name"] for t in st["tags"]],
                                 "content": st["content"]})
        found.append((owner, statuses))
    return found


def bluesky_entries(out: Path) -> list[tuple[str, dict]]:
    """(feed file, feed entry) for every entry of every saved getAuthorFeed page."""
    return [(entry.name, item) for entry in sorted((out / "bluesky").iterdir())
            for _, data in sorted(members(entry).items()) for item in json.loads(data)["feed"]]


def linkedin_files(out: Path) -> list[dict[str, bytes]]:
    """Each LinkedIn export as {file name without its folder: bytes}."""
    return [{n.rsplit("/", 1)[-1]: b for n, b in members(entry).items()} for entry in sorted((out / "linkedin").iterdir())]


def linkedin_shares(files: dict[str, bytes]) -> list[dict]:
    return [row for name, data in files.items() if re.fullmatch(r"Shares(_\d+)?\.csv", name)
            for row in csv.DictReader(io.StringIO(data.decode("utf-8")))]


@pytest.mark.parametrize(("people", "seed"), [(120, 7), (300, 7), (600, 3), (40, 11)])
def test_public_handles_are_unique_per_platform(people, seed):
    company = build_company(people, 30, seed, END)
    brand = {"x": "northwindlh", "mastodon": "northwind@mastodon.social", "bluesky": "northwind.bsky.social"}
    for platform in ("x", "mastodon", "bluesky", "linkedin"):
        owners = [p for p in company.people if (p.x if platform == "x" else getattr(p, platform))]
        handles = [normalize_handle(platform, p.x.screen_name if platform == "x" else getattr(p, platform)) for p in owners]
        assert None not in handles and len(handles) == len(set(handles)), platform
        assert brand.get(platform) not in handles, platform
        if platform != "x":  # the directory's form names the same account, whatever the form
            typed = [(getattr(p, f"{platform}_typed"), h) for p, h in zip(owners, handles, strict=True)]
            assert all(normalize_handle(platform, t) == h for t, h in typed if t), platform


def test_some_public_accounts_are_not_declared_in_the_directory(sample):
    out, _, _ = sample
    rows = read_directory(out)
    declared = {
        "mastodon": {normalize_handle("mastodon", r["mastodon_handle"]) for r in rows},
        "bluesky": {normalize_handle("bluesky", r["bluesky_handle"]) for r in rows},
        "linkedin": {normalize_handle("linkedin", r["linkedin_url"]) for r in rows},
    }
    accounts = {
        "mastodon": [normalize_handle("mastodon", owner) for owner, _ in mastodon_statuses(out)],
        "bluesky": sorted({i["post"]["author"]["handle"] for _, i in bluesky_entries(out) if "reason" not in i}),
        "linkedin": [normalize_handle("linkedin", re.search(r"\[PERSONAL:([^\]]+)\]", f["Profile.csv"].decode()).group(1))
                     for f in linkedin_files(out)],
    }
    undeclared = {k: [a for a in v if a not in declared[k]] for k, v in accounts.items()}
    assert all(accounts.values()) and None not in sum(accounts.values(), [])
    total = sum(len(v) for v in undeclared.values())
    assert 2 <= total <= sum(len(v) for v in accounts.values()) // 4, undeclared  # a few, not many


def brand_signals(out: Path, archives: list[dict]) -> dict[str, Counter]:
    """Employees' public posts carrying each brand signal, per platform, counted from the
    written files with plain Python: a mention of the brand account, a brand hashtag, a link
    to a brand domain, a reshare of a brand post, a quote of a brand post."""
    org = tomllib.loads((out / "ambassador.toml").read_text(encoding="utf-8"))["organization"]
    tags = {t.lstrip("#").lower() for t in org["brand_hashtags"]}
    domains = {d.lower() for d in org["brand_domains"]}

    def on_domain(url: str) -> bool:
        return (urlsplit(url).hostname or "").removeprefix("www.") in domains

    found = {p: Counter() for p in ("x", "mastodon", "bluesky", "linkedin")}
    for _, t in all_tweets(archives):
        ent, text, x = t["entities"], t["full_text"], found["x"]
        urls = [u["expanded_url"] for u in ent["urls"]]
        if text.startswith("RT @"):
            x["reshare"] += text.startswith("RT @NorthwindLH:")
            continue
        x["mention"] += any(m["screen_name"] == "NorthwindLH" for m in ent["user_mentions"])
        x["hashtag"] += any(h["text"].lower() in tags for h in ent["hashtags"])
        x["link"] += any(on_domain(u) for u in urls)
        x["quote"] += any(re.fullmatch(r"https://x\.com/NorthwindLH/status/\d+", u) for u in urls)

    brand = {"https://mastodon.social/users/northwind", "https://mastodon.social/@northwind"}  # actor URI, profile URL
    for _, statuses in mastodon_statuses(out):
        for st in statuses:
            m = found["mastodon"]
            if not st["public"]:
                continue
            if st["boosted"]:
                m["reshare"] += st["boosted"].startswith("https://mastodon.social/users/northwind/statuses/")
                continue
            m["mention"] += any(u in brand for u in st["mentions"])
            m["hashtag"] += any(t.lower() in tags for t in st["hashtags"])
            m["link"] += any(on_domain(h) for h in re.findall(r'href="([^"]+)"', st["content"]))

    entries = bluesky_entries(out)
    views = [i["post"]["author"] for _, i in entries] + [i["post"]["embed"]["record"]["author"] for _, i in entries
                                                         if "embed" in i["post"]]
    brand_dids = {a["did"] for a in views if a["handle"] == "northwind.bsky.social"}
    for _, item in entries:
        post, reason, b = item["post"], item.get("reason", {}).get("$type", ""), found["bluesky"]
        if reason.endswith("#reasonRepost"):
            b["reshare"] += post["author"]["did"] in brand_dids
        if reason:  # a repost, or the pinned post repeated
            continue
        features = [f for facet in post["record"].get("facets", []) for f in facet["features"]]
        b["mention"] += any(f["$type"].endswith("#mention") and f["did"] in brand_dids for f in features)
        b["hashtag"] += any(f["$type"].endswith("#tag") and f["tag"].lower() in tags for f in features)
        b["link"] += any(f["$type"].endswith("#link") and on_domain(f["uri"]) for f in features)
        b["quote"] += post.get("embed", {}).get("record", {}).get("author", {}).get("did") in brand_dids

    page_post = re.compile(r"https://www\.linkedin\.com/posts/northwind-lighthouse_[\w-]+-activity-\d{19}-[\w-]{4}")
    for files in linkedin_files(out):
        for row in linkedin_shares(files):
            text, url, li = row["ShareCommentary"], row["SharedUrl"], found["linkedin"]
            if row["Visibility"] != "PUBLIC":
                continue
            li["hashtag"] += any(t.lower() in tags for t in re.findall(r"#(\w+)", text))
            li["link"] += bool(url) and on_domain(url)
            li["reshare"] += not text.strip() and bool(page_post.fullmatch(url))
    return found


def test_every_public_platform_carries_every_brand_signal(sample, archives):
    out, _, _ = sample
    found = brand_signals(out, archives)
    expected = {"x": {"mention", "hashtag", "link", "reshare", "quote"},
                "bluesky": {"mention", "hashtag", "link", "reshare", "quote"},
                "mastodon": {"mention", "hashtag", "link", "reshare"},  # Mastodon has no quote posts
                "linkedin": {"hashtag", "link", "reshare"}}  # a LinkedIn member export holds no mentions
    for platform, signals in expected.items():
        missing = sorted(s for s in signals if found[platform][s] < 2)
        assert not missing, (platform, missing, dict(found[platform]))


def test_amplifiers_reshare_more_than_ideal_ambassadors(sample):
    """On Mastodon and Bluesky, the share of a person's entries that reshare follows the archetype."""
    out, _, truth = sample
    with open(truth, newline="", encoding="utf-8") as fh:
        archetype = {r["employee_id"]: r["archetype"] for r in csv.DictReader(fh)}
    company = build_company(120, 90, 7, END, languages=COMMITTED_SAMPLE["languages"])
    who = {("mastodon", normalize_handle("mastodon", p.mastodon)): p.employee_id for p in company.people if p.mastodon}
    who |= {("bluesky", p.bluesky): p.employee_id for p in company.people if p.bluesky}
    shares: dict[str, list[bool]] = defaultdict(list)
    for owner, statuses in mastodon_statuses(out):
        shares[archetype[who["mastodon", normalize_handle("mastodon", owner)]]] += [bool(st["boosted"]) for st in statuses]
    for _, item in bluesky_entries(out):
        owner = item["reason"]["by"]["handle"] if "by" in item.get("reason", {}) else item["post"]["author"]["handle"]
        if not item.get("reason", {}).get("$type", "").endswith("#reasonPin"):
            shares[archetype[who["bluesky", owner]]].append("reason" in item)
    rate = {a: sum(v) / len(v) for a, v in shares.items()}
    assert rate["amplifier"] > 0.4 > rate["ideal_ambassador"], rate


# -- languages: other words, the same company ---------------------------------------------------
HEBREW = re.compile(r"[\u0590-\u05ff]")
LAUGH = {"joy", "laughing", "rolling_on_the_floor_laughing", "upside_down_face", "smirk", "face_with_rolling_eyes",
         "sweat_smile", "skull", "joy::skin-tone-2"}
ACK = {"+1", "white_check_mark", "eyes", "thumbsup", "ok_hand", "heavy_check_mark", "+1::skin-tone-2",
       "thumbsup::skin-tone-4"}


def slack_export(out: Path) -> tuple[dict, list[tuple[str, dict]]]:
    """The Slack export of a data folder: its meta files, and (folder, message) for every message."""
    zf = zipfile.ZipFile(next((out / "slack").glob("*.zip")))
    meta = {n: json.loads(zf.read(n)) for n in zf.namelist() if "/" not in n}
    messages = [(n.split("/")[0], m) for n in sorted(zf.namelist()) if "/" in n and not n.endswith("/")
                for m in json.loads(zf.read(n))]
    return meta, messages


def skeleton(out: Path) -> list[tuple[str, dict]]:
    """Every Slack message without its words: who, when, where, threads, reactions and the ids
    it mentions (group DMs keyed by id, since their folder names spell members' names)."""
    meta, messages = slack_export(out)
    mpim = {m["name"]: m["id"] for m in meta["mpims.json"]}
    out_ = []
    for folder, m in messages:
        kept = {k: v for k, v in m.items() if k not in ("text", "blocks", "root")}
        kept["mentions"] = re.findall(r"<@(U[0-9A-Z]+)", m.get("text", ""))
        out_.append((mpim.get(folder, folder), kept))
    return sorted(out_, key=lambda fm: (fm[0], fm[1]["ts"]))


def teams_skeleton(out: Path) -> list[tuple]:
    """Every Teams message without its words: id, parent, author, whom it mentions, who reacts how."""
    zf = zipfile.ZipFile(next((out / "teams").glob("*.zip")))
    found = []
    for n in sorted(zf.namelist()):
        if "/messages-page-" in n or "/replies-" in n:
            for m in json.loads(zf.read(n))["value"]:
                for x in [m, *m.get("replies", [])]:
                    user = ((x.get("from") or {}).get("user") or {}).get("id")
                    found.append((n, x["id"], x["replyToId"], user, x["createdDateTime"],
                                  [(k.get("mentioned", {}).get("user") or {}).get("id") for k in x["mentions"]],
                                  [(r["reactionType"], r["user"]["user"]["id"]) for r in x["reactions"]]))
    return found


def viva_skeleton(out: Path) -> list[tuple]:
    """Every Viva Engage message without its words or names."""
    zf = zipfile.ZipFile(next((out / "viva_engage").glob("*.zip")))
    rows = csv.DictReader(io.StringIO(zf.read("Messages.csv").decode("utf-8-sig")))
    keys = ("id", "replied_to_id", "thread_id", "group_id", "sender_id", "participants", "created_at", "message_type")
    return [tuple(r[k] for k in keys) for r in rows]


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory) -> dict:
    """One company twice: everyone in English, and 40% of people writing Hebrew."""
    root = tmp_path_factory.mktemp("bilingual")
    worlds = {}
    for name, languages in (("en", None), ("he", {"he": 0.4})):
        truth = root / f"{name}.csv"
        summary = write_sample(root / name, people=80, days=42, seed=5, truth_file=truth, languages=languages)
        worlds[name] = (root / name, summary, read_truth(truth))
    return worlds


def test_languages_change_the_words_not_the_company(bilingual):
    (en, en_summary, en_truth), (he, he_summary, he_truth) = bilingual["en"], bilingual["he"]
    # the same people, traits, archetypes; only the writing language differs
    assert [{k: v for k, v in r.items() if k != "language"} for r in en_truth] == \
        [{k: v for k, v in r.items() if k != "language"} for r in he_truth]
    switched = {r["account_id"] for r in he_truth if r["language"] == "he"}
    assert 0.3 * 80 < len(switched) < 0.5 * 80 and {r["language"] for r in en_truth} == {"en"}
    # every count the generator reports is the same, in every export
    same = lambda s: {k: v for k, v in s.items() if k not in ("out", "bytes", "languages")}  # noqa: E731
    assert same(en_summary) == same(he_summary)
    # Slack: the same messages at the same times in the same places, the same threads,
    # reactions and mentions
    assert skeleton(en) == skeleton(he)
    assert teams_skeleton(en) == teams_skeleton(he) and viva_skeleton(en) == viva_skeleton(he)
    # the directory: the same rows but for the switched people's names and emails
    a, b = read_directory(en), read_directory(he)
    keep = ["employee_id", "department", "title", "manager_id", "location", "hire_date", "opt_out", "termination_date"]
    assert [[r[k] for k in keep] for r in a] == [[r[k] for k in keep] for r in b]
    # the switched people write Hebrew, everyone else English
    _, messages = slack_export(he)
    texts = defaultdict(list)
    for _, m in messages:
        if m.get("user") and m.get("subtype") not in ("channel_join", "channel_archive", "tombstone"):
            texts[m["user"] in switched].append(re.sub(r"<[^>]+>", "", m["text"]))
    hebrew = [bool(HEBREW.search(t)) for t in texts[True]]
    assert len(hebrew) > 300 and sum(hebrew) / len(hebrew) > 0.95
    assert not any(HEBREW.search(t) for t in texts[False])


def test_language_shares_nest_and_hebrew_names_keep_latin_handles(bilingual):
    from ambassador.sample.company import assign_languages

    small = {i for i, v in enumerate(assign_languages(3, 400, {"he": 0.2})) if v[0] == "he"}
    large = {i for i, v in enumerate(assign_languages(3, 400, {"he": 0.3, "es": 0.1})) if v[0] == "he"}
    assert small < large and 0.15 < len(small) / 400 < 0.25
    he, _, truth = bilingual["he"]
    writers = {r["employee_id"] for r in truth if r["language"] == "he"}
    rows = [r for r in read_directory(he) if r["employee_id"] in writers]
    script = [r for r in rows if HEBREW.search(r["full_name"])]
    assert 0.4 < len(script) / len(rows) < 0.9  # about two thirds in Hebrew script, the rest transliterated
    assert all(re.fullmatch(r"[a-z0-9.-]+@northwindlighthouse\.com", r["email"]) for r in read_directory(he))
    meta, _ = slack_export(he)
    users = {u["profile"].get("email", "").lower(): u for u in meta["users.json"]}
    for r in script:
        u = users.get(r["email"])
        if u is None:  # an empty Slack email: matched by name instead
            u = next(x for x in meta["users.json"] if x["real_name"] == r["full_name"])
        assert u["real_name"] == r["full_name"] and HEBREW.search(u["profile"]["real_name_normalized"])
        assert re.fullmatch(r"[a-z0-9.]+", u["name"])
    handles = [r["x_handle"] for r in read_directory(he) if r["x_handle"]]
    assert handles and not any(HEBREW.search(h) for h in handles)


def test_values_and_exemplars_in_several_languages(tmp_path):
    write_sample(tmp_path / "a", people=24, days=7, values_languages=("en", "he", "es"), exemplar_languages=("en", "de"))
    culture = tmp_path / "a" / "culture"
    assert sorted(p.name for p in culture.iterdir()) == ["exemplars.csv", "values.es.md", "values.he.md", "values.md"]
    assert (culture / "values.md").read_text(encoding="utf-8").startswith("# How we work")
    assert HEBREW.search((culture / "values.he.md").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((culture / "exemplars.csv").read_text(encoding="utf-8"))))
    assert {r["label"] for r in rows} == {"on_culture"} and len(rows) > 15
    assert any(re.search(r"[äöüß]|\b(und|nicht|wir)\b", r["text"]) for r in rows[:2])  # mixed, not one block each
    write_sample(tmp_path / "b", people=24, days=7, values_languages=("he",))
    assert sorted(p.name for p in (tmp_path / "b" / "culture").iterdir()) == ["exemplars.csv", "values.md"]
    assert HEBREW.search((tmp_path / "b" / "culture" / "values.md").read_text(encoding="utf-8"))
    for bad in ({"languages": {"fr": 0.2}}, {"languages": {"he": 0.7, "es": 0.5}}, {"values_languages": ("fr",)},
                {"industry": "hospital", "languages": {"he": 0.2}}, {"industry": "bakery"}):
        with pytest.raises(ValueError):
            write_sample(tmp_path / "c", people=24, days=7, **bad)
        assert not (tmp_path / "c").exists()


def test_truth_language_and_the_committed_sample_arguments(sample):
    out, summary, truth = sample
    rows = [r for r in read_truth(truth) if r["employee_id"]]
    assert Counter(r["language"] for r in rows if r["archetype"] != "bot") == summary["languages"]
    assert set(summary["languages"]) == {"en", "he", "es", "de"}
    assert sorted(p.name for p in (out / "culture").iterdir()) == ["exemplars.csv", "values.he.md", "values.md"]
    # `make sample` writes the committed sample with the arguments this module's fixture uses
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    command = re.search(r"ambassador sample --out data/sample([^\n]*)", makefile).group(1).split()
    flags = dict(zip(command[::2], command[1::2]))
    assert {k: float(v) for k, v in (x.split(":") for x in flags["--languages"].split(","))} == \
        COMMITTED_SAMPLE["languages"]
    assert tuple(flags["--values-languages"].split(",")) == COMMITTED_SAMPLE["values_languages"]
    assert tuple(flags["--exemplar-languages"].split(",")) == COMMITTED_SAMPLE["exemplar_languages"]


# -- planted archetypes ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[Path, dict, list[dict]]:
    root = tmp_path_factory.mktemp("planted")
    summary = write_sample(root / "data", people=240, days=56, seed=21, truth_file=root / "truth.csv")
    return root / "data", summary, read_truth(root / "truth.csv")


def test_planted_archetypes_counts_truth_and_hierarchy(planted):
    out, summary, truth = planted
    listed = [r for r in truth if r["employee_id"]]
    count = Counter(r["archetype"] for r in listed)
    candidates = sum(count[a] for a in ("ideal_ambassador", "solid_contributor", "quiet_expert", "broadcaster",
                                        "central_negative", "amplifier", "newcomer", "background", "sarcastic_hub",
                                        "burst", "quiet_carrier", "rising_newcomer", "guest_contractor", "departed"))
    assert 2 <= count["sarcastic_hub"] <= round(0.05 * candidates) and 3 <= count["executive"] <= 6
    for a in ("burst", "quiet_carrier", "rising_newcomer"):
        assert 1 <= count[a] <= round(0.05 * candidates), a
    grade = {"sarcastic_hub": ("0", "sarcastic"), "executive": ("0", "executive_ack"), "burst": ("1", ""),
             "quiet_carrier": ("3", ""), "rising_newcomer": ("3", "")}
    for r in listed:
        if r["archetype"] in grade:
            assert (r["relevance"], r["wrong_kind"], r["eligible_truth"]) == (*grade[r["archetype"]], "true"), r
    # the executives are the top of a real tree: the CEO, and the VPs reporting to the CEO
    rows = {r["employee_id"]: r for r in read_directory(out)}
    archetype = {r["employee_id"]: r["archetype"] for r in listed}
    ceo = [e for e, r in rows.items() if not r["manager_id"]]
    assert len(ceo) == 1 and archetype[ceo[0]] == "executive"
    for e in rows:
        seen, x = set(), e
        while rows[x]["manager_id"]:
            assert x not in seen
            seen.add(x)
            x = rows[x]["manager_id"]
        assert x == ceo[0]
    assert {e for e, r in rows.items() if r["manager_id"] == ceo[0]} | set(ceo) == \
        {e for e, a in archetype.items() if a == "executive"}
    assert all(re.match(r"(Chief|VP)\b", rows[e]["title"]) for e, a in archetype.items() if a == "executive")
    assert not any(re.match(r"(Chief|VP)\b", rows[e]["title"]) for e, a in archetype.items() if a != "executive")
    # rising newcomers joined four to nine weeks before the end
    for e, a in archetype.items():
        if a == "rising_newcomer":
            assert 28 <= (END - date.fromisoformat(rows[e]["hire_date"])).days <= 63


def test_planted_archetypes_behave_as_in_real_companies(planted):
    out, _, truth = planted
    who = {r["account_id"]: r["archetype"] for r in truth if r["employee_id"]}
    meta, messages = slack_export(out)
    members = {c["name"]: len(c["members"]) for c in meta["channels.json"]}
    public = set(members)
    top: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for folder, m in messages:
        if folder in public and m.get("user") in who and "subtype" not in m and m.get("thread_ts", m["ts"]) == m["ts"]:
            top[m["user"]].append((folder, m))

    def of(archetype):
        return [u for u, a in who.items() if a == archetype and top[u]]

    def engagers(m):
        return len({u for r in m.get("reactions", []) for u in r["users"]} | set(m.get("reply_users", [])))

    # a burst person's posts fall in one week
    for u in of("burst"):
        days = sorted(int(float(m["ts"])) // 86400 for _, m in top[u])
        best = max(sum(d <= x < d + 7 for x in days) for d in days)
        assert best >= 0.75 * len(days) and best >= 8, (u, days)
    # quiet carriers post every week or three, and each post draws more colleagues than most posts do
    weeks = 56 / 7
    solid = sorted(engagers(m) for u in of("solid_contributor") for _, m in top[u])
    for u in of("quiet_carrier"):
        assert len(top[u]) <= 1.5 * weeks, len(top[u])
        assert sum(engagers(m) for _, m in top[u]) / len(top[u]) > 2 * solid[len(solid) // 2]
    # colleagues laugh at the sarcastic hubs' posts (at their everyday chatter less)

    def laughter(archetype):
        names = Counter(r["name"] for u in of(archetype) for _, m in top[u] for r in m.get("reactions", []) for _ in r["users"])
        return sum(names[n] for n in LAUGH) / sum(names.values())

    assert laughter("sarcastic_hub") > max(0.4, 3 * laughter("ideal_ambassador"))
    # the executives announce in #announcements, and much of the company acknowledges
    acks = [m for u in of("executive") for f, m in top[u] if f == "announcements"]
    assert len(acks) >= 5
    for m in acks:
        assert {r["name"] for r in m.get("reactions", [])} <= ACK
        assert sum(r["count"] for r in m.get("reactions", [])) >= 0.25 * members["announcements"]


def test_a_hospital(tmp_path):
    truth = tmp_path / "truth.csv"
    summary = write_sample(tmp_path / "h", people=60, days=21, seed=4, truth_file=truth, industry="hospital")
    out = tmp_path / "h"
    settings = tomllib.loads((out / "ambassador.toml").read_text(encoding="utf-8"))
    assert settings["organization"]["name"] == "St. Brigid's Regional Hospital" and summary["industry"] == "hospital"
    assert settings["organization"]["brand_domains"] == ["stbrigidshospital.ie"]
    rows = read_directory(out)
    assert all(r["email"].endswith("@stbrigidshospital.ie") for r in rows)
    assert {"Nursing", "Emergency", "Communications"} <= {r["department"] for r in rows}
    assert (out / "culture" / "values.md").read_text(encoding="utf-8").startswith("# How we care")
    assert [p.name for p in (out / "slack").iterdir()] == ["st-brigids-regional-hospital-slack-export.zip"]
    _, messages = slack_export(out)
    text = " ".join(m.get("text", "") for _, m in messages)
    assert "Northwind" not in text and "quay" not in text.lower() and "ward" in text
    kinds = {r["wrong_kind"] for r in read_truth(truth) if r["employee_id"]}
    assert {"sarcastic", "executive_ack", "excluded_department"} <= kinds


@pytest.mark.parametrize("kwargs", [{"languages": {"he": 0.3, "es": 0.2, "de": 0.2}, "values_languages": ("de", "en"),
                                     "exemplar_languages": ("en", "es")}, {"industry": "hospital"}])
def test_other_languages_and_industries_are_deterministic(tmp_path, kwargs):
    write_sample(tmp_path / "a", people=30, days=14, seed=8, **kwargs)
    write_sample(tmp_path / "b", people=30, days=14, seed=8, **kwargs)
    tree_a, tree_b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert list(tree_a) == list(tree_b) and all(tree_a[k] == tree_b[k] for k in tree_a)
