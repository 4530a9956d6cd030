"""The warehouse schema, declared once.

DDL, column lists, the notebook data dictionary and the shortlist header all derive from
:data:`TABLES`. Layers: ``raw_*`` (as exported, plus load metadata), ``stg_*`` (canonical),
``marts_*`` (per-person features and scores for notebooks), and the bookkeeping tables
``manifest``, ``quarantine`` and ``run_log``.

Examples
--------
>>> "employee_id" in column_names("stg_people")
True
>>> SHORTLIST_COLUMNS[:4]
('rank', 'employee_id', 'full_name', 'email')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]
    rebuilt_each_run: bool = False  # stg_/marts_ tables are derived; raw/manifest/quarantine persist


def _cols(*spec: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in spec)


LOAD_METADATA = _cols(
    ("_file_sha256", "VARCHAR", "sha256 of the export file (zip or folder digest) the row came from"),
    ("_member", "VARCHAR", "path of the file inside the export"),
    ("_record", "BIGINT", "position of the record in that file (0-based), or the CSV line"),
)

# Interaction kinds recognised in stg_interactions.kind.
INTERACTION_KINDS = ("reply", "mention", "recognition", "reaction", "reshare", "quote")

_TABLES = [
    Table(
        "manifest",
        "one row per export file seen: what it held and what became of it",
        _cols(
            ("source", "VARCHAR", "source module name (slack, x, directory ...)"),
            ("path", "VARCHAR", "path relative to the data folder"),
            ("sha256", "VARCHAR", "content digest; a file with a known digest is skipped"),
            ("bytes", "BIGINT", "size on disk"),
            ("status", "VARCHAR", "loaded | failed | replaced"),
            ("rows_in", "BIGINT", "records found"),
            ("rows_loaded", "BIGINT", "records stored in raw tables"),
            ("rows_quarantined", "BIGINT", "records rejected into quarantine"),
            ("rows_duplicate", "BIGINT", "records repeated within the file"),
            ("rows_excluded", "BIGINT", "records not stored by privacy rule (opted-out author), content never kept"),
            ("members_skipped", "BIGINT", "files inside the export never read (DMs, private channels, other data)"),
            ("error", "VARCHAR", "why the file failed, if it did"),
            ("run_id", "VARCHAR", "the run that loaded it"),
            ("loaded_at", "TIMESTAMP", "when"),
        ),
    ),
    Table(
        "quarantine",
        "every rejected record or file, with where it was and why",
        _cols(
            ("source", "VARCHAR", ""),
            ("path", "VARCHAR", "export file relative to the data folder"),
            ("sha256", "VARCHAR", "export digest"),
            ("member", "VARCHAR", "file inside the export"),
            ("record", "BIGINT", "record position or CSV line; NULL for a whole file"),
            ("reason", "VARCHAR", "why it was rejected"),
            ("raw", "VARCHAR", "the record as read (truncated to 2,000 characters)"),
            ("run_id", "VARCHAR", ""),
        ),
    ),
    Table(
        "run_log",
        "one row per pipeline run",
        _cols(
            ("run_id", "VARCHAR", ""),
            ("started_at", "TIMESTAMP", ""),
            ("finished_at", "TIMESTAMP", ""),
            ("as_of", "DATE", "end of the analysis window"),
            ("status", "VARCHAR", "running | completed | failed"),
            ("summary", "JSON", "per-stage counts"),
        ),
    ),
    # ---- raw layer -------------------------------------------------------------------
    Table(
        "raw_directory",
        "the HR directory as read (current snapshot, replaced each run)",
        _cols(
            ("employee_id", "VARCHAR", ""),
            ("full_name", "VARCHAR", ""),
            ("email", "VARCHAR", ""),
            ("department", "VARCHAR", ""),
            ("title", "VARCHAR", ""),
            ("manager_id", "VARCHAR", ""),
            ("location", "VARCHAR", ""),
            ("hire_date", "VARCHAR", ""),
            ("x_handle", "VARCHAR", ""),
            ("mastodon_handle", "VARCHAR", ""),
            ("bluesky_handle", "VARCHAR", ""),
            ("linkedin_url", "VARCHAR", ""),
            ("opt_out", "VARCHAR", ""),
            ("extra", "JSON", "any other columns of the CSV"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_slack_users",
        "users.json / org_users.json entries",
        _cols(
            ("workspace", "VARCHAR", "team id"),
            ("id", "VARCHAR", "U… / W… user id"),
            ("name", "VARCHAR", "legacy handle"),
            ("real_name", "VARCHAR", ""),
            ("display_name", "VARCHAR", ""),
            ("email", "VARCHAR", "profile.email when the export includes it"),
            ("title", "VARCHAR", ""),
            ("deleted", "BOOLEAN", "deactivated account"),
            ("is_bot", "BOOLEAN", ""),
            ("is_app_user", "BOOLEAN", ""),
            ("is_restricted", "BOOLEAN", "multi-channel guest"),
            ("is_ultra_restricted", "BOOLEAN", "single-channel guest"),
            ("profile_fields", "JSON", "custom profile fields (may hold social handles)"),
            ("record", "JSON", "the entry as exported"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_slack_channels",
        "channels.json entries (public channels only; groups.json is never read)",
        _cols(
            ("workspace", "VARCHAR", ""),
            ("id", "VARCHAR", "C… channel id"),
            ("name", "VARCHAR", "folder name in the export"),
            ("created", "VARCHAR", "epoch seconds (string or int in exports)"),
            ("is_archived", "BOOLEAN", ""),
            ("record", "JSON", ""),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_slack_messages",
        "messages from public channels' day files",
        _cols(
            ("workspace", "VARCHAR", ""),
            ("channel_id", "VARCHAR", ""),
            ("channel_name", "VARCHAR", ""),
            ("ts", "VARCHAR", "message id within the channel (string, never a float)"),
            ("subtype", "VARCHAR", ""),
            ("user_id", "VARCHAR", "absent on many bot messages"),
            ("bot_id", "VARCHAR", ""),
            ("text", "VARCHAR", "Slack mrkdwn as exported"),
            ("thread_ts", "VARCHAR", "parent ts for thread replies"),
            ("parent_user_id", "VARCHAR", ""),
            ("reactions", "JSON", "[{name, users, count}]"),
            ("edited_ts", "VARCHAR", "set when the text was edited"),
            ("record", "JSON", "the message as exported"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_x_accounts",
        "X archive owners (account.js)",
        _cols(
            ("account_id", "VARCHAR", ""),
            ("username", "VARCHAR", "screen name"),
            ("display_name", "VARCHAR", ""),
            ("email", "VARCHAR", ""),
            ("created_at", "VARCHAR", ""),
            ("record", "JSON", ""),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_x_tweets",
        "tweets from tweets.js / tweet.js / tweets-partN.js (deleted-tweets.js is not read)",
        _cols(
            ("account_id", "VARCHAR", "archive owner"),
            ("id", "VARCHAR", "id_str"),
            ("created_at", "VARCHAR", "'Fri Feb 20 09:10:58 +0000 2026'"),
            ("full_text", "VARCHAR", "HTML-escaped as exported"),
            ("in_reply_to_status_id", "VARCHAR", ""),
            ("in_reply_to_user_id", "VARCHAR", ""),
            ("in_reply_to_screen_name", "VARCHAR", ""),
            ("favorite_count", "VARCHAR", "a numeric string"),
            ("retweet_count", "VARCHAR", "a numeric string"),
            ("lang", "VARCHAR", ""),
            ("user_mentions", "JSON", "entities.user_mentions"),
            ("record", "JSON", "the tweet object, unwrapped"),
        )
        + LOAD_METADATA,
    ),
    # ---- raw_viva_* (sources/viva_engage.py) --------------------------------------------
    # ---- raw_teams_* (sources/teams.py) ------------------------------------------------
    # ---- raw_discourse_* (sources/discourse.py) ----------------------------------------
    # ---- raw_intranet_csv_* (sources/intranet_csv.py) ----------------------------------
    # ---- canonical (staging) layer -----------------------------------------------------
    Table(
        "stg_people",
        "one row per directory employee",
        _cols(
            ("employee_id", "VARCHAR", ""),
            ("full_name", "VARCHAR", ""),
            ("email", "VARCHAR", "lower-cased"),
            ("department", "VARCHAR", ""),
            ("title", "VARCHAR", ""),
            ("manager_id", "VARCHAR", ""),
            ("location", "VARCHAR", ""),
            ("hire_date", "DATE", ""),
            ("x_handle", "VARCHAR", "normalised"),
            ("mastodon_handle", "VARCHAR", "normalised user@host"),
            ("bluesky_handle", "VARCHAR", "normalised"),
            ("linkedin_handle", "VARCHAR", "normalised /in/ slug"),
            ("opt_out", "BOOLEAN", ""),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "stg_accounts",
        "every platform account seen in any export",
        _cols(
            ("platform", "VARCHAR", "slack | x ..."),
            ("account_id", "VARCHAR", "platform-scoped id (Slack: workspace/user)"),
            ("handle", "VARCHAR", "normalised handle"),
            ("display_name", "VARCHAR", ""),
            ("email", "VARCHAR", "lower-cased, when the platform gives one"),
            ("is_bot", "BOOLEAN", ""),
            ("is_guest", "BOOLEAN", ""),
            ("is_deleted", "BOOLEAN", ""),
            ("declared_handles", "VARCHAR[]", "handles found in the profile, normalised 'platform:handle'"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "stg_posts",
        "every public post, reply or reshare, one row per platform post",
        _cols(
            ("post_id", "VARCHAR", "platform-scoped id"),
            ("platform", "VARCHAR", ""),
            ("account_id", "VARCHAR", "author"),
            ("context", "VARCHAR", "channel name, or 'public' for social posts"),
            ("created_at", "TIMESTAMP", "UTC"),
            ("kind", "VARCHAR", "post | reply | reshare | quote | system"),
            ("parent_post_id", "VARCHAR", "the post replied to"),
            ("text", "VARCHAR", "plain text for culture fit (markup removed)"),
            ("permalink", "VARCHAR", "where a comms lead can see it"),
            ("likes", "BIGINT", "engagement counted by the platform, when known"),
            ("reshares", "BIGINT", ""),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "stg_interactions",
        "who engaged with whom: one row per act",
        _cols(
            ("platform", "VARCHAR", ""),
            ("kind", "VARCHAR", "|".join(INTERACTION_KINDS)),
            ("src_account_id", "VARCHAR", "who acted"),
            ("dst_account_id", "VARCHAR", "whom it was aimed at"),
            ("post_id", "VARCHAR", "the post carrying the act"),
            ("created_at", "TIMESTAMP", "UTC"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "stg_identity",
        "account -> employee links, with the rule that made each",
        _cols(
            ("platform", "VARCHAR", ""),
            ("account_id", "VARCHAR", ""),
            ("employee_id", "VARCHAR", ""),
            ("rule", "VARCHAR", "email | declared_handle | profile_handle"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "identity_report",
        "accounts not linked to an employee, and why (for the data owner)",
        _cols(
            ("platform", "VARCHAR", ""),
            ("account_id", "VARCHAR", ""),
            ("handle", "VARCHAR", ""),
            ("display_name", "VARCHAR", ""),
            ("status", "VARCHAR", "unmatched | conflict | bot | excluded"),
            ("detail", "VARCHAR", "which employees claimed it, or why it was left out"),
            ("posts", "BIGINT", "posts in the warehouse"),
        ),
        rebuilt_each_run=True,
    ),
    # ---- marts ------------------------------------------------------------------------
    Table(
        "marts_edges",
        "person -> person engagement in the window, weighted by kind and recency",
        _cols(
            ("src_employee_id", "VARCHAR", "who engaged"),
            ("dst_employee_id", "VARCHAR", "with whom"),
            ("weight", "DOUBLE", "sum of kind weight x 0.5^(age / half-life)"),
            ("interactions", "BIGINT", "acts counted"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "marts_graph_features",
        "per-person features of the interaction graph (every employee, 0 when isolated)",
        _cols(
            ("employee_id", "VARCHAR", ""),
            ("pagerank", "DOUBLE", "weighted PageRank: engagement flows to whom it is aimed at"),
            ("engagers", "BIGINT", "distinct colleagues who engaged with them"),
            ("engaged", "BIGINT", "distinct colleagues they engaged with"),
            ("departments_reached", "BIGINT", "distinct departments among their engagers and engaged, other than their own"),
            ("reciprocity", "DOUBLE", "mutual ties / all ties (0-1)"),
            ("in_strength", "DOUBLE", "sum of weights of engagement received"),
            ("out_strength", "DOUBLE", "sum of weights of engagement given"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "marts_culture",
        "culture fit of each employee's public-channel posts",
        _cols(
            ("employee_id", "VARCHAR", ""),
            ("posts_scored", "BIGINT", "posts in the window used"),
            ("raw_fit", "DOUBLE", "mean similarity of their posts to the values (NULL without posts)"),
            ("culture_fit", "DOUBLE", "raw fit shrunk toward the population for people with few posts"),
            ("top_post_ids", "VARCHAR[]", "their posts most similar to the values (evidence)"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "marts_person_activity",
        "what each employee did in the window",
        _cols(
            ("employee_id", "VARCHAR", ""),
            ("posts", "BIGINT", "public-channel posts and replies"),
            ("replies", "BIGINT", "replies in threads or to posts"),
            ("recognitions_given", "BIGINT", "thanks or kudos naming a colleague"),
            ("recognitions_received", "BIGINT", ""),
            ("active_weeks", "BIGINT", "weeks with at least one post"),
            ("public_posts", "BIGINT", "posts on public social platforms"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "marts_person_scores",
        "every employee's score components, eligibility and rank",
        _cols(
            ("employee_id", "VARCHAR", ""),
            ("full_name", "VARCHAR", ""),
            ("email", "VARCHAR", ""),
            ("department", "VARCHAR", ""),
            ("title", "VARCHAR", ""),
            ("culture_fit", "DOUBLE", "similarity of their posts to the values (0-1, shrunk for few posts)"),
            ("influence", "DOUBLE", "weighted PageRank of who engages whom (0-1 percentile)"),
            ("engagers", "DOUBLE", "distinct colleagues who engage with them (0-1 percentile)"),
            ("reach", "DOUBLE", "departments reached (0-1 percentile)"),
            ("reciprocity", "DOUBLE", "share of engagement returned both ways (0-1)"),
            ("recognition", "DOUBLE", "thanks given and received (0-1 percentile)"),
            ("score", "DOUBLE", "weighted sum of the components (0-1)"),
            ("eligible", "BOOLEAN", ""),
            ("ineligible_reason", "VARCHAR", "opted out | guest | bot | excluded department | too few posts ..."),
            ("rank", "BIGINT", "1 = best eligible; NULL when not eligible"),
            ("reasons", "VARCHAR", "plain-language why"),
            ("evidence", "VARCHAR", "permalinks of posts that show it"),
        ),
        rebuilt_each_run=True,
    ),
]

TABLES: dict[str, Table] = {t.name: t for t in _TABLES}

COMPONENTS = ("culture_fit", "influence", "engagers", "reach", "reciprocity", "recognition")

# DESIGN.md fixes the first eight columns; per-component scores follow.
SHORTLIST_COLUMNS = ("rank", "employee_id", "full_name", "email", "department", "title", "score", "reasons") + COMPONENTS + (
    "evidence",
)


def column_names(table: str) -> list[str]:
    """Column names of a declared table, in order."""
    return [c.name for c in TABLES[table].columns]


def create_table_sql(table: str) -> str:
    """``CREATE TABLE IF NOT EXISTS`` for a declared table.

    >>> create_table_sql("run_log").splitlines()[0]
    'CREATE TABLE IF NOT EXISTS run_log ('
    """
    t = TABLES[table]
    cols = ",\n".join(f"    {c.name} {c.type}" for c in t.columns)
    return f"CREATE TABLE IF NOT EXISTS {t.name} (\n{cols}\n);"
