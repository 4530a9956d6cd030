"""The whole pipeline on the sample company: contracts, exclusions, determinism, idempotence.

Oracles come from the sample's own files (directory CSV, Slack users.json, day files), read here
with plain Python, never from the warehouse under test.
"""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from builders import text_value_list, text_values
from conftest import SAMPLE_AS_OF

from ambassador.pipeline import RunContext, run_stages
from ambassador.schema import SHORTLIST_COLUMNS
from ambassador.warehouse import connect

pytestmark = pytest.mark.slow
CANARY = "PRIVATE-CANARY"
DIRECTORY_TABLES = {"raw_directory", "stg_people"}  # hold the directory itself, opt-out flag included


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def directory(data_dir: Path) -> list[dict]:
    return [row for p in sorted((data_dir / "directory").glob("*.csv")) for row in read_csv(p)]


def opted_out(data_dir: Path) -> list[dict]:
    return [r for r in directory(data_dir) if r["opt_out"].strip().lower() in {"yes", "true", "1", "y", "x"}]


def slack_authorship(data_dir: Path, emails: set[str]) -> tuple[set[str], list[str]]:
    """Slack user ids with these emails, and texts only they wrote in public channels.

    Texts another author also wrote (the generator reuses sentences) are left out, so the
    check proves absence of these people's own words.
    """
    ids: set[str] = set()
    by_text: dict[str, set[str]] = {}
    for export in sorted((data_dir / "slack").glob("*.zip")):
        with zipfile.ZipFile(export) as zf:
            names = zf.namelist()
            root = next(n for n in names if n.endswith("channels.json"))[: -len("channels.json")]
            users = json.loads(zf.read(root + "users.json"))
            ids |= {u["id"] for u in users if (u.get("profile") or {}).get("email", "").lower() in emails}
            channels = {c["name"] for c in json.loads(zf.read(root + "channels.json"))}
            for n in names:
                parts = n[len(root):].split("/")
                if len(parts) == 2 and parts[0] in channels and parts[1].endswith(".json"):
                    for m in json.loads(zf.read(n)):
                        if isinstance(m, dict) and len(m.get("text", "")) > 20:
                            by_text.setdefault(m["text"], set()).add(m.get("user"))
    own = [t for t, authors in by_text.items() if authors and authors <= ids]
    return ids, own


def test_shortlist_follows_the_contract(sample_run):
    rows = read_csv(sample_run.shortlist)
    with sample_run.shortlist.open(encoding="utf-8") as fh:
        assert tuple(fh.readline().strip().split(",")) == SHORTLIST_COLUMNS
    size = RunContext.create(sample_run.data_dir).settings.shortlist.size
    assert 0 < len(rows) <= size
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))
    scores = [float(r["score"]) for r in rows]
    assert all(0 <= s <= 1 for s in scores) and scores == sorted(scores, reverse=True)
    assert all(len(r["reasons"]) > 10 for r in rows)
    for r in rows:
        for cell in r.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_brand_signals_of_every_platform_reach_the_marts_and_the_reasons(sample_run):
    """Each brand signal the sample writes on a platform (tests/test_sample.py counts them in the
    files) is counted in the warehouse, and every shortlisted person whom public advocacy
    lifted is told so in plain words."""
    from ambassador.ranking import LIFT_THRESHOLD

    con = connect(sample_run.snapshot, read_only=True)
    found = {
        platform: dict(zip(("mention", "hashtag", "link", "quote", "reshare"), counts, strict=True))
        for platform, *counts in con.execute(
            """SELECT platform, count(*) FILTER (WHERE mentions_brand), count(*) FILTER (WHERE tags_brand),
                      count(*) FILTER (WHERE links_brand), count(*) FILTER (WHERE refs_brand AND kind = 'quote'),
                      count(*) FILTER (WHERE refs_brand AND kind = 'reshare')
               FROM marts_public_posts GROUP BY platform"""
        ).fetchall()
    }
    # what each platform can carry (docs/sources.md): LinkedIn has no structured mentions, and
    # the sample's Mastodon and LinkedIn writers write no quotes
    expected = {"x": {"mention", "hashtag", "link", "quote", "reshare"},
                "bluesky": {"mention", "hashtag", "link", "quote", "reshare"},
                "mastodon": {"mention", "hashtag", "link", "reshare"},
                "linkedin": {"hashtag", "link", "reshare"}}
    assert {p: {k for k, n in c.items() if n > 0} for p, c in found.items()} == expected
    per_person = con.execute("SELECT sum(brand_posts), sum(brand_reshares) FROM marts_public_signals").fetchall()[0]
    by_post = con.execute(
        "SELECT count(*) FILTER (WHERE brand_post), count(*) FILTER (WHERE refs_brand AND kind = 'reshare') FROM marts_public_posts"
    ).fetchall()[0]
    assert per_person == by_post and by_post[0] > 0
    rows = read_csv(sample_run.shortlist)
    lifted = [r for r in rows if float(r["advocacy"]) >= LIFT_THRESHOLD]
    assert lifted, "no shortlisted person is an advocate in the sample"
    assert all("speaks up for the brand in public" in r["reasons"] for r in lifted)
    assert not any("speaks up for the brand" in r["reasons"] for r in rows if float(r["advocacy"]) < LIFT_THRESHOLD)


