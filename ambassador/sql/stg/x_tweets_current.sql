-- X tweets, one row per tweet id across archives: the copy from the archive with the newest
-- tweets wins (its like and retweet counts are the latest); created_utc parsed. Materialised
-- once per run (a temp table) for posts_x and interactions_x.
with

tweets as (
    select * from raw_x_tweets
),

parsed as (
    select
        *,
        timezone('UTC', try_strptime(created_at, '%a %b %d %H:%M:%S %z %Y')) as created_utc
    from tweets
),

archive_recency as (
    select _file_sha256, max(created_utc) as newest
    from parsed
    group by _file_sha256
),

final as (
    select p.*
    from parsed as p
    join archive_recency as r on r._file_sha256 = p._file_sha256
    where p.created_utc is not null
    qualify row_number() over (
        partition by p.id
        order by r.newest desc nulls last, p._file_sha256, p._member, p._record
    ) = 1
)

select * from final
