-- Bluesky feed entries, one row per item_key (post uri, or repost uri) across exports: the copy
-- from the export with the newest entries wins (its like and repost counts are the latest).
-- Materialised once per run (a temp table) for posts_bluesky and interactions_bluesky.
with

entries as (
    select * from raw_bluesky_feed
),

export_recency as (
    select _file_sha256, max(acted_utc) as newest
    from entries
    group by _file_sha256
),

final as (
    select e.*
    from entries as e
    join export_recency as r on r._file_sha256 = e._file_sha256
    where e.acted_utc is not null
    qualify row_number() over (
        partition by e.item_key
        order by r.newest desc nulls last, e._file_sha256, e._member, e._record
    ) = 1
)

select * from final