def test_no_ineligible_person_is_shortlisted(sample_run):
    people = {r["employee_id"]: r for r in directory(sample_run.data_dir)}
    out = {r["employee_id"] for r in opted_out(sample_run.data_dir)}
    settings = RunContext.create(sample_run.data_dir).settings
    excluded = {d.lower() for d in settings.shortlist.exclude_departments}
    for row in read_csv(sample_run.shortlist):
        assert row["employee_id"] in people, "not in the directory"
        assert row["employee_id"] not in out, "opted out"
        assert people[row["employee_id"]]["department"].lower() not in excluded


def test_listed_guests_leavers_and_service_accounts_are_never_eligible(sample_run):
    """The directory rows the generator planted as wrong people (tests/test_sample.py checks
    their Slack flags) come out ineligible, each for its own reason, and off the shortlist."""
    from datetime import date

    from ambassador.sample import COMMITTED_SAMPLE
    from ambassador.sample.company import build_company

    company = build_company(120, 90, 7, date(2026, 11, 1), languages=COMMITTED_SAMPLE["languages"])
    expected = {p.employee_id: "uses a guest account" for p in company.people if p.guest}
    expected |= {p.employee_id: "left the company" for p in company.people if p.left_on}
    expected |= {s.employee_id: "no account linked to this employee" for s in company.service_accounts}
    assert len(set(expected.values())) == 3
    con = connect(sample_run.snapshot, read_only=True)
    try:
        got = dict(con.execute(
            "SELECT employee_id, ineligible_reason FROM marts_person_scores WHERE employee_id IN (SELECT unnest($ids))",
            {"ids": sorted(expected)},
        ).fetchall())
        bot_links = con.execute(
            "SELECT count(*) FROM stg_identity WHERE account_id IN (SELECT unnest($ids))",
            {"ids": [s.slack_id for s in company.service_accounts]},
        ).fetchall()[0][0]
    finally:
        con.close()
    assert got == expected
    assert bot_links == 0
    assert not {r["employee_id"] for r in read_csv(sample_run.shortlist)} & set(expected)


def test_opted_out_people_appear_in_no_output(sample_run):
    gone = opted_out(sample_run.data_dir)
    assert gone, "the sample must contain opted-out employees"
    slack_ids, their_posts = slack_authorship(sample_run.data_dir, {p["email"].lower() for p in gone})
    assert slack_ids and their_posts, "the sample's opted-out employees must have posted in Slack"
    con = connect(sample_run.snapshot, read_only=True)
    try:
        stored = con.execute(
            "SELECT count(*) FROM raw_slack_messages WHERE user_id IN (SELECT unnest($ids))", {"ids": sorted(slack_ids)}
        ).fetchall()[0][0]
        assert stored == 0
        everything = text_values(con, skip=DIRECTORY_TABLES)
        # Their Slack texts as whole values, outside the other intranets' rows: the sample's
        # texts come from templates, so a colleague may write the very same sentence on another
        # platform (those sources' own tests check their opt-outs).
        others = {t for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE regexp_matches(table_name, '^raw_(viva|teams|discourse|intranet)')"
        ).fetchall()}
        values = set(text_value_list(con, skip=DIRECTORY_TABLES | others | {"stg_posts"}))
        values |= {t for (t,) in con.execute("SELECT text FROM stg_posts WHERE platform IN ('slack', 'x')").fetchall()}
        for p in gone:
            assert p["employee_id"] not in values
            assert p["email"].lower() not in everything.lower()
        for text in their_posts:
            # as a stored value (raw or cleaned), or as a message embedded in another's JSON
            assert text not in values
            assert text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") not in values
            assert '"text":' + json.dumps(text, ensure_ascii=False) not in everything
    finally:
        con.close()
    shortlist = sample_run.shortlist.read_text(encoding="utf-8")
    assert not any(p["employee_id"] in shortlist or p["full_name"] in shortlist for p in gone)


