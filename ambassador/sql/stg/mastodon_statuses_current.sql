-- Mastodon statuses, one row per status across exports and formats: an archive keys a status
-- by its ActivityPub URI, a REST page by a local id with the same URI in `uri`, so the URI is
-- the key (the same post in a person's archive and in saved REST pages counts once). A REST
-- copy wins (it has engagement counts), then the export with the newest statuses (its counts
-- are the latest). created_utc parsed from ISO 8601. Quotes (Mastodon 4.5 REST `quote`, or a
-- Note's `quote` / `quoteUri` / `_misskey_quote` in archives) become kind 'quote'.
-- Materialised once per run (a temp table) for posts_mastodon and interactions_mastodon.
with

statuses as (
    select * from raw_mastodon_statuses
),

parsed as (
    select
        *,
        timezone('UTC', try_cast(created_at as TIMESTAMPTZ)) as created_utc,
        case when regexp_matches(id, '^https?://') then id else coalesce(record ->> 'uri', id) end as status_key,
        coalesce(
            record -> 'quote' -> 'quoted_status' ->> 'uri',
            case when json_type(record -> 'quote') = 'VARCHAR' then record ->> 'quote' end,
            record ->> 'quoteUri',
            record ->> '_misskey_quote'
        ) as quoted_uri,
        coalesce(
            record -> 'quote' -> 'quoted_status' -> 'account' ->> 'url',
            nullif(regexp_extract(quoted_uri, '^(https?://[^/]+/users/[^/]+)/statuses/', 1), '')
        ) as quoted_account_id
    from statuses
),

export_recency as (
    select _file_sha256, max(created_utc) as newest
    from parsed
    group by _file_sha256
),

final as (
    select
        p.* replace (
            case when p.kind = 'post' and p.quoted_uri is not null then 'quote' else p.kind end as kind
        )
    from parsed as p
    join export_recency as r on r._file_sha256 = p._file_sha256
    where p.created_utc is not null
    qualify row_number() over (
        partition by p.status_key
        order by p.likes is null, r.newest desc nulls last, p._file_sha256, p._member, p._record
    ) = 1
)

select * from final
