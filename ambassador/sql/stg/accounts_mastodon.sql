-- Mastodon accounts: archive owners and REST authors (raw_mastodon_accounts), then accounts
-- seen only as the target of a mention, reply, boost or datable like (raw_mastodon_likes). One
-- row per account_id: an owner row wins; for the others the handle of the latest status naming
-- them is kept, else (a reply, boost or like target known only by its URI) the user@host its
-- Mastodon URI spells (https://host/users/name or https://host/@name). $sha limits to one
-- export (NULL = all).
with

owner_rows as (
    select * from raw_mastodon_accounts
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

statuses as (
    select
        *,
        try_cast(created_at as TIMESTAMPTZ) as posted_at
    from raw_mastodon_statuses
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

export_recency as (
    select _file_sha256, max(posted_at) as newest
    from statuses
    group by _file_sha256
),

owners as (
    select
        o.account_id,
        normalize_handle('mastodon', o.handle) as handle,
        nullif(trim(o.display_name), '') as display_name,
        coalesce(o.declared_handles, []::VARCHAR[]) as declared_handles
    from owner_rows as o
    left join export_recency as r on r._file_sha256 = o._file_sha256
    qualify row_number() over (
        partition by o.account_id
        order by r.newest desc nulls last, o._file_sha256, o._member, o._record
    ) = 1
),

mentioned as (
    select
        m.u ->> 'account_id' as account_id,
        m.u ->> 'handle' as handle,
        s.posted_at,
        s.id as status_id
    from statuses as s,
        unnest(case when json_type(s.mentions) = 'ARRAY' then s.mentions::JSON[] end) as m(u)
),

targets as (
    select in_reply_to_account_id as account_id, null::VARCHAR as handle, posted_at, id as status_id
    from statuses
    where in_reply_to_account_id is not null
    union all
    select reblog_account_id, null::VARCHAR, posted_at, id
    from statuses
    where reblog_account_id is not null
    union all
    select regexp_extract(object_uri, '^(https?://[^/]+/users/[^/]+)/statuses/', 1), null::VARCHAR,
        timezone('UTC', object_created_at), object_uri
    from raw_mastodon_likes
    where ($sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR) and object_created_at is not null
),

sightings as (
    select * from mentioned
    union all
    select * from targets
),

valid_sightings as (
    select * from sightings
    where nullif(account_id, '') is not null
      and not exists (select 1 from owners as o where o.account_id = sightings.account_id)
),

latest_handle as (
    select account_id, handle
    from valid_sightings
    where handle is not null
    qualify row_number() over (
        partition by account_id
        order by posted_at desc nulls last, status_id desc, handle
    ) = 1
),

others as (
    select
        s.account_id,
        -- a target known only by its URI: Mastodon's /users/<name> and /@<name> forms give user@host
        coalesce(normalize_handle('mastodon', h.handle), mastodon_uri_handle(s.account_id)) as handle
    from (select distinct account_id from valid_sightings) as s
    left join latest_handle as h on h.account_id = s.account_id
),

final as (
    select
        'mastodon' as platform,
        account_id,
        handle,
        display_name,
        null::VARCHAR as email,
        false as is_bot,
        false as is_guest,
        false as is_deleted,
        declared_handles
    from owners

    union all

    select
        'mastodon' as platform,
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