def test_private_text_never_reaches_any_table(sample_run):
    con = connect(sample_run.snapshot, read_only=True)
    try:
        assert CANARY not in text_values(con)
    finally:
        con.close()


def test_no_staged_copy_is_left_behind(sample_run):
    leftovers = [p for p in sample_run.warehouse.parent.iterdir() if p.name.endswith(".staging")]
    assert leftovers == []


def test_every_file_reconciles(sample_run):
    con = connect(sample_run.snapshot, read_only=True)
    try:
        rows = con.execute(
            "SELECT path, rows_in, rows_loaded + rows_quarantined + rows_duplicate + rows_excluded, status FROM manifest"
        ).fetchall()
    finally:
        con.close()
    assert {r[3] for r in rows} == {"loaded"}
    assert {Path(r[0]).parts[0] for r in rows} >= {"directory", "slack", "x"}
    for path, rows_in, accounted, _ in rows:
        assert rows_in == accounted, path


def test_same_inputs_same_shortlist_byte_for_byte(sample_run, tmp_path):
    data = shutil.copytree(sample_run.data_dir, tmp_path / "data")
    ctx = RunContext.create(data, warehouse=tmp_path / "w.duckdb", out=tmp_path / "s.csv", as_of=SAMPLE_AS_OF)
    run_stages(ctx)
    assert (tmp_path / "s.csv").read_bytes() == sample_run.shortlist.read_bytes()


def test_rerun_loads_nothing_and_changes_nothing(sample_run, tmp_path):
    warehouse = shutil.copy(sample_run.warehouse, tmp_path / "w.duckdb")
    ctx = RunContext.create(sample_run.data_dir, warehouse=warehouse, out=tmp_path / "s.csv", as_of=SAMPLE_AS_OF)
    summary = run_stages(ctx)
    assert summary["ingest"]["files_new"] == 0 and summary["ingest"]["files_failed"] == 0
    assert summary["ingest"]["files_skipped"] > 0
    assert (tmp_path / "s.csv").read_bytes() == sample_run.shortlist.read_bytes()
    con = connect(warehouse, read_only=True)
    try:
        counts = con.execute("SELECT count(*) FROM raw_slack_messages UNION ALL SELECT count(*) FROM raw_x_tweets").fetchall()
        twice = con.execute("SELECT count(*) FROM manifest WHERE status = 'loaded' GROUP BY sha256 HAVING count(*) > 1").fetchall()
    finally:
        con.close()
    assert twice == []
    original = connect(sample_run.snapshot, read_only=True)
    try:
        assert counts == original.execute("SELECT count(*) FROM raw_slack_messages UNION ALL SELECT count(*) FROM raw_x_tweets").fetchall()
    finally:
        original.close()


def test_a_failing_stage_is_recorded_in_run_log(sample_run, tmp_path):
    data = shutil.copytree(sample_run.data_dir, tmp_path / "data")
    (data / "culture" / "values.md").unlink()  # the culture stage cannot run without it
    ctx = RunContext.create(data, warehouse=tmp_path / "w.duckdb", out=tmp_path / "s.csv", as_of=SAMPLE_AS_OF)
    from ambassador.errors import InputError

    with pytest.raises(InputError, match="values"):
        run_stages(ctx)
    con = connect(tmp_path / "w.duckdb", read_only=True)
    try:
        [(status, summary)] = con.execute("SELECT status, summary FROM run_log").fetchall()
    finally:
        con.close()
    assert status == "failed"
    assert json.loads(summary) == {"failed_stage": "culture", "error": "InputError"}
    assert not (tmp_path / "s.csv").exists()


