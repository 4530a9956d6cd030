-- X accounts: archive owners (account.js), then accounts seen only as the target of a mention
-- or a reply in the archives' tweets. One row per account_id: an owner row wins; for the others
-- the screen name and display name of the latest tweet naming them are kept. $sha limits to one
-- archive (NULL = all).
with

owner_rows as (
    select * from raw_x_accounts
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

tweets as (
    select
        *,
        try_strptime(created_at, '%a %b %d %H:%M:%S %z %Y') as tweeted_at
    from raw_x_tweets
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

archive_recency as (
    -- the newest tweet of each archive: the archive downloaded last knows the current names
    select _file_sha256, max(tweeted_at) as newest
    from tweets
    group by _file_sha256
),

owners as (
    select
        o.account_id,
        normalize_handle('x', o.username) as handle,
        nullif(trim(o.display_name), '') as display_name,
        nullif(lower(trim(o.email)), '') as email
    from owner_rows as o
    left join archive_recency as r on r._file_sha256 = o._file_sha256
    qualify row_number() over (
        partition by o.account_id
        order by r.newest desc nulls last, o._file_sha256
    ) = 1
),

mentioned as (
    select
        coalesce(nullif(m.u ->> 'id_str', ''), nullif(m.u ->> 'id', '')) as account_id,
        nullif(m.u ->> 'screen_name', '') as screen_name,
        nullif(trim(m.u ->> 'name'), '') as display_name,
        t.tweeted_at,
        t.id as tweet_id
    from tweets as t,
        unnest(case when json_type(t.user_mentions) = 'ARRAY' then t.user_mentions::JSON[] end) as m(u)
),

replied_to as (
    select
        in_reply_to_user_id as account_id,
        in_reply_to_screen_name as screen_name,
        null::VARCHAR as display_name,
        tweeted_at,
        id as tweet_id
    from tweets
    where in_reply_to_user_id is not null
),

sightings as (
    select * from mentioned
    union all
    select * from replied_to
),

valid_sightings as (
    -- X user ids are digits; deleted or unknown users appear as -1
    select * from sightings
    where regexp_full_match(account_id, '[0-9]+')
      and not exists (select 1 from owners as o where o.account_id = sightings.account_id)
),

latest_screen_name as (
    select account_id, screen_name
    from valid_sightings
    where screen_name is not null
    qualify row_number() over (
        partition by account_id
        order by tweeted_at desc nulls last, tweet_id desc, screen_name
    ) = 1
),

latest_display_name as (
    select account_id, display_name
    from valid_sightings
    where display_name is not null
    qualify row_number() over (
        partition by account_id
        order by tweeted_at desc nulls last, tweet_id desc, display_name
    ) = 1
),

others as (
    select
        s.account_id,
        normalize_handle('x', h.screen_name) as handle,
        n.display_name
    from (select distinct account_id from valid_sightings) as s
    left join latest_screen_name as h on h.account_id = s.account_id
    left join latest_display_name as n on n.account_id = s.account_id
),

final as (
    select
        'x' as platform,
        account_id,
        handle,
        display_name,
        email,
        false as is_bot,
        false as is_guest,
        false as is_deleted,
        []::VARCHAR[] as declared_handles
    from owners

    union all

    select
        'x' as platform,
        account_id,
        handle,
        display_name,
        null::VARCHAR as email,
        false as is_bot,
        false as is_guest,
        false as is_deleted,
        []::VARCHAR[] as declared_handles
    from others
)

select * from final
