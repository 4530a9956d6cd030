-- Teams accounts: Graph users-list entries (deduplicated across exports; the email comes from
-- mail, else a userPrincipalName that is not a guest's #EXT# name), plus message authors missing
-- from the users list, plus bots (from.application, as 'app:<id>'). $sha limits to one export.
with

users as (
    select * from raw_teams_users
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

messages as (
    select * from raw_teams_messages
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

latest_users as (
    select * from users
    qualify row_number() over (
        partition by id order by mail is null, user_principal_name is null, _file_sha256, _member, _record
    ) = 1
),

message_only as (
    select from_user_id as id, min(from_user_name) as display_name
    from messages
    where from_user_id is not null and from_user_id not in (select id from latest_users)
    group by from_user_id
),

applications as (
    select from_application_id as id, min(from_application_name) as display_name
    from messages
    where from_application_id is not null and from_user_id is null
    group by from_application_id
),

final as (
    select
        'teams' as platform,
        id as account_id,
        nullif(lower(trim(user_principal_name)), '') as handle,
        coalesce(nullif(display_name, ''), mail, user_principal_name) as display_name,
        nullif(lower(trim(coalesce(
            mail,
            case when user_principal_name like '%@%' and user_principal_name not like '%#EXT#%' then user_principal_name end
        ))), '') as email,
        false as is_bot,
        coalesce(lower(user_type) = 'guest', false) or coalesce(user_principal_name like '%#EXT#%', false) as is_guest,
        coalesce(account_enabled = false, false) as is_deleted,
        []::VARCHAR[] as declared_handles
    from latest_users

    union all

    select 'teams', id, null, display_name, null, false, false, false, []::VARCHAR[]
    from message_only

    union all

    select 'teams', 'app:' || id, null, display_name, null, true, false, false, []::VARCHAR[]
    from applications
)

select * from final