def x_tweet_records(archive: Path) -> int:
    """Tweets in an X archive's tweet parts (as listed by manifest.js), counted with plain Python."""
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as zf:
            files = {n: zf.read(n) for n in zf.namelist() if not n.endswith("/")}
    else:
        files = {p.relative_to(archive).as_posix(): p.read_bytes() for p in archive.rglob("*") if p.is_file()}
    manifest_name = next(n for n in files if n.endswith("manifest.js"))
    text = files[manifest_name].decode()
    manifest = json.loads(text[text.index("{"):])
    kinds = manifest["dataTypes"]
    listed = [f["fileName"] for k in ("tweets", "tweet") if k in kinds for f in kinds[k]["files"]]
    total = 0
    for name in listed:
        member = next(n for n in files if n.endswith(name))
        body = files[member].decode()
        total += len(json.loads(body[body.index("["):]))
    return total


def test_connectors_golden_counts_on_the_sample(sample_run, tmp_path):
    from ambassador.sample.company import COMPANY_SLUG
    from ambassador.sample.slack import write_slack_export
    from ambassador.sample.x_archive import write_x_archives

    def slack_writer(company, folder: Path) -> dict:
        folder.mkdir(parents=True)
        return write_slack_export(company, folder / f"{COMPANY_SLUG}-slack-export.zip")

    data = sample_run.data_dir
    [slack_zip] = sorted((data / "slack").glob("*.zip"))
    with zipfile.ZipFile(slack_zip) as zf:
        names = zf.namelist()
        channels = {c["name"] for c in json.loads(zf.read("channels.json"))}
        public = sum(
            len(json.loads(zf.read(n))) for n in names if n.count("/") == 1 and n.split("/")[0] in channels and n.endswith(".json")
        )
    archives = sorted(p for p in (data / "x").iterdir() if not p.name.startswith("."))
    tweets = sum(x_tweet_records(a) for a in archives)
    # The plain-Python counts above equal what the generator says it wrote for the committed
    # sample (seed 7, 120 people, 90 days), and the warehouse holds them.
    _, written = regenerate(data, tmp_path / "fresh", {"slack": slack_writer, "x": write_x_archives})
    assert (public, len(archives), tweets) == (written["slack"]["messages"], written["x"]["archives"], written["x"]["tweets"])
    assert public > 1000 and tweets > 200
    con = connect(sample_run.snapshot, read_only=True)
    try:
        by_source = dict(con.execute("SELECT source, sum(rows_in) FROM manifest GROUP BY 1").fetchall())
        files = dict(con.execute("SELECT source, count(*) FROM manifest GROUP BY 1").fetchall())
        kinds = dict(con.execute("SELECT kind, count(*) FROM stg_interactions GROUP BY 1").fetchall())
    finally:
        con.close()
    assert by_source["slack"] == public and by_source["x"] == tweets
    assert files["x"] == len(archives)
    assert {"reply", "mention", "recognition", "reaction", "reshare", "quote"} <= set(kinds)


def regenerate(data_dir: Path, fresh: Path, writers: dict) -> tuple[object, dict[str, dict]]:
    """Write the seed-7 sample company's ``{folder: writer}`` exports under ``fresh``, check the
    committed sample holds exactly those files, and return the company and each writer's counts."""
    from datetime import date

    from ambassador.sample import COMMITTED_SAMPLE
    from ambassador.sample.company import build_company

    company = build_company(120, 90, 7, date(2026, 11, 1), languages=COMMITTED_SAMPLE["languages"])
    written = {folder: write(company, fresh / folder) for folder, write in writers.items()}
    for folder in writers:
        ours = {p.relative_to(fresh): p.read_bytes() for p in sorted((fresh / folder).rglob("*")) if p.is_file()}
        committed = {p.relative_to(data_dir): p.read_bytes() for p in sorted((data_dir / folder).rglob("*")) if p.is_file()}
        assert ours == committed, f"data/sample/{folder} is not what the generator writes: run `make sample`"
    return company, written


