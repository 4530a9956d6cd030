-- Viva Engage messages, one row per message id across overlapping exports ("modified during
-- range" puts a message in several): the copy from the export with the newest messages wins,
-- ties broken by file digest and position. A message is withheld altogether when any export
-- holds a tombstone for it (deleted since) or lists its group as private or deleted.
-- Materialised once per run (a temp table) for posts_viva_engage and interactions_viva_engage.
with

messages as (
    select * from raw_viva_messages
),

groups as (
    select * from raw_viva_groups
),

tombstones as (
    select distinct id from messages where withheld is not null
),

closed_groups as (
    select distinct id from groups where private or deleted
),

export_recency as (
    select _file_sha256, max(created_utc) as newest
    from messages
    group by _file_sha256
),

final as (
    select m.*
    from messages as m
    join export_recency as r using (_file_sha256)
    where m.withheld is null
      and m.created_utc is not null
      and m.id not in (select id from tombstones)
      and coalesce(m.group_id, '') not in (select id from closed_groups)
    qualify row_number() over (
        partition by m.id
        order by r.newest desc nulls last, m._file_sha256, m._member, m._record
    ) = 1
)

select * from final
