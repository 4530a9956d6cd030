-- Mastodon statuses, one row per status id across exports: the copy from the export with the
-- newest statuses wins (its REST counts are the latest); created_utc parsed from ISO 8601.
-- Materialised once per run (a temp table) for posts_mastodon and interactions_mastodon.
with

statuses as (
    select * from raw_mastodon_statuses
),

parsed as (
    select
        *,
        timezone('UTC', try_cast(created_at as TIMESTAMPTZ)) as created_utc
    from statuses
),

export_recency as (
    select _file_sha256, max(created_utc) as newest
    from parsed
    group by _file_sha256
),

final as (
    select p.*
    from parsed as p
    join export_recency as r on r._file_sha256 = p._file_sha256
    where p.created_utc is not null
    qualify row_number() over (
        partition by p.id
        order by r.newest desc nulls last, p._file_sha256, p._member, p._record
    ) = 1
)

select * from final
