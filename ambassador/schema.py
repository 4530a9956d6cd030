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
            ("rows_excluded", "BIGINT", "records not stored by a privacy rule (opted-out author, private conversation, deleted by its author), content never kept"),
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
    Table(
        "invitations",
        "the invitation ledger (DATA_DIR/invitations.csv) as read this run; malformed rows are in quarantine",
        _cols(
            ("employee_id", "VARCHAR", "as written in the ledger (may be unknown to the directory)"),
            ("invited_at", "DATE", "day of the invitation (a datetime's date as written)"),
            ("outcome", "VARCHAR", "accepted | declined | no_response; NULL while pending"),
            ("line", "BIGINT", "line of the ledger file (the header is line 1)"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "score_history",
        "every eligible person's score and rank per as_of, written at publish (a rerun replaces its as_of)",
        _cols(
            ("as_of", "DATE", "the run's end of the analysis window"),
            ("run_id", "VARCHAR", "the run that wrote the rows"),
            ("employee_id", "VARCHAR", ""),
            ("score", "DOUBLE", ""),
            ("rank", "BIGINT", "eligible rank (marts_person_scores.rank), before cooldowns and caps"),
            ("shortlisted", "BOOLEAN", "on that run's shortlist"),
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
            ("email_aliases", "VARCHAR", "other addresses of the employee, separated by ; , or spaces (NULL in older directories)"),
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
            ("left_on", "VARCHAR", "leaving date as written (termination_date, end_date, leave_date, leaving_date, last_day); NULL in older directories"),
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
    Table(
        "raw_viva_users",
        "Viva Engage Users.csv rows (every network folder of the export; opted-out people removed)",
        _cols(
            ("network", "VARCHAR", "network folder inside the export ('' for a single-network export)"),
            ("id", "VARCHAR", "Yammer user id"),
            ("name", "VARCHAR", "display name (or user name)"),
            ("full_name", "VARCHAR", "when the export has the column"),
            ("email", "VARCHAR", "as exported"),
            ("job_title", "VARCHAR", ""),
            ("department", "VARCHAR", ""),
            ("location", "VARCHAR", ""),
            ("state", "VARCHAR", "active | soft_delete"),
            ("joined_at", "VARCHAR", "as exported; empty with state soft_delete: a pending (invited) user"),
            ("suspended_at", "VARCHAR", "as exported; set without deleted_at: suspended"),
            ("deleted_at", "VARCHAR", "as exported; set: deleted"),
            ("api_url", "VARCHAR", ""),
            ("record", "JSON", "the CSV row as read"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_viva_groups",
        "Viva Engage Groups.csv rows; a private group keeps only its id (private = true), never its name",
        _cols(
            ("network", "VARCHAR", ""),
            ("id", "VARCHAR", "group (community) id"),
            ("name", "VARCHAR", "NULL for private groups"),
            ("description", "VARCHAR", "NULL for private groups"),
            ("private", "BOOLEAN", "private groups' messages are never stored, in this or any other export"),
            ("external", "BOOLEAN", ""),
            ("deleted", "BOOLEAN", "deleted groups' messages are not stored"),
            ("created_at", "VARCHAR", "as exported"),
            ("record", "JSON", "the CSV row as read; NULL for private groups"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_viva_messages",
        "Viva Engage Messages.csv rows from public groups and All Company; deleted messages only as tombstones",
        _cols(
            ("network", "VARCHAR", ""),
            ("id", "VARCHAR", "message id (unique across the network's exports)"),
            ("withheld", "VARCHAR", "NULL for a stored message; 'deleted' for a tombstone (id only, no content)"),
            ("replied_to_id", "VARCHAR", "the message this one answers"),
            ("thread_id", "VARCHAR", "the thread starter's id (= id for a starter)"),
            ("conversation_id", "VARCHAR", ""),
            ("group_id", "VARCHAR", "empty for All Company"),
            ("group_name", "VARCHAR", ""),
            ("participants", "VARCHAR", "'user:1,user:2'"),
            ("sender_id", "VARCHAR", "author's Yammer user id"),
            ("sender_type", "VARCHAR", "user | system ..."),
            ("sender_name", "VARCHAR", ""),
            ("sender_email", "VARCHAR", ""),
            ("body", "VARCHAR", "plain text; mentions as [[user:ID]]"),
            ("api_url", "VARCHAR", ""),
            ("attachments", "VARCHAR", "uploadedfile:ID, opengraphobject:[...] list"),
            ("created_at", "VARCHAR", "as exported"),
            ("created_utc", "TIMESTAMP", "created_at parsed (UTC)"),
            ("title", "VARCHAR", ""),
            ("message_type", "VARCHAR", "update | announcement | question | praise | poll | system ..."),
        )
        + LOAD_METADATA,
    ),
    # ---- raw_teams_* (sources/teams.py) ------------------------------------------------
    Table(
        "raw_teams_users",
        "Microsoft Graph users list entries (users.json)",
        _cols(
            ("id", "VARCHAR", "Entra ID (AAD) user id, as in messages' from.user.id"),
            ("display_name", "VARCHAR", ""),
            ("mail", "VARCHAR", "primary SMTP address"),
            ("user_principal_name", "VARCHAR", "sign-in name (guests: …#EXT#@tenant)"),
            ("user_type", "VARCHAR", "Member | Guest, when selected"),
            ("account_enabled", "BOOLEAN", "when selected"),
            ("record", "JSON", "the entry as exported"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_teams_channels",
        "channel list entries of standard channels (private and shared channels are not stored)",
        _cols(
            ("team_id", "VARCHAR", "from the list's @odata.context"),
            ("id", "VARCHAR", "19:…@thread.tacv2 channel id"),
            ("display_name", "VARCHAR", ""),
            ("membership_type", "VARCHAR", "standard (or absent in old responses)"),
            ("record", "JSON", ""),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_teams_messages",
        "channel messages and replies (chatMessage) from standard channels; chats are never read",
        _cols(
            ("team_id", "VARCHAR", "channelIdentity.teamId, else from @odata.context"),
            ("channel_id", "VARCHAR", "channelIdentity.channelId, else from @odata.context"),
            ("id", "VARCHAR", "message id within the channel (epoch-ms digits)"),
            ("reply_to_id", "VARCHAR", "the root message's id, for replies"),
            ("message_type", "VARCHAR", "message | chatEvent | typing | systemEventMessage | unknownFutureValue"),
            ("created_at", "VARCHAR", "createdDateTime, ISO 8601 UTC"),
            ("last_modified_at", "VARCHAR", "lastModifiedDateTime (also changes with reactions)"),
            ("last_edited_at", "VARCHAR", "lastEditedDateTime, set when the text was edited"),
            ("from_user_id", "VARCHAR", "from.user.id; NULL for system events and bots"),
            ("from_user_name", "VARCHAR", ""),
            ("from_application_id", "VARCHAR", "from.application.id for bots"),
            ("from_application_name", "VARCHAR", ""),
            ("body_type", "VARCHAR", "html | text"),
            ("body_content", "VARCHAR", "body.content as exported"),
            ("body_text", "VARCHAR", "body reduced to plain text at load (html.parser)"),
            ("subject", "VARCHAR", ""),
            ("mentions", "JSON", "[{id, mentionText, mentioned: {user | application | conversation | tag}}]"),
            ("reactions", "JSON", "[{reactionType, createdDateTime, user: {user: {id}}}], opted-out people removed"),
            ("web_url", "VARCHAR", "link to the message in Teams (absent before 2020)"),
            ("reply_position", "BIGINT", "position among its root's inline replies; NULL for a list item"),
            ("record", "JSON", "the message as exported, without inline replies"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_teams_deleted_messages",
        "messages an export lists as deleted: ids only, never content",
        _cols(
            ("team_id", "VARCHAR", ""),
            ("channel_id", "VARCHAR", ""),
            ("id", "VARCHAR", ""),
            ("deleted_at", "VARCHAR", "deletedDateTime"),
        )
        + LOAD_METADATA,
    ),
    # ---- raw_discourse_* (sources/discourse.py) ----------------------------------------
    Table(
        "raw_discourse_users",
        "Discourse users: admin users list JSON, user-list CSV export, user archive owners (preferences.json)",
        _cols(
            ("user_id", "VARCHAR", "Discourse user id (stable; usernames change); negative for system/discobot"),
            ("username", "VARCHAR", ""),
            ("name", "VARCHAR", "full name, when the forum shows names"),
            ("email", "VARCHAR", "when the list was fetched with show_emails, or the archive owner's own"),
            ("staged", "BOOLEAN", "created from an incoming email"),
            ("admin", "BOOLEAN", ""),
            ("moderator", "BOOLEAN", ""),
            ("origin", "VARCHAR", "admin_users | user_list_csv | archive_owner"),
            ("record", "JSON", "the entry as exported (archive owners: id, username, name only)"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_discourse_posts",
        "public posts from API JSON (/posts.json, /t/{id}.json, /t/{id}/posts.json) and user_archive.csv; "
        "never private messages or whispers",
        _cols(
            ("post_id", "VARCHAR", "post id (NULL for user-archive rows, which carry none)"),
            ("topic_id", "VARCHAR", ""),
            ("post_number", "BIGINT", "position in the topic (1 = the topic's first post)"),
            ("user_id", "VARCHAR", "author (user archives: the archive owner)"),
            ("username", "VARCHAR", "author's username when exported"),
            ("name", "VARCHAR", ""),
            ("created_at", "VARCHAR", "ISO-8601, e.g. 2025-01-08T17:25:39.449Z"),
            ("updated_at", "VARCHAR", "API only"),
            ("post_type", "BIGINT", "1 regular, 2 moderator action, 3 small action (API only; 4 whispers never stored)"),
            ("reply_to_post_number", "BIGINT", "post number replied to within the topic"),
            ("reply_to_username", "VARCHAR", "reply_to_user.username"),
            ("topic_slug", "VARCHAR", ""),
            ("topic_title", "VARCHAR", ""),
            ("category_id", "VARCHAR", "API"),
            ("categories", "VARCHAR", "user archive: 'Parent|Child', '-' when hidden"),
            ("cooked", "VARCHAR", "HTML as exported (NULL for deleted posts)"),
            ("raw", "VARCHAR", "markdown as exported, when present (NULL for deleted posts)"),
            ("text", "VARCHAR", "plain text of cooked (quotes and link previews removed), raw as fallback"),
            ("mentions", "VARCHAR[]", "lower-case usernames of the mention links in cooked (@name in raw)"),
            ("like_count", "BIGINT", "actions_summary id 2 count, or the archive's like_count"),
            ("reply_count", "BIGINT", ""),
            ("reads", "BIGINT", ""),
            ("score", "DOUBLE", ""),
            ("hidden", "BOOLEAN", "hidden after flags"),
            ("deleted_at", "VARCHAR", "set when deleted (the row is then a marker without text)"),
            ("user_deleted", "BOOLEAN", "deleted by its author"),
            ("url", "VARCHAR", "archive url ({base}/t/{slug}/{topic_id}/{post_number}) or API post_url"),
            ("origin", "VARCHAR", "latest_posts | topic | topic_posts | user_archive"),
            ("record", "JSON", "the post as exported (text fields removed for deleted posts)"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_discourse_likes",
        "likes.csv of user archives: posts the archive owner liked",
        _cols(
            ("like_id", "VARCHAR", "post action id"),
            ("user_id", "VARCHAR", "who liked (the archive owner)"),
            ("post_id", "VARCHAR", "the liked post"),
            ("topic_id", "VARCHAR", ""),
            ("post_number", "BIGINT", ""),
            ("created_at", "VARCHAR", "'2025-01-08 17:25:39 UTC'"),
            ("updated_at", "VARCHAR", ""),
            ("deleted_at", "VARCHAR", "set when the like was withdrawn"),
            ("deleted_by", "VARCHAR", "self | other"),
        )
        + LOAD_METADATA,
    ),
    # ---- raw_intranet_csv_* (sources/intranet_csv.py) ----------------------------------
    Table(
        "raw_intranet_csv_rows",
        "rows of generic intranet CSV files, mapped to canonical fields by [[intranet_csv.feeds]]",
        _cols(
            ("feed", "VARCHAR", "the feed's name (namespaces ids: several feeds of one intranet share it)"),
            ("kind", "VARCHAR", "post | comment | reaction"),
            ("id", "VARCHAR", "record id as exported (reactions without one: 'parent/author/created_at')"),
            ("account_id", "VARCHAR", "author: '<feed>:' + author id, else the lower-cased email"),
            ("author_id", "VARCHAR", ""),
            ("author_email", "VARCHAR", ""),
            ("author_name", "VARCHAR", ""),
            ("created_at", "TIMESTAMP", "UTC, parsed at load (the text as exported is in record)"),
            ("title", "VARCHAR", ""),
            ("text", "VARCHAR", "as exported (HTML when the feed's text_format is html)"),
            ("parent_id", "VARCHAR", "comments: the post or comment answered; reactions: the post"),
            ("target_author_id", "VARCHAR", "reactions: whose post, when given"),
            ("target_author_email", "VARCHAR", ""),
            ("context", "VARCHAR", "space, group or forum"),
            ("url", "VARCHAR", ""),
            ("mentions", "VARCHAR", "comma/semicolon list of user ids or emails, as exported"),
            ("text_format", "VARCHAR", "plain | html"),
            ("record", "JSON", "the CSV row as read: header -> cell"),
        )
        + LOAD_METADATA,
    ),
    # ---- raw_linkedin_* (sources/linkedin.py) ------------------------------------------
    Table(
        "raw_linkedin_profile",
        "LinkedIn export owner (Profile.csv, first row); the export has no member id",
        _cols(
            ("account_id", "VARCHAR", "'in:<slug>' if the profile lists its /in/ URL, else 'x:<handle>', else 'name:<full name>'"),
            ("first_name", "VARCHAR", ""),
            ("last_name", "VARCHAR", ""),
            ("profile_url", "VARCHAR", "the owner's linkedin.com/in/ URL when Websites lists it"),
            ("twitter_handles", "VARCHAR[]", "Twitter Handles, split"),
            ("websites", "VARCHAR[]", "Websites, split ('TYPE:url' as exported)"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_linkedin_shares",
        "Shares.csv rows with PUBLIC visibility only (others are never stored)",
        _cols(
            ("account_id", "VARCHAR", "export owner"),
            ("urn", "VARCHAR", "'urn:li:share:<id>' / 'urn:li:ugcPost:<id>' from ShareLink"),
            ("date", "VARCHAR", "'2025-07-01 14:33:22' (UTC) or '2017/06/08 08:15:44 UTC'"),
            ("share_link", "VARCHAR", ""),
            ("commentary", "VARCHAR", "ShareCommentary, ''line'' quirk undone; '' = bare repost"),
            ("shared_url", "VARCHAR", ""),
            ("media_url", "VARCHAR", ""),
            ("visibility", "VARCHAR", ""),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_linkedin_comments",
        "Comments.csv rows (comments the owner wrote)",
        _cols(
            ("account_id", "VARCHAR", "export owner"),
            ("date", "VARCHAR", ""),
            ("link", "VARCHAR", "the commented post"),
            ("parent_urn", "VARCHAR", "urn:li:activity|share|ugcPost:<id> from Link"),
            ("message", "VARCHAR", ""),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_linkedin_reactions",
        "Reactions.csv rows, kept raw (the reacted-to author is not in the export)",
        _cols(
            ("account_id", "VARCHAR", "export owner"),
            ("date", "VARCHAR", ""),
            ("type", "VARCHAR", "LIKE, EMPATHY, PRAISE ..."),
            ("link", "VARCHAR", ""),
        )
        + LOAD_METADATA,
    ),
    # ---- raw_mastodon_* (sources/mastodon.py) ------------------------------------------
    Table(
        "raw_mastodon_accounts",
        "Mastodon archive owners (actor.json) and authors of saved REST statuses (opted-out people removed)",
        _cols(
            ("account_id", "VARCHAR", "archive: actor URI; REST: profile url"),
            ("handle", "VARCHAR", "normalised user@host"),
            ("display_name", "VARCHAR", ""),
            ("declared_handles", "VARCHAR[]", "'platform:handle' from the profile's PropertyValue fields"),
            ("record", "JSON", "actor.json or the REST account entity"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_mastodon_statuses",
        "public and unlisted Mastodon statuses (outbox.json Create/Announce or REST Status); others never stored",
        _cols(
            ("account_id", "VARCHAR", "author"),
            ("id", "VARCHAR", "archive: status or activity URI; REST: status id"),
            ("created_at", "VARCHAR", "ISO 8601 as exported"),
            ("kind", "VARCHAR", "post | reply | reshare"),
            ("visibility", "VARCHAR", "public | unlisted"),
            ("in_reply_to_id", "VARCHAR", ""),
            ("in_reply_to_account_id", "VARCHAR", "when known (archive: from the status URI)"),
            ("reblog_of_id", "VARCHAR", "boosted status URI / id"),
            ("reblog_account_id", "VARCHAR", "boosted author, when known"),
            ("text", "VARCHAR", "content HTML reduced to text"),
            ("url", "VARCHAR", ""),
            ("likes", "BIGINT", "REST favourites_count"),
            ("reshares", "BIGINT", "REST reblogs_count"),
            ("mentions", "JSON", "[{account_id, handle}]"),
            ("hashtags", "VARCHAR[]", "lower-cased, without #"),
            ("record", "JSON", "the status object as exported"),
        )
        + LOAD_METADATA,
    ),
    # ---- raw_bluesky_* (sources/bluesky.py) ---------------------------------------------
    Table(
        "raw_bluesky_accounts",
        "Bluesky accounts acting in saved getAuthorFeed pages (actors, authors of reposted posts); opted-out removed",
        _cols(
            ("did", "VARCHAR", "account DID"),
            ("handle", "VARCHAR", "as shown (may be 'handle.invalid')"),
            ("display_name", "VARCHAR", ""),
            ("labels", "JSON", "label values on the profile"),
            ("role", "VARCHAR", "actor (posted or reposted in the feed) | author (of a reposted post)"),
            ("seen_at", "TIMESTAMP", "UTC time of the latest entry naming it in this export"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_bluesky_feed",
        "Bluesky feed entries (feedViewPost), one per post or repost; facets resolved on UTF-8 bytes",
        _cols(
            ("item_key", "VARCHAR", "post uri, or the repost record's uri for a repost"),
            ("kind", "VARCHAR", "post | reply | quote | reshare"),
            ("actor_did", "VARCHAR", "who acted: the post's author, or reason.by for a repost"),
            ("uri", "VARCHAR", "the post's at:// uri"),
            ("cid", "VARCHAR", ""),
            ("author_did", "VARCHAR", "the post's author"),
            ("author_handle", "VARCHAR", ""),
            ("created_at", "VARCHAR", "record.createdAt as written (client-supplied RFC 3339)"),
            ("acted_utc", "TIMESTAMP", "UTC: createdAt, or the repost's indexedAt"),
            ("indexed_at", "VARCHAR", "post.indexedAt"),
            ("text", "VARCHAR", "record.text"),
            ("reply_parent_uri", "VARCHAR", ""),
            ("reply_root_uri", "VARCHAR", ""),
            ("reply_parent_did", "VARCHAR", "parent's author (reply.parent view, else the parent uri)"),
            ("reply_parent_handle", "VARCHAR", ""),
            ("repost_uri", "VARCHAR", "reason.uri"),
            ("reposted_at", "VARCHAR", "reason.indexedAt"),
            ("quoted_uri", "VARCHAR", "the post a quote embeds"),
            ("quoted_did", "VARCHAR", ""),
            ("quoted_handle", "VARCHAR", ""),
            ("like_count", "BIGINT", ""),
            ("repost_count", "BIGINT", ""),
            ("reply_count", "BIGINT", ""),
            ("quote_count", "BIGINT", ""),
            ("mentions", "JSON", "[{did, text}] of valid mention facets"),
            ("tags", "JSON", "tag facets and record tags"),
            ("links", "JSON", "link facet uris"),
            ("facets_skipped", "BIGINT", "broken, overlapping or out-of-range facets ignored"),
            ("record", "JSON", "post.record (the author's own record, not the views)"),
        )
        + LOAD_METADATA,
    ),
    # ---- raw_listening_* (sources/listening.py) ------------------------------------------
    Table(
        "raw_listening_mentions",
        "social-listening CSV rows (one per mention found by a listening query); opted-out authors never stored",
        _cols(
            ("vendor", "VARCHAR", "the column preset that read the file (brandwatch, meltwater ...) or 'custom'"),
            ("platform", "VARCHAR", "the post's platform: x, bluesky, mastodon, linkedin, or the network as exported"),
            ("record_key", "VARCHAR", "dedupe key: native post key ('x:<id>' ...), else the url, else a digest"),
            ("native_key", "VARCHAR", "'x:<id>', 'bluesky:<handle>/<rkey>', 'mastodon:<host>/<id>' from the url or id"),
            ("account_id", "VARCHAR", "'listening:<platform>:<normalised handle>' (else the author, lower-cased)"),
            ("handle", "VARCHAR", "author handle normalised for the platform; NULL when it does not normalise"),
            ("author", "VARCHAR", "author cell as exported"),
            ("author_id", "VARCHAR", ""),
            ("author_name", "VARCHAR", ""),
            ("created_at", "TIMESTAMP", "UTC"),
            ("kind", "VARCHAR", "post | reply | reshare | quote"),
            ("post_type", "VARCHAR", "as exported"),
            ("title", "VARCHAR", ""),
            ("text", "VARCHAR", "opted-out people's handles replaced by '@[opted-out]'"),
            ("url", "VARCHAR", "the post's permalink"),
            ("shared_url", "VARCHAR", "a link the post shares"),
            ("likes", "BIGINT", ""),
            ("reshares", "BIGINT", ""),
            ("replies", "BIGINT", ""),
            ("quotes", "BIGINT", ""),
            ("engagement", "BIGINT", ""),
            ("mentions", "VARCHAR[]", "@handles in title and text, normalised for the platform"),
            ("hashtags", "VARCHAR[]", "lower-case, without '#'"),
            ("links", "VARCHAR[]", "URLs in the text, then shared_url (never the post's own url)"),
            ("ref_handle", "VARCHAR", "reshares ('RT @x:'): the original author's normalised handle"),
            ("record", "JSON", "the CSV row as read (with the same redaction as text)"),
        )
        + LOAD_METADATA,
    ),
    Table(
        "raw_mastodon_likes",
        "Mastodon archive likes.json: statuses the archive owner favourited (opted-out owners never stored)",
        _cols(
            ("account_id", "VARCHAR", "the archive owner (actor URI), who liked"),
            ("object_uri", "VARCHAR", "the liked status's URI as exported"),
            ("object_created_at", "TIMESTAMP", "UTC creation of the liked status from its Mastodon snowflake id "
             "(id >> 16 ms): a lower bound of the like's time; NULL when the URI carries no such id"),
        )
        + LOAD_METADATA,
    ),
    # ---- canonical (staging) layer -----------------------------------------------------
    Table(
        "stg_people",
        "one row per directory employee",
        _cols(
            ("employee_id", "VARCHAR", ""),
            ("full_name", "VARCHAR", ""),
            ("email", "VARCHAR", "lower-cased"),
            ("email_aliases", "VARCHAR[]", "other addresses: lower-cased, trimmed, each once, never the primary"),
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
            ("left_on", "DATE", "the day they left (YYYY-MM-DD or MM/DD/YYYY); NULL while employed"),
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
            ("replies", "BIGINT", "replies counted by the platform, when known"),
            ("quotes", "BIGINT", "quotes counted by the platform, when known"),
            ("mentions", "VARCHAR[]", "public posts: handles mentioned, normalised for the platform (normalize_handle)"),
            ("hashtags", "VARCHAR[]", "public posts: hashtags, lower-case, without '#'"),
            ("links", "VARCHAR[]", "public posts: URLs linked (expanded where the platform gives them)"),
            ("ref_handle", "VARCHAR", "reshares and quotes: normalised handle of the original post's author"),
            ("lang", "VARCHAR", "ISO 639-1 code of the text, 'und' when too short to tell; NULL for reshares/system/empty (language.py)"),
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
            ("reaction", "VARCHAR", "reactions: the reaction's name as the platform gives it (Slack emoji name without colons or skin tone, Teams reactionType, 'like' where a platform has only likes; the first one when a person used several); NULL for other kinds or when the export does not say"),
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
            ("rule", "VARCHAR", "email | email_alias | declared_handle | profile_handle | name"),
            ("confidence", "DOUBLE", "1.0 for email and handle rules; the name score (>= [identity] name_match_threshold) for 'name'"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "identity_report",
        "every account and what identity resolution made of it (for the data owner)",
        _cols(
            ("platform", "VARCHAR", ""),
            ("account_id", "VARCHAR", ""),
            ("handle", "VARCHAR", ""),
            ("display_name", "VARCHAR", ""),
            ("status", "VARCHAR", "matched | candidate | conflict | unmatched | excluded | bot"),
            ("detail", "VARCHAR", "how it was linked, which employees claimed it, or why it was left out, and what to do"),
            ("posts", "BIGINT", "posts in the warehouse"),
            ("rule", "VARCHAR", "matched, candidate, conflict: the rule (email | email_alias | declared_handle | profile_handle | name)"),
            ("confidence", "DOUBLE", "matched: 1.0 or the name score; candidate: the name score (below the threshold, or shared)"),
            ("employee_id", "VARCHAR", "matched: the employee; candidate: the employee whose name it carries; never an opted-out one"),
            ("claimed_by", "VARCHAR", "conflict: the employees claiming it (comma-separated)"),
        ),
        rebuilt_each_run=True,
    ),
    # ---- marts ------------------------------------------------------------------------
    Table(
        "marts_acts",
        "every act of engagement between two linked employees in the window, and whether it was obliged",
        _cols(
            ("src_employee_id", "VARCHAR", "who acted"),
            ("dst_employee_id", "VARCHAR", "whom it was aimed at"),
            ("platform", "VARCHAR", ""),
            ("kind", "VARCHAR", "|".join(INTERACTION_KINDS)),
            ("reaction", "VARCHAR", "the reaction's name, for reactions"),
            ("post_id", "VARCHAR", "the post carrying the act (the post reacted to, the reply ...)"),
            ("context", "VARCHAR", "that post's channel"),
            ("created_at", "TIMESTAMP", "UTC"),
            ("up_chain", "BOOLEAN", "aimed at one of the actor's managers, at any level (stg_people.manager_id)"),
            ("in_broadcast", "BOOLEAN", "on a post in a broadcast channel (few post, everyone reacts)"),
            ("obliged", "BOOLEAN", "an acknowledgement: a reaction or wordless reply up the chain or in a broadcast channel; not counted as engagement"),
        ),
        rebuilt_each_run=True,
    ),
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
        "marts_languages",
        "the languages employees write in (in-window posts, replies and quotes of linked employees who did not opt out) and what the pipeline reads in each",
        _cols(
            ("lang", "VARCHAR", "ISO 639-1 code (stg_posts.lang); 'und' for posts too short to tell"),
            ("language", "VARCHAR", "English name"),
            ("posts", "BIGINT", "posts in the language"),
            ("people", "BIGINT", "distinct employees writing in it"),
            ("share", "DOUBLE", "posts / posts with a detected language ('und' excluded, and NULL)"),
            ("culture_fit_by", "VARCHAR", "how culture fit reads it: values | exemplars | embeddings | none (set by the culture stage; NULL before it)"),
            ("tone_by", "VARCHAR", "how tone reads it: vader | none (set by the culture stage; NULL before it)"),
            ("recognition_by", "VARCHAR", "where its thank-you words come from: built-in | settings | none ([recognition] words); NULL for 'und'"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "marts_culture",
        "culture fit of each employee's intranet posts (public channels) and, apart, of their public social posts, each post judged against the values in its own language",
        _cols(
            ("employee_id", "VARCHAR", ""),
            ("posts_scored", "BIGINT", "intranet posts in the window that gave evidence (a language with references; not copied, not scare-quoted)"),
            ("raw_fit", "DOUBLE", "mean evidence of those posts: similarity to the values as a percentile among posts of the same language, 0 for irony (NULL without evidence)"),
            ("culture_fit", "DOUBLE", "raw fit shrunk toward the population for people with few posts; NULL when their posts gave no evidence (unknown); 0 without posts"),
            ("top_post_ids", "VARCHAR[]", "their intranet posts most similar to the values (evidence)"),
            ("public_posts_scored", "BIGINT", "public social posts in the window that gave evidence"),
            ("public_raw_fit", "DOUBLE", "mean evidence of their public posts (NULL without evidence)"),
            ("public_culture_fit", "DOUBLE", "public raw fit shrunk toward the population of public posters; NULL when unknown"),
            ("public_top_post_ids", "VARCHAR[]", "their public posts most similar to the values"),
            ("posts_unjudged", "BIGINT", "posts (intranet and public) that gave no evidence: a language without values or exemplars, too short to tell, copied or scare-quoted"),
            ("ironic_posts", "BIGINT", "posts read as irony about the values (irony marks or laughter in response, on values-like text): evidence against"),
            ("language", "VARCHAR", "the language they write most in (ISO 639-1; NULL when none can be told)"),
            ("tone_posts", "BIGINT", "posts whose tone was read (English: VADER)"),
            ("tone", "DOUBLE", "mean VADER polarity of their English posts (-1 negative .. 1 positive), irony read as negative, shrunk toward the population; NULL when unknown"),
            ("negative_posts", "BIGINT", "posts reading clearly negative (polarity <= -0.3)"),
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
            ("acts_received", "BIGINT", "replies, mentions, thanks, reactions, reshares and quotes colleagues aimed at them"),
            ("engaged_weeks", "BIGINT", "distinct weeks in which colleagues engaged with them"),
            ("colleagues_helped", "BIGINT", "distinct colleagues whose posts they replied to"),
            ("engager_weeks", "BIGINT", "(colleague, week) pairs in which a colleague engaged with them: the audience week after week"),
            ("helped_weeks", "BIGINT", "(colleague, week) pairs in which they replied to a colleague's post"),
            ("recognition_weeks", "BIGINT", "(colleague, week) pairs of thanks given or received"),
            ("acknowledgements_received", "BIGINT", "reactions and wordless replies owed rather than given (marts_acts.obliged): not counted above"),
            ("reactions_named", "BIGINT", "reactions to their posts whose name says something (reaction_family): appreciation, acknowledgement or dissent"),
            ("reactions_appreciative", "BIGINT", "of those, appreciation (heart, clap, raised hands, tada ...)"),
            ("reactions_acknowledging", "BIGINT", "of those, acknowledgement (+1, check mark, eyes ...)"),
            ("reactions_dissenting", "BIGINT", "of those, dissent (eye-roll, upside-down face, grimace, -1 ...)"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "marts_public_posts",
        "every public post (and reshare) of an employee in the window, with its brand signals and normalised engagement",
        _cols(
            ("employee_id", "VARCHAR", "the author"),
            ("post_id", "VARCHAR", "stg_posts.post_id"),
            ("platform", "VARCHAR", ""),
            ("kind", "VARCHAR", "post | reply | quote | reshare"),
            ("created_at", "TIMESTAMP", "UTC"),
            ("original", "BOOLEAN", "their own words (not a reshare)"),
            ("mentions_brand", "BOOLEAN", "an original post mentioning a brand handle"),
            ("tags_brand", "BOOLEAN", "an original post using a brand hashtag"),
            ("links_brand", "BOOLEAN", "an original post linking a brand domain or sub-domain"),
            ("refs_brand", "BOOLEAN", "a reshare or quote of a brand account's post"),
            ("brand_post", "BOOLEAN", "an original post with any brand signal (mention, hashtag, link or quote)"),
            ("engagement", "BIGINT", "likes + reshares + replies + quotes received, where the platform reports them"),
            ("platform_pct", "DOUBLE", "percentile of log(1 + engagement) among the window's original posts on its platform"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "marts_public_signals",
        "what each employee did on public social platforms in the window: brand advocacy and external reach",
        _cols(
            ("employee_id", "VARCHAR", ""),
            ("platforms", "VARCHAR[]", "public platforms they posted on in the window"),
            ("original_posts", "BIGINT", "their own public posts, replies and quotes"),
            ("reshares", "BIGINT", "public reshares (retweets, boosts, reposts) of others' posts"),
            ("originality", "DOUBLE", "original_posts / (original_posts + reshares); NULL without public activity"),
            ("brand_mentions", "BIGINT", "original posts mentioning a brand handle"),
            ("brand_hashtags", "BIGINT", "original posts using a brand hashtag"),
            ("brand_links", "BIGINT", "original posts linking a brand domain"),
            ("brand_quotes", "BIGINT", "quotes of a brand account's post"),
            ("brand_reshares", "BIGINT", "reshares of a brand account's post"),
            ("brand_posts", "BIGINT", "distinct original posts with any brand signal (mention, hashtag, link or quote)"),
            ("brand_post_ids", "VARCHAR[]", "their most engaging brand posts (evidence), best first"),
            ("brand_platforms", "VARCHAR[]", "platforms of their brand posts"),
            ("scored_posts", "BIGINT", "original posts whose platform reports engagement counts"),
            ("engagement", "BIGINT", "likes + reshares + replies + quotes received on those posts"),
            ("reach_raw", "DOUBLE", "mean per-platform percentile of engagement per post (0-1), NULL without scored posts"),
            ("external_reach", "DOUBLE", "reach_raw shrunk toward the platform median for people with few posts"),
            ("reach_platforms", "VARCHAR[]", "platforms of their scored posts"),
            ("external_engagers", "BIGINT", "distinct accounts seen replying to, mentioning, resharing, quoting or liking them"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "marts_person_features",
        "every feature the ranking reads, one row per employee who did not opt out (zeros without activity)",
        _cols(
            ("employee_id", "VARCHAR", ""),
            ("full_name", "VARCHAR", ""),
            ("email", "VARCHAR", ""),
            ("department", "VARCHAR", ""),
            ("title", "VARCHAR", ""),
            ("location", "VARCHAR", ""),
            ("posts", "BIGINT", "intranet posts, replies and quotes in the window"),
            ("replies", "BIGINT", "replies, on any platform"),
            ("recognitions_given", "BIGINT", "distinct colleagues they thanked or recognised"),
            ("recognitions_received", "BIGINT", "distinct colleagues who thanked or recognised them"),
            ("active_weeks", "BIGINT", "weeks in which they posted"),
            ("acts_received", "BIGINT", "acts of engagement colleagues aimed at them"),
            ("engaged_weeks", "BIGINT", "weeks in which colleagues engaged with them"),
            ("colleagues_helped", "BIGINT", "distinct colleagues whose posts they replied to"),
            ("engager_weeks", "BIGINT", "(colleague, week) pairs in which a colleague engaged with them"),
            ("helped_weeks", "BIGINT", "(colleague, week) pairs in which they replied to a colleague's post"),
            ("recognition_weeks", "BIGINT", "(colleague, week) pairs of thanks given or received"),
            ("window_weeks", "BIGINT", "weeks in the analysis window"),
            ("weeks_present", "BIGINT", "weeks of the window since they joined (hire_date), at least 1"),
            ("acknowledgements_received", "BIGINT", "reactions and wordless replies owed rather than given (up the management chain, broadcast channels): not counted as engagement"),
            ("reactions_named", "BIGINT", "reactions to their posts whose name says something (reaction_family): appreciation, acknowledgement or dissent"),
            ("reactions_appreciative", "BIGINT", "of those, appreciation (heart, clap, raised hands, tada ...)"),
            ("reactions_acknowledging", "BIGINT", "of those, acknowledgement (+1, check mark, eyes ...)"),
            ("reactions_dissenting", "BIGINT", "of those, dissent (eye-roll, upside-down face, grimace, -1 ...)"),
            ("culture_fit", "DOUBLE", "intranet culture fit, shrunk toward the population (marts_culture)"),
            ("posts_scored", "BIGINT", "intranet posts culture fit read"),
            ("top_post_ids", "VARCHAR[]", "their intranet posts most in line with the values"),
            ("public_culture_fit", "DOUBLE", "culture fit of their public posts, shrunk"),
            ("public_posts_scored", "BIGINT", "public posts culture fit read"),
            ("tone", "DOUBLE", "mean polarity of their posts, shrunk (marts_culture)"),
            ("tone_posts", "BIGINT", "posts whose tone was read"),
            ("negative_posts", "BIGINT", "posts reading clearly negative"),
            ("posts_unjudged", "BIGINT", "posts that gave no culture-fit evidence (marts_culture)"),
            ("ironic_posts", "BIGINT", "posts read as irony about the values (marts_culture)"),
            ("language", "VARCHAR", "the language they write most in (ISO 639-1)"),
            ("pagerank", "DOUBLE", "weighted PageRank of who engages whom, recent engagement weighing more"),
            ("engager_count", "BIGINT", "distinct colleagues who engaged with them"),
            ("engaged_count", "BIGINT", "distinct colleagues they engaged with"),
            ("departments_reached", "BIGINT", "other departments among the colleagues they engage with either way"),
            ("reciprocity", "DOUBLE", "share of their ties that go both ways"),
            ("in_strength", "DOUBLE", "engagement weight received (kind x recency)"),
            ("bridging", "DOUBLE", "participation coefficient of their ties over departments (0 one department .. ~1 many)"),
            ("linked_accounts", "BIGINT", "accounts linked to them"),
            ("guest_accounts", "BIGINT", "linked accounts that are guest accounts"),
            ("left_on", "DATE", "the day they left, when on or before as_of (a later leaving date does not count yet)"),
            ("leaving_date_unreadable", "BOOLEAN", "the directory gives a leaving date that is not a date"),
            ("brand_posts", "BIGINT", "original public posts about the brand"),
            ("brand_quotes", "BIGINT", "quotes of the brand's posts"),
            ("brand_reshares", "BIGINT", "reshares of the brand's posts"),
            ("originality", "DOUBLE", "original public posts / all public posts; NULL without public activity"),
            ("external_reach", "DOUBLE", "engagement per public post, per-platform percentile, shrunk"),
            ("scored_posts", "BIGINT", "public posts with engagement counts"),
            ("external_engagement", "BIGINT", "engagement those posts earned"),
            ("external_engagers", "BIGINT", "distinct public accounts engaging with them"),
            ("brand_platforms", "VARCHAR[]", ""),
            ("reach_platforms", "VARCHAR[]", ""),
            ("brand_post_ids", "VARCHAR[]", "their most engaging brand posts"),
        ),
        rebuilt_each_run=True,
    ),
    Table(
        "marts_weights",
        "the component weights this run ranked with, and what the invitation outcomes taught",
        _cols(
            ("component", "VARCHAR", ""),
            ("default_weight", "DOUBLE", "from [weights], normalised"),
            ("coefficient", "DOUBLE", "standardised logistic-regression coefficient on acceptance; NULL when no model was fitted"),
            ("weight", "DOUBLE", "the weight used"),
            ("learned", "BOOLEAN", "true when learned weights were used"),
            ("outcomes", "BIGINT", "people with a decided invitation learned from"),
            ("accepted", "BIGINT", "of whom accepted"),
            ("summary", "VARCHAR", "what was learned, in plain words"),
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
            ("culture_fit", "DOUBLE", "similarity of their posts to the values in their language (0-1 percentile; NULL when no values text or exemplar covers their language)"),
            ("tone", "DOUBLE", "how constructively they write: mean polarity of their English posts (0-1 percentile; NULL when they write no English)"),
            ("influence", "DOUBLE", "weighted PageRank of who engages whom (0-1 percentile)"),
            ("engagers", "DOUBLE", "colleagues who engage with them, once a colleague a week, per week present (0-1 percentile)"),
            ("reach", "DOUBLE", "departments reached (0-1 percentile)"),
            ("bridging", "DOUBLE", "ties spread evenly over departments: participation coefficient (0-1 percentile)"),
            ("reciprocity", "DOUBLE", "share of engagement returned both ways (0-1)"),
            ("consistency", "DOUBLE", "share of the weeks present in which colleagues engaged with them, shrunk (0-1 percentile)"),
            ("resonance", "DOUBLE", "engagement per post, shrunk for few posts (0-1 percentile)"),
            ("helpfulness", "DOUBLE", "colleagues whose posts they replied to, once a colleague a week, per week present (0-1 percentile)"),
            ("recognition", "DOUBLE", "thanks given and received, per week present (0-1 percentile)"),
            ("reception", "DOUBLE", "what colleagues' reactions say: appreciation minus dissent per named reaction, shrunk (0-1 percentile; NULL when no reaction is named)"),
            ("advocacy", "DOUBLE", "original public posts about the brand, discounted for resharing (0-1 percentile among advocates)"),
            ("external_reach", "DOUBLE", "engagement their public posts earn, normalised per platform (0-1 percentile among public posters)"),
            ("public_culture_fit", "DOUBLE", "similarity of their public posts to the values (0-1 percentile among public posters)"),
            ("fit_gate", "DOUBLE", "product of min(1, component / culture.gate) over culture.gate_on (tone, reception), unknown components left out: scales down people low on any"),
            ("score", "DOUBLE", "weighted mean of the known components x fit_gate (0-1)"),
            ("eligible", "BOOLEAN", ""),
            ("ineligible_reason", "VARCHAR", "opted out | guest | bot | left the company | excluded department | too few posts ..."),
            ("rank", "BIGINT", "1 = best eligible; NULL when not eligible"),
            ("reasons", "VARCHAR", "plain-language why"),
            ("evidence", "VARCHAR", "permalinks of posts that show it"),
        ),
        rebuilt_each_run=True,
    ),
]

TABLES: dict[str, Table] = {t.name: t for t in _TABLES}

COMPONENTS = (
    "culture_fit", "tone", "influence", "engagers", "reach", "bridging", "reciprocity", "consistency", "resonance",
    "helpfulness", "recognition", "reception", "advocacy", "external_reach", "public_culture_fit",
)

# DESIGN.md fixes the first eight columns; per-component scores follow.
SHORTLIST_COLUMNS = ("rank", "employee_id", "full_name", "email", "department", "title", "score", "reasons") + COMPONENTS + (
    "evidence", "previous_rank", "status",
)
# marts_shortlist.status: against the last run (the latest as_of before this run's)
SHORTLIST_STATUSES = ("new", "rising", "steady", "falling")


def _shortlist_table() -> Table:
    """``marts_shortlist``: the CSV's columns (typed and documented as in ``marts_person_scores``)."""
    scores = {c.name: c for c in TABLES["marts_person_scores"].columns}
    extra = {
        "rank": Column("rank", "BIGINT", "position on the final shortlist, 1..N (after cooldowns and caps)"),
        "previous_rank": Column("previous_rank", "BIGINT", "eligible rank at the last run (NULL if none)"),
        "status": Column("status", "VARCHAR", " | ".join(SHORTLIST_STATUSES) + " against the last run"),
    }
    columns = tuple(
        extra.get(name) or scores.get(name) or Column(name, "DOUBLE" if name in COMPONENTS else "VARCHAR")
        for name in SHORTLIST_COLUMNS
    )
    columns += _cols(
        ("eligible_rank", "BIGINT", "marts_person_scores.rank, before cooldowns and caps"),
        ("location", "VARCHAR", "from the directory (the location cap counts it)"),
    )
    return Table("marts_shortlist", "the final shortlist as written to the CSV, in order", columns, rebuilt_each_run=True)


TABLES["marts_shortlist"] = _shortlist_table()


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
