"""Brand advocacy on every public platform: a mention of a brand handle, a brand hashtag, a link
to a brand domain, a reshare and a quote of a brand post are each counted (where the platform
has them), and near misses are not.

Each test writes one person's export in the platform's own format (the builders of that
source's tests), runs ingest and resolve, then builds ``marts_public_signals`` as the rank stage
does. Expected counts are read off the fixture: every post is listed with what it should count.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from builders import run_ingest, write_directory, write_files
from test_source_bluesky import entry, facet, mention, page, post_view, profile
from test_source_linkedin import SHARE_HEADER_2025, csv_text, profile_csv, share_link
from test_source_mastodon import ANN, actor, archive_files, boost, h_card, note
from test_source_x import account_js, js, tweet

from ambassador.brand import stage_brand
from ambassador.identity import resolve
from ambassador.warehouse import build_model

AS_OF = "2026-03-01"
SETTINGS = """[organization]
name = "Northwind Lighthouse"
brand_handles = ["@NorthwindLH", "@northwind@mastodon.social", "northwind.bsky.social",
                 "https://www.linkedin.com/company/northwind-lighthouse"]
brand_hashtags = ["#LifeAtNorthwind"]
brand_domains = ["northwind.example"]
"""
COUNTED = ("brand_mentions", "brand_hashtags", "brand_links", "brand_quotes", "brand_reshares", "brand_posts",
           "original_posts", "reshares")


def signals(data: Path, tmp_path: Path, person: dict) -> tuple[dict, object]:
    """marts_public_signals of ``person`` after ingest and resolve of ``data``, and the connection."""
    write_directory(data, [person, {"employee_id": "E9", "full_name": "Zed Other", "email": "zed@example.com"}])
    (data / "ambassador.toml").write_text(SETTINGS, encoding="utf-8")
    ctx, con, summary = run_ingest(data, tmp_path, AS_OF)
    assert summary.as_dict()["files_failed"] == 0
    resolve(con, ctx)
    brand = stage_brand(con, ctx.settings.organization)
    build_model(con, "marts", "marts_public_posts", {**ctx.params, **brand})
    build_model(con, "marts", "marts_public_signals", {**ctx.params, "prior_posts": 5})
    rows = con.execute("SELECT * FROM marts_public_signals WHERE employee_id = $e", {"e": person["employee_id"]}).df()
    assert len(rows) == 1, "the employee's accounts were not linked"
    return rows.iloc[0].to_dict(), con


def check(found: dict, expected: dict) -> None:
    assert {k: int(found[k]) for k in COUNTED} == expected
    assert found["originality"] == pytest.approx(expected["original_posts"] / (expected["original_posts"] + expected["reshares"]))


# ---- X ----------------------------------------------------------------------------------------


def test_x_handle_hashtag_domain_reshare_and_quote(tmp_path):
    def with_tags(t: dict, *tags: str) -> dict:
        t["entities"]["hashtags"] = [{"text": h, "indices": ["0", "1"]} for h in tags]
        return t

    brand = ("NorthwindLH", "1184532960481792001")
    tweets = [
        tweet("1", "Great launch by @NorthwindLH", mentions=[brand]),                       # mention
        with_tags(tweet("2", "A day in the life #LifeAtNorthwind"), "LifeAtNorthwind"),      # hashtag (any case)
        tweet("3", "We're hiring https://t.co/x", urls=["https://careers.northwind.example/jobs"]),  # sub-domain link
        tweet("4", "RT @NorthwindLH: our new beacon", mentions=[brand]),                     # reshare (not a mention)
        tweet("5", "So proud https://t.co/q", urls=["https://x.com/NorthwindLH/status/555"]),  # quote
        # near misses: none of these count
        with_tags(tweet("6", "#LifeAtNorthwindX #Northwind"), "LifeAtNorthwindX", "Northwind"),
        tweet("7", "look https://t.co/y", urls=["https://northwind.example.evil.com/x", "https://notnorthwind.example/"]),
        tweet("8", "RT @someone: hi", mentions=[("someone", "9")]),
        tweet("9", "hmm https://t.co/z", urls=["https://x.com/someone/status/9"]),
        tweet("10", "hello @northwindlh_fan", mentions=[("northwindlh_fan", "10")]),
    ]
    data = tmp_path / "data"
    write_files(data / "x" / "ann", {"data/account.js": account_js(), "data/tweets.js": js("YTD.tweets.part0", tweets)})
    found, con = signals(data, tmp_path, {"employee_id": "E1", "full_name": "Ann Example", "email": "ann@example.com"})
    check(found, {"brand_mentions": 1, "brand_hashtags": 1, "brand_links": 1, "brand_quotes": 1, "brand_reshares": 1,
                  "brand_posts": 4, "original_posts": 8, "reshares": 2})
    # archives give likes and retweets (3 + 1 per tweet in the builder): every original is scored
    assert (found["scored_posts"], found["engagement"]) == (8, 32)
    assert list(found["brand_platforms"]) == ["x"]
    assert set(found["brand_post_ids"]) <= {"x:1", "x:2", "x:3", "x:5"} and len(found["brand_post_ids"]) == 3


# ---- Mastodon -------------------------------------------------------------------------------


def test_mastodon_handle_hashtag_domain_boost_and_quote(tmp_path):
    brand = "https://mastodon.social/users/northwind"
    quoting = note(5, "<p>So proud of this</p>")
    quoting["object"]["quote"] = f"{brand}/statuses/100"  # FEP-044f, as Mastodon 4.5 writes it
    items = [
        note(1, f"<p>Great launch {h_card(brand, 'northwind')}</p>", mentions=[(brand, "@northwind@mastodon.social")]),
        note(2, "<p>Proud #LifeAtNorthwind</p>", hashtags=["LifeAtNorthwind"]),
        note(3, '<p>Our blog <a href="https://www.northwind.example/blog" rel="nofollow">northwind.example/blog</a></p>'),
        boost(4, f"{brand}/statuses/99"),
        quoting,
        # near misses
        note(6, "<p>#LifeAtNorthwindX</p>", hashtags=["LifeAtNorthwindX"]),
        boost(7, "https://mastodon.social/users/someone/statuses/1"),
        note(8, '<p><a href="https://northwind.example.evil.com/">link</a></p>'),
        note(9, f"<p>{h_card('https://other.social/users/northwind', 'northwind')}</p>",
             mentions=[("https://other.social/users/northwind", "@northwind@other.social")]),
    ]
    data = tmp_path / "data"
    write_files(data / "mastodon" / "ann", archive_files(actor(), items))
    found, con = signals(data, tmp_path, {"employee_id": "E1", "full_name": "Ann Example", "email": "ann@example.com",
                                      "mastodon_handle": "https://social.example/@ann"})
    check(found, {"brand_mentions": 1, "brand_hashtags": 1, "brand_links": 1, "brand_quotes": 1, "brand_reshares": 1,
                  "brand_posts": 4, "original_posts": 7, "reshares": 2})
    assert found["scored_posts"] == 0  # an archive carries no engagement counts
    # the quote is also an interaction toward the quoted author, known from the quote's URI
    assert con.execute("SELECT src_account_id, dst_account_id FROM stg_interactions WHERE kind = 'quote'").fetchall() == [
        (ANN, brand)]


def test_mastodon_status_in_archive_and_rest_page_counts_once(tmp_path):
    from test_source_mastodon import status

    item = note(1, "<p>Proud #LifeAtNorthwind</p>", hashtags=["LifeAtNorthwind"])
    account = {"id": "1", "username": "ann", "acct": "ann", "url": "https://social.example/@ann", "display_name": "Ann"}
    rest = status("109", "<p>Proud #LifeAtNorthwind</p>", account=account, uri=f"{ANN}/statuses/1",
                  url="https://social.example/@ann/1", created_at=item["object"]["published"],
                  tags=[{"name": "lifeatnorthwind", "url": "https://social.example/tags/lifeatnorthwind"}])
    data = tmp_path / "data"
    write_files(data / "mastodon" / "archive", archive_files(actor(), [item]))
    write_files(data / "mastodon" / "rest", {"statuses.json": json.dumps([rest]).encode()})
    found, con = signals(data, tmp_path, {"employee_id": "E1", "full_name": "Ann Example", "email": "ann@example.com",
                                      "mastodon_handle": "@ann@social.example"})
    assert (int(found["original_posts"]), int(found["brand_hashtags"])) == (1, 1)
    assert int(found["scored_posts"]) == 1  # the REST copy won: it has the counts


# ---- Bluesky --------------------------------------------------------------------------------

ANN_BSKY = {"did": "did:plc:ann0000000000000000000", "handle": "ann.example.com", "displayName": "Ann Example"}
BRAND_BSKY = {"did": "did:plc:northwind00000000000000", "handle": "northwind.bsky.social", "displayName": "Northwind"}
BOB_BSKY = {"did": "did:plc:bob0000000000000000000", "handle": "bob.bsky.social", "displayName": "Bob"}


def test_bluesky_handle_did_hashtag_domain_repost_and_quote(tmp_path):
    t1 = "Great launch @northwind.bsky.social"
    t2 = "Thanks @Northwind team"  # a mention facet whose text is no handle: only the DID names the brand
    t3 = "Proud #LifeAtNorthwind"
    t4 = "Our story northwind.example/story"
    t8 = "#LifeAtNorthwindX"
    brand_post = post_view(BRAND_BSKY, "b2", "The beacon is lit", likes=50)
    quoted = {"uri": brand_post["uri"], "cid": brand_post["cid"], "author": profile(BRAND_BSKY),
              "record": brand_post["record"], "indexedAt": brand_post["indexedAt"]}
    entries = [
        entry(post_view(ANN_BSKY, "p1", t1, facets=[mention(t1, BRAND_BSKY)], likes=3)),
        entry(post_view(ANN_BSKY, "p2", t2, facets=[facet(t2, "@Northwind", {"$type": "app.bsky.richtext.facet#mention",
                                                                              "did": BRAND_BSKY["did"]})])),
        entry(post_view(ANN_BSKY, "p3", t3, facets=[facet(t3, "#LifeAtNorthwind", {"$type": "app.bsky.richtext.facet#tag",
                                                                                    "tag": "LifeAtNorthwind"})])),
        entry(post_view(ANN_BSKY, "p4", t4, facets=[facet(t4, "northwind.example/story", {
            "$type": "app.bsky.richtext.facet#link", "uri": "https://northwind.example/story"})])),
        entry(post_view(BRAND_BSKY, "b1", "Brand news", likes=80), repost_by=ANN_BSKY),
        entry(post_view(ANN_BSKY, "p5", "So proud", quote=quoted)),
        # near misses
        entry(post_view(BOB_BSKY, "x1", "Bob's news"), repost_by=ANN_BSKY),
        entry(post_view(ANN_BSKY, "p8", t8, facets=[facet(t8, "#LifeAtNorthwindX", {"$type": "app.bsky.richtext.facet#tag",
                                                                                   "tag": "LifeAtNorthwindX"})])),
    ]
    data = tmp_path / "data"
    write_files(data / "bluesky" / "ann", {"page1.json": page(entries)})
    found, con = signals(data, tmp_path, {"employee_id": "E1", "full_name": "Ann Example", "email": "ann@example.com",
                                      "bluesky_handle": "https://bsky.app/profile/ann.example.com"})
    check(found, {"brand_mentions": 2, "brand_hashtags": 1, "brand_links": 1, "brand_quotes": 1, "brand_reshares": 1,
                  "brand_posts": 5, "original_posts": 6, "reshares": 2})
    assert found["scored_posts"] == 6  # Bluesky reports likes, reposts, replies and quotes


# ---- LinkedIn -------------------------------------------------------------------------------


def test_linkedin_hashtag_domain_reshare_and_quote_of_the_company_page(tmp_path):
    page_post = "https://www.linkedin.com/posts/northwind-lighthouse_{}-activity-72000000000000000{:02d}-abcd"
    rows = [
        ["2026-02-01 10:00:00", share_link("share", 1), "Life here #LifeAtNorthwind", "", "", "PUBLIC"],
        ["2026-02-02 10:00:00", share_link("share", 2), "Read our story", "https://northwind.example/story", "", "PUBLIC"],
        ["2026-02-03 10:00:00", share_link("share", 3), "", page_post.format("beacon", 1), "", "PUBLIC"],  # reshare
        ["2026-02-04 10:00:00", share_link("share", 4), "So proud of the team", page_post.format("launch", 2), "", "PUBLIC"],
        # near misses
        ["2026-02-05 10:00:00", share_link("share", 5), "", "https://www.linkedin.com/posts/someone-else_x-activity-7200000000000000003-ijkl",
         "", "PUBLIC"],
        ["2026-02-06 10:00:00", share_link("share", 6), "#LifeAtNorthwindX see https://northwind.example.evil.com/", "", "", "PUBLIC"],
    ]
    data = tmp_path / "data"
    write_files(data / "linkedin" / "ann", {
        "Profile.csv": profile_csv("Ann", "Example", "[ann_example]"),
        "Shares.csv": csv_text(SHARE_HEADER_2025, rows).encode(),
    })
    found, con = signals(data, tmp_path, {"employee_id": "E1", "full_name": "Ann Example", "email": "ann@example.com",
                                      "x_handle": "https://twitter.com/Ann_Example"})
    # LinkedIn exports have no structured mentions: a brand mention cannot be told from a name
    check(found, {"brand_mentions": 0, "brand_hashtags": 1, "brand_links": 1, "brand_quotes": 1, "brand_reshares": 1,
                  "brand_posts": 3, "original_posts": 4, "reshares": 2})
    assert found["scored_posts"] == 0  # no engagement counts in a member export


def test_brand_handles_in_every_typed_form_count_the_same(tmp_path):
    """A brand handle typed as a URL in settings matches the same mentions as a bare one."""
    from ambassador.brand import brand_handles

    forms = ["NorthwindLH", "@northwindlh", "https://x.com/NorthwindLH", "twitter.com/northwindlh/"]
    assert {h for f in forms for h in brand_handles([f])} == {("x", "northwindlh")}
    assert brand_handles(["https://mastodon.social/@northwind"]) == [("mastodon", "northwind@mastodon.social")]
    assert brand_handles(["https://bsky.app/profile/northwind.bsky.social"]) == [("bluesky", "northwind.bsky.social")]


# ---- external reach ---------------------------------------------------------------------------


def test_external_reach_is_normalised_per_platform(tmp_path):
    """X posts here earn 100x the engagement of Bluesky posts. The best poster on each platform
    gets the same reach, and the platform's scale alone lifts nobody."""
    from ambassador.pipeline import RunContext
    from ambassador.settings import Settings

    ctx = RunContext(settings=Settings(data_dir=tmp_path, warehouse=tmp_path / "w.duckdb"), run_id="t", as_of=date(2026, 3, 1))
    con = ctx.connect()
    people = {"E1": "x", "E2": "x", "E3": "bluesky", "E4": "bluesky", "E5": "bluesky"}
    con.executemany("INSERT INTO stg_people (employee_id, opt_out) VALUES (?, false)", [(e,) for e in people])
    con.executemany("INSERT INTO stg_identity (platform, account_id, employee_id, rule) VALUES (?, ?, ?, 'email')",
                    [(p, f"acct-{e}", e) for e, p in people.items()])
    # per person, 3 posts: X people earn 1000 / 100 likes, Bluesky people 10 / 1 / 0
    likes = {"E1": 1000, "E2": 100, "E3": 10, "E4": 1, "E5": 0}
    rows = [(f"{e}-{i}", people[e], f"acct-{e}", "public", f"2026-02-0{i + 1} 10:00:00", "post", likes[e])
            for e in people for i in range(3)]
    con.executemany("INSERT INTO stg_posts (post_id, platform, account_id, context, created_at, kind, likes) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("CREATE OR REPLACE TEMP TABLE _brand_handles (platform VARCHAR, handle VARCHAR)")
    build_model(con, "marts", "marts_public_posts", {**ctx.params, "brand_hashtags": [], "brand_domains": []})
    build_model(con, "marts", "marts_public_signals", {**ctx.params, "prior_posts": 0})
    reach = dict(con.execute("SELECT employee_id, reach_raw FROM marts_public_signals").fetchall())
    # percent_rank within each platform, ties share the lowest rank: X (3 x 100, 3 x 1000) -> 0 and 0.6;
    # Bluesky (3 x 0, 3 x 1, 3 x 10) -> 0, 0.375, 0.75
    assert reach == pytest.approx({"E1": 0.6, "E2": 0.0, "E3": 0.75, "E4": 0.375, "E5": 0.0})
    assert reach["E3"] > reach["E2"]  # the best Bluesky poster beats an average X poster with 10x the likes
    # shrinkage toward 0.5 for few posts
    build_model(con, "marts", "marts_public_signals", {**ctx.params, "prior_posts": 3})
    shrunk = dict(con.execute("SELECT employee_id, external_reach FROM marts_public_signals").fetchall())
    assert shrunk["E1"] == pytest.approx((3 * 0.6 + 3 * 0.5) / 6)
