"""Property: loading exports in any order, over any number of runs, some twice, gives the same
canonical tables as loading them all at once.

The exports overlap the way real ones do: two Slack exports of one workspace sharing days (one
with an edited copy of a message and a thread reply to a parent in the other), two Viva Engage
exports whose date ranges overlap (the later one edits one message and deletes another), and
two X archives of one account, the later holding the earlier's tweets plus new ones.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from builders import msg, slack_user, write_directory, write_slack_export, write_zip
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_source_viva_engage import vgroup, vmsg, vuser, write_viva_export
from test_source_x import account_js, js, manifest_js, tweet

from ambassador.identity import resolve
from ambassador.ingest import ingest
from ambassador.pipeline import RunContext

PEOPLE = [
    {"employee_id": "E1", "full_name": "Ann Example", "email": "ann@example.com", "x_handle": "ann_example"},
    {"employee_id": "E2", "full_name": "Bo Example", "email": "bo@example.com"},
    {"employee_id": "E3", "full_name": "Cy Example", "email": "cy@example.com"},
]
USERS = [slack_user("U1", "ann", "ann@example.com"), slack_user("U2", "bo", "bo@example.com"),
         slack_user("U3", "cy", "cy@example.com")]
CANONICAL = ("stg_accounts", "stg_posts", "stg_interactions", "stg_identity", "identity_report")


def _slack_a(path: Path) -> None:
    write_slack_export(path, USERS, {"general": {
        "2026-01-05": [msg("1767600000.000100", "U1", "shipping the release today", thread_ts="1767600000.000100",
                           reactions=[{"name": "tada", "users": ["U2", "U3"], "count": 2}]),
                       msg("1767600100.000200", "U2", "thanks <@U1>, great work")],
        "2026-01-06": [msg("1767700000.000100", "U3", "first draft of the guide")],
    }})


def _slack_b(path: Path) -> None:
    # overlaps export A on 2026-01-06 (an edited copy wins) and replies to A's thread
    write_slack_export(path, USERS, {"general": {
        "2026-01-06": [msg("1767700000.000100", "U3", "final draft of the guide, reviewed by <@U2>",
                           edited={"user": "U3", "ts": "1767700500.000000"})],
        "2026-01-07": [msg("1767800000.000100", "U2", "congrats on the release", thread_ts="1767600000.000100",
                           parent_user_id="U1")],
    }, "random": {"2026-01-07": [msg("1767800100.000100", "U1", "coffee?")]}})


def _x_files(tweets: list[dict]) -> dict[str, bytes]:
    return {"data/manifest.js": manifest_js(["data/tweets.js"]),
            "data/account.js": account_js("100", "ann_example", "ann@example.com"),
            "data/tweets.js": js("YTD.tweets.part0", tweets)}


EARLY = [tweet("1", "our customers made my day"), tweet("2", "RT @northwind: we are hiring")]
LATE = EARLY + [tweet("3", "learning from the team", created="Sat Feb 21 10:00:00 +0000 2026")]


def _x_early(path: Path) -> None:
    write_zip(path, _x_files(EARLY))


def _x_late(path: Path) -> None:
    for name, blob in _x_files(LATE).items():  # an unpacked folder
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_bytes(blob)


V_ANN, V_BO = vuser("101", "Ann Example", "ANN@example.com"), vuser("102", "Bo Example", "bo@example.com")
V_GROUP = vgroup("7", "Safety")


def _viva_early(path: Path) -> None:
    write_viva_export(path, [V_ANN, V_BO], [V_GROUP], [
        vmsg("1001", V_ANN, "New checklist, thanks [[user:102]] for the review", "2026-01-10T09:00:00Z", group=V_GROUP),
        vmsg("1002", V_BO, "Happy to help", "2026-01-10T10:00:00Z", group=V_GROUP, replied_to_id="1001", thread_id="1001"),
        vmsg("1003", V_BO, "draft notes", "2026-01-11T10:00:00Z", group=V_GROUP),
    ])


def _viva_late(path: Path) -> None:
    write_viva_export(path, [V_ANN, V_BO], [V_GROUP], [
        vmsg("1001", V_ANN, "New checklist, thanks [[user:102]] for the review", "2026-01-10T09:00:00Z", group=V_GROUP),
        vmsg("1002", V_BO, "Happy to help", "2026-01-10T10:00:00Z", group=V_GROUP, replied_to_id="1001",
             thread_id="1001", deleted_at="2026-02-02T00:00:00Z", deleted_by_id="102"),
        vmsg("1003", V_BO, "final notes (edited)", "2026-01-11T10:00:00Z", group=V_GROUP),
        vmsg("1004", V_ANN, "February update", "2026-02-01T08:00:00Z", group=V_GROUP),
    ], as_zip=False)


EXPORTS = {"slack-a": ("slack", ".zip", _slack_a), "slack-b": ("slack", ".zip", _slack_b),
           "viva-early": ("viva_engage", ".zip", _viva_early), "viva-late": ("viva_engage", "", _viva_late),
           "x-early": ("x", ".zip", _x_early), "x-late": ("x", "", _x_late)}


def _place(data: Path, name: str, position: int) -> None:
    """Put export ``name`` in the data folder, named so discovery meets it at ``position``."""
    folder, suffix, write = EXPORTS[name]
    write(data / folder / f"{position:02d}-{name}{suffix}")


def _canonical(data: Path, work: Path, batches: list[list[str]], twice: list[bool]) -> dict[str, list]:
    ctx = RunContext.create(data, warehouse=work / "w.duckdb", as_of="2026-03-01", run_id="r0")
    position = 0
    for batch, again in zip(batches, twice, strict=True):
        for name in batch:
            _place(data, name, position)
            position += 1
        for _ in range(2 if again else 1):
            con = ctx.connect()
            try:
                ingest(con, ctx.settings, ctx.run_id)
            finally:
                con.close()
    con = ctx.connect()
    try:
        resolve(con, ctx)
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in CANONICAL}
    finally:
        con.close()


def _fresh(root: Path, label: str) -> tuple[Path, Path]:
    base = root / label
    shutil.rmtree(base, ignore_errors=True)
    data, work = base / "data", base / "work"
    write_directory(data, PEOPLE)
    work.mkdir(parents=True)
    return data, work


_REFERENCE: dict[str, dict] = {}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(list(EXPORTS)), cuts=st.lists(st.booleans(), min_size=5, max_size=5),
       twice=st.lists(st.booleans(), min_size=6, max_size=6))
def test_any_order_any_runs_same_canonical_tables(tmp_path, order, cuts, twice):
    if "reference" not in _REFERENCE:
        _REFERENCE["reference"] = _canonical(*_fresh(tmp_path, "reference"), [sorted(EXPORTS)], [False])
    reference = _REFERENCE["reference"]
    # 5 Slack messages (edited copy once) + 3 Viva Engage messages (one deleted) + 3 tweets
    assert len(reference["stg_posts"]) == 5 + 3 + 3
    batches: list[list[str]] = [[order[0]]]
    for name, cut in zip(order[1:], cuts, strict=True):
        if cut:
            batches.append([name])
        else:
            batches[-1].append(name)
    got = _canonical(*_fresh(tmp_path, "shuffled"), batches, twice[: len(batches)])
    for table in CANONICAL:
        assert got[table] == reference[table], table


def test_the_edited_copy_wins_and_every_act_is_kept(tmp_path):
    tables = _canonical(*_fresh(tmp_path, "once"), [sorted(EXPORTS)], [True])
    posts = "\n".join(str(row) for row in tables["stg_posts"])
    assert "final draft" in posts and "first draft" not in posts
    assert "learning from the team" in posts  # only in the later X archive
    assert "final notes (edited)" in posts and "draft notes" not in posts and "Happy to help" not in posts
    kinds = sorted({row[1] for row in tables["stg_interactions"]})
    assert kinds == ["mention", "reaction", "recognition", "reply"]
