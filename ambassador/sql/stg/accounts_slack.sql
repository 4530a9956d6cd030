-- Slack accounts: users.json entries (deduplicated across exports), plus user ids that only
-- appear on messages (Slack Connect or users missing from users.json). $sha limits to one export.
with

users as (
    select * from raw_slack_users
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

latest_users as (
    select * from users
    qualify row_number() over (partition by id order by _file_sha256) = 1
),

message_only as (
    select
        user_id as id,
        any_value(record->'user_profile'->>'real_name') as real_name,
        any_value(record->'user_profile'->>'name') as name
    from raw_slack_messages
    where user_id is not null
      and ($sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR)
      and user_id not in (select id from latest_users)
    group by user_id
),

profile_x as (
    -- custom profile fields whose value is an X/Twitter profile URL
    select id, list_distinct(list(
        'x:' || normalize_handle('x', profile_fields->k->>'value')
    )) as declared
    from latest_users, unnest(json_keys(profile_fields)) as f(k)
    where profile_fields is not null
      and regexp_matches(lower(coalesce(profile_fields->k->>'value', '')), '(twitter\.com|x\.com)/')
      and normalize_handle('x', profile_fields->k->>'value') is not null
    group by id
),

final as (
    select
        'slack' as platform,
        u.id as account_id,
        normalize_handle('slack', u.name) as handle,
        coalesce(nullif(u.real_name, ''), nullif(u.display_name, ''), u.name) as display_name,
        nullif(lower(trim(u.email)), '') as email,
        u.is_bot or u.is_app_user or u.id = 'USLACKBOT' as is_bot,
        u.is_restricted or u.is_ultra_restricted as is_guest,
        u.deleted as is_deleted,
        coalesce(px.declared, []) as declared_handles
    from latest_users u
    left join profile_x px using (id)

    union all

    select
        'slack', id, normalize_handle('slack', name), coalesce(real_name, name), null,
        false, false, false, []
    from message_only
)

select * from final
