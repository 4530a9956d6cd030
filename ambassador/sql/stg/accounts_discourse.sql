-- Discourse accounts, keyed on the user id (usernames change): users from admin users lists,
-- user-list CSV exports and user archive owners, plus authors seen only on posts. $sha limits
-- the accounts to those of one export (NULL = all), but an email is taken from any export's
-- user records for the same id, so an admin users list loaded once serves every export.
-- Negative ids (system, discobot) are bots.
with

users as (
    select * from raw_discourse_users
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

authors as (
    select * from raw_discourse_posts
    where user_id is not null and ($sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR)
),

likers as (
    select user_id from raw_discourse_likes
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

ids as (
    select user_id from users
    union
    select user_id from authors
    union
    select user_id from likers
),

emails as (
    select user_id, lower(trim(email)) as email
    from raw_discourse_users
    where nullif(trim(email), '') is not null
    qualify row_number() over (
        partition by user_id
        order by case origin when 'admin_users' then 0 when 'user_list_csv' then 1 else 2 end, _file_sha256, _record
    ) = 1
),

names as (
    -- user records first, then the author's latest post
    select user_id, username, name
    from (
        select user_id, username, name, 0 as rank_group, null::TIMESTAMP as seen_at, _file_sha256, _record
        from raw_discourse_users
        union all
        select user_id, username, name, 1, timezone('UTC', try_cast(created_at as TIMESTAMPTZ)), _file_sha256, _record
        from raw_discourse_posts
        where user_id is not null and username is not null
    )
    qualify row_number() over (
        partition by user_id order by rank_group, seen_at desc nulls last, _file_sha256, _record
    ) = 1
),

final as (
    select
        'discourse' as platform,
        i.user_id as account_id,
        nullif(lower(trim(n.username)), '') as handle,
        coalesce(nullif(trim(n.name), ''), n.username) as display_name,
        e.email,
        coalesce(try_cast(i.user_id as BIGINT) < 0, false)
            or lower(coalesce(n.username, '')) in ('system', 'discobot') as is_bot,
        false as is_guest,
        false as is_deleted,
        []::VARCHAR[] as declared_handles
    from ids as i
    left join names as n on n.user_id = i.user_id
    left join emails as e on e.user_id = i.user_id
    where i.user_id is not null
)

select * from final
