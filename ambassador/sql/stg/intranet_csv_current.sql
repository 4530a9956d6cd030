-- Generic intranet CSV rows, one per (feed name, id) across overlapping files: posts and
-- comments share one id space per feed name, reactions have their own. The copy from the file
-- holding the newest rows wins (a later export knows later edits). Materialised once per run
-- (a temp table) for posts_intranet_csv and interactions_intranet_csv.
with

rows as (
    select * from raw_intranet_csv_rows
),

file_recency as (
    select _file_sha256, max(created_at) as newest
    from rows
    group by _file_sha256
),

final as (
    select r.*
    from rows as r
    join file_recency as f on f._file_sha256 = r._file_sha256
    qualify row_number() over (
        partition by r.feed, r.kind = 'reaction', r.id
        order by f.newest desc nulls last, r._file_sha256, r._member, r._record
    ) = 1
)

select * from final