def test_intranet_sources_on_the_sample_match_what_the_generator_wrote(sample_run, tmp_path):
    """The committed sample's Viva Engage, Teams, Discourse and intranet CSV exports are what the
    generator writes for seed 7 (byte for byte), and the warehouse holds what the generator says
    it wrote: every record in, every stored post a canonical post, every kind of act present."""
    from ambassador.sample.discourse import write_discourse_export
    from ambassador.sample.intranet_csv import write_intranet_csv
    from ambassador.sample.teams import write_teams_export
    from ambassador.sample.viva_engage import write_viva_engage_export

    _, written = regenerate(sample_run.data_dir, tmp_path / "fresh", {
        "viva_engage": write_viva_engage_export, "teams": write_teams_export, "discourse": write_discourse_export,
        "intranet_csv": write_intranet_csv})

    con = connect(sample_run.snapshot, read_only=True)
    try:
        manifest = {(s, p): (ri, rl, rx, rd) for s, p, ri, rl, rx, rd in con.execute(
            "SELECT source, path, rows_in, rows_loaded, rows_excluded, rows_duplicate FROM manifest WHERE status = 'loaded'"
        ).fetchall()}
        posts = dict(con.execute("SELECT platform, count(*) FROM stg_posts GROUP BY 1").fetchall())
        acts = {(p, k) for p, k in con.execute("SELECT DISTINCT platform, kind FROM stg_interactions").fetchall()}
        linked = dict(con.execute("SELECT platform, count(DISTINCT employee_id) FROM stg_identity GROUP BY 1").fetchall())
        everything = text_values(con, skip={"raw_directory", "stg_people"})
    finally:
        con.close()

    viva, teams, forum, kb = (written[k] for k in ("viva_engage", "teams", "discourse", "intranet_csv"))
    [(viva_in, _, _, _)] = [v for (s, _), v in manifest.items() if s == "viva_engage"]
    assert viva_in == viva["messages"] + viva["users"] + viva["groups"]
    assert posts["viva_engage"] == viva["stored_messages"]
    [(teams_in, teams_loaded, _, teams_dup)] = [v for (s, _), v in manifest.items() if s == "teams"]
    assert (teams_in, teams_dup) == (teams["messages"] + teams["duplicates"], teams["duplicates"])
    assert posts["teams"] == teams_loaded == teams["messages"] - teams["deleted"] - teams["opted_out_messages"]
    assert posts["discourse"] == forum["public_posts"]
    assert sum(v[2] for (s, _), v in manifest.items() if s == "discourse") == forum["excluded_records"]
    for kind in ("posts", "comments", "reactions"):
        [(rows_in, _, excluded, _)] = [v for (s, p), v in manifest.items() if s == "intranet_csv" and p.endswith(f"/{kind}.csv")]
        assert rows_in == kb[kind]["rows"] and excluded == kb[kind]["private"] + kb[kind]["opted_out"]
    for platform in ("viva_engage", "teams", "discourse", "intranet"):
        assert {("reply"), ("mention"), ("recognition")} <= {k for p, k in acts if p == platform}, platform
        assert linked[platform] >= 60, platform  # most of the 120 employees are on every intranet
    assert {k for p, k in acts if p in ("teams", "discourse", "intranet")} >= {"reaction"}
    assert "PRIVATE-CANARY" not in everything


