-- Bluesky accounts (id = DID): the actors of saved author feeds and the authors of the posts
-- they reposted (raw_bluesky_accounts), then accounts seen only as a reply parent's author, a
-- quoted post's author or a mention facet (its "@handle" text). One row per DID: a profile row
-- wins (the latest seen); for the others the handle of the latest entry naming them.
-- 'handle.invalid' (a handle that failed verification) is no handle. $sha limits to one export.
with

profile_rows as (
    select * from raw_bluesky_accounts
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

entries as (
    select * from raw_bluesky_feed
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

profiles as (
    select
        did as account_id,
        case when lower(handle) <> 'handle.invalid' then normalize_handle('bluesky', handle) end as handle,
        nullif(trim(display_name), '') as display_name
    from profile_rows
    qualify row_number() over (partition by did order by seen_at desc nulls last, _file_sha256) = 1
),

mentioned as (
    select
        m.u ->> 'did' as account_id,
        ltrim(m.u ->> 'text', '@') as handle,
        e.acted_utc,
        e.item_key
    from entries as e,
        unnest(case when json_type(e.mentions) = 'ARRAY' then e.mentions::JSON[] end) as m(u)
),

sightings as (
    select * from mentioned
    union all
    select reply_parent_did, reply_parent_handle, acted_utc, item_key from entries where reply_parent_did is not null
    union all
    select quoted_did, quoted_handle, acted_utc, item_key from entries where quoted_did is not null
),

others as (
    select
        account_id,
        case when lower(handle) <> 'handle.invalid' then normalize_handle('bluesky', handle) end as handle
    from sightings
    where account_id like 'did:%'
      and not exists (select 1 from profiles as p where p.account_id = sightings.account_id)
    qualify row_number() over (
        partition by account_id
        order by (handle is null), acted_utc desc nulls last, item_key
    ) = 1
),

final as (
    select
        'bluesky' as platform,
        account_id,
        handle,
        display_name,
        null::VARCHAR as email,
        false as is_bot,
        false as is_guest,
        false as is_deleted,
        []::VARCHAR[] as declared_handles
    from profiles

    union all

    select
        'bluesky' as platform,
        account_id,
        handle,
        null::VARCHAR as display_name,
        null::VARCHAR as email,
        false as is_bot,
        false as is_guest,
        false as is_deleted,
        []::VARCHAR[] as declared_handles
    from others
)

select * from final
