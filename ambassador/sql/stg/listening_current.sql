-- Social-listening mentions, one row per post across listening exports and vendors (record_key:
-- the native post key, else the url, else a digest): the copy from the export holding the
-- newest mentions wins (its counts are the latest). Mentions of posts that a platform's own
-- export already holds (X archive tweet ids, Mastodon status urls or URIs, Bluesky post rkeys
-- of the same author; their own posts, not boosts or reposts) are dropped, so no post counts
-- twice. Reads the other sources' raw tables, not their *_current models, so it does not
-- depend on the order models are built.
-- Materialised once per run (a temp table) for posts_listening and interactions_listening.
with

mentions as (
    select * from raw_listening_mentions
),

native_x as (
    select distinct 'x:' || id as native_key from raw_x_tweets where id is not null
),

native_mastodon as (
    select distinct
        'mastodon:' || lower(regexp_extract(u, '^https?://([^/]+)/', 1)) || '/'
            || regexp_extract(u, '/([0-9]+)/?$', 1) as native_key
    from raw_mastodon_statuses, unnest([url, id]) as t(u)
    where kind is distinct from 'reshare'
      and regexp_matches(u, '^https?://[^/]+/(?:@[^/]+|users/[^/]+/statuses)/[0-9]+/?$')
),

native_bluesky as (
    select distinct 'bluesky:' || lower(who) || '/' || regexp_extract(uri, '/([^/]+)$', 1) as native_key
    from raw_bluesky_feed, unnest([author_handle, author_did]) as t(who)
    where kind is distinct from 'reshare' and who is not null and uri is not null
),

native as (
    select native_key from native_x
    union select native_key from native_mastodon
    union select native_key from native_bluesky
),

export_recency as (
    select _file_sha256, max(created_at) as newest
    from mentions
    group by _file_sha256
),

final as (
    select m.*
    from mentions as m
    join export_recency as r on r._file_sha256 = m._file_sha256
    where not exists (select 1 from native as n where n.native_key = m.native_key)
    qualify row_number() over (
        partition by m.record_key
        order by r.newest desc nulls last, m._file_sha256, m._member, m._record
    ) = 1
)

select * from final