def test_public_sources_on_the_sample_match_what_the_generator_wrote(sample_run, tmp_path):
    """The committed sample's X, Mastodon, Bluesky and LinkedIn exports are what the generator
    writes for seed 7, and the warehouse holds what the generator says it wrote: every file
    loaded, every record in, LinkedIn's public shares of people who did not opt out stored as
    posts, reshares on every platform, and the owners who declared their profile linked."""
    from ambassador.sample.bluesky import write_bluesky_feeds
    from ambassador.sample.linkedin import public_shares, write_linkedin_exports
    from ambassador.sample.mastodon import write_mastodon_archives
    from ambassador.sample.x_archive import write_x_archives

    company, written = regenerate(sample_run.data_dir, tmp_path / "fresh", {
        "x": write_x_archives, "mastodon": write_mastodon_archives, "bluesky": write_bluesky_feeds,
        "linkedin": write_linkedin_exports})

    con = connect(sample_run.snapshot, read_only=True)
    try:
        files = dict(con.execute("SELECT source, count(*) FROM manifest WHERE status = 'loaded' GROUP BY 1").fetchall())
        rows_in = dict(con.execute("SELECT source, sum(rows_in) FROM manifest GROUP BY 1").fetchall())
        posts = dict(con.execute("SELECT platform || '/' || kind, count(*) FROM stg_posts GROUP BY 1").fetchall())
        acts = {(p, k) for p, k in con.execute("SELECT DISTINCT platform, kind FROM stg_interactions").fetchall()}
        linked = con.execute("SELECT platform, employee_id FROM stg_identity").fetchall()
    finally:
        con.close()
    x, masto, bsky, li = (written[k] for k in ("x", "mastodon", "bluesky", "linkedin"))
    assert (files["x"], rows_in["x"]) == (x["archives"], x["tweets"])
    assert (files["mastodon"], rows_in["mastodon"]) == (masto["archives"] + masto["rest_exports"], masto["statuses"] + masto["likes"])
    assert masto["likes"] > 0 and ("mastodon", "reaction") in acts  # likes.json -> reactions
    assert (files["bluesky"], rows_in["bluesky"]) == (bsky["feeds"], bsky["entries"])
    assert files["linkedin"] == li["linkedin_exports"]
    donors = [p for p in company.people if p.linkedin and p.linkedin_export]
    originals = public_shares(company, donors)
    assert posts["linkedin/post"] == sum(len(originals[p.idx]) for p in donors if not p.opt_out)
    # bare reposts (colleagues' shares, the company page's posts) of donors who did not opt out, read from their files
    kept = {f"linkedin-{p.linkedin.rstrip('/').rsplit('/', 1)[-1]}.zip" for p in donors if not p.opt_out}
    reposts = 0
    for export in sorted((sample_run.data_dir / "linkedin").glob("*.zip")):
        with zipfile.ZipFile(export) as zf:
            for name in zf.namelist():
                if export.name in kept and name.rsplit("/", 1)[-1].startswith("Shares"):
                    rows = csv.DictReader(zf.read(name).decode("utf-8").splitlines(keepends=True))
                    reposts += sum(r["Visibility"] == "PUBLIC" and not r["ShareCommentary"].strip() for r in rows)
    assert posts["linkedin/reshare"] == reposts > 0 and li["linkedin_page_reshares"] > 0
    for platform in ("x", "mastodon", "bluesky", "linkedin"):
        assert (platform, "reshare") in acts, platform
    assert ("bluesky", "quote") in acts and ("x", "quote") in acts
    for platform in ("mastodon", "bluesky", "linkedin"):
        declared = {p.employee_id for p in company.people if getattr(p, f"{platform}_typed") and not p.opt_out
                    and (platform != "linkedin" or p.linkedin_export)}
        ours = {e for pl, e in linked if pl == platform}
        assert declared and declared <= ours, platform
        assert not ours & {p.employee_id for p in company.people if p.opt_out}, platform


def test_listening_exports_on_the_sample_match_what_the_generator_wrote(sample_run, tmp_path):
    """The committed social-listening exports are the generator's, and the warehouse keeps what
    the generator says: every row in, opted-out authors' rows not stored, and only the mentions
    that no platform export already holds (no post counted twice)."""
    from ambassador.sample.listening import write_listening

    _, written = regenerate(sample_run.data_dir, tmp_path / "fresh", {"listening": write_listening})
    counts = written["listening"]
    con = connect(sample_run.snapshot, read_only=True)
    try:
        rows_in, excluded = con.execute(
            "SELECT sum(rows_in), sum(rows_excluded) FROM manifest WHERE source = 'listening' AND status = 'loaded'"
        ).fetchall()[0]
        stored = con.execute("SELECT count(*) FROM stg_posts WHERE post_id LIKE 'listening:%'").fetchall()[0][0]
        # X mentions whose tweet the X archives also hold: the tweet's id is their native key
        held = con.execute(
            "SELECT record_key FROM raw_listening_mentions m JOIN stg_posts n ON n.post_id = m.native_key"
        ).fetchall()
        twice = con.execute(
            "SELECT count(*) FROM stg_posts WHERE post_id IN (SELECT 'listening:' || unnest($k::VARCHAR[]))",
            {"k": [k for (k,) in held]},
        ).fetchall()[0][0]
    finally:
        con.close()
    assert rows_in == counts["brandwatch_rows"] + counts["meltwater_rows"]
    assert excluded == counts["opted_out_rows"]
    assert stored == counts["expected_posts"] > 0 and counts["native"] > 0
    assert held and twice == 0  # the sample has such mentions, and none is stored twice
