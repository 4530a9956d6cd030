-- Teams channel messages, one row per (team, channel, id) across overlapping exports: the copy
-- with the latest lastModifiedDateTime (edits and reaction changes move it) wins; a message an
-- export lists as deleted at or after that copy was last modified is dropped. created_utc is
-- parsed. Materialised once per run (a temp table) for posts_teams and interactions_teams.
with

messages as (
    select * from raw_teams_messages
),

deletions as (
    select team_id, channel_id, id, max(try_cast(deleted_at as TIMESTAMPTZ)) as deleted_at
    from raw_teams_deleted_messages
    group by all
),

parsed as (
    select
        *,
        timezone('UTC', try_cast(created_at as TIMESTAMPTZ)) as created_utc,
        try_cast(last_modified_at as TIMESTAMPTZ) as modified_tz
    from messages
),

latest as (
    select * from parsed
    where created_utc is not null
    qualify row_number() over (
        partition by coalesce(team_id, ''), channel_id, id
        order by modified_tz desc nulls last, try_cast(last_edited_at as TIMESTAMPTZ) desc nulls last,
                 record::VARCHAR, _file_sha256
    ) = 1
),

final as (
    select l.* exclude (modified_tz)
    from latest l
    left join deletions d
        on coalesce(d.team_id, '') = coalesce(l.team_id, '') and d.channel_id = l.channel_id and d.id = l.id
    where d.deleted_at is null
       or d.deleted_at < coalesce(l.modified_tz, try_cast(l.created_at as TIMESTAMPTZ))
)

select * from final
