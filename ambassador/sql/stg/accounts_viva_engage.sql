-- Viva Engage accounts: Users.csv rows (one per user id across exports; the copy from the
-- export with the newest messages wins), plus senders that only appear on messages.
-- State (Microsoft's rule): deleted_at set -> deleted; suspended_at without deleted_at ->
-- suspended; state soft_delete without joined_at, suspended_at or deleted_at -> pending (an
-- invitation never accepted: no activity, not deleted). Deleted and suspended accounts, and
-- other soft_delete ones, are is_deleted. Guests: an email domain other than the network's
-- home domain (the most common domain among its users). $sha limits to one export.
with

users as (
    select * from raw_viva_users
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

messages as (
    select * from raw_viva_messages
    where withheld is null
      and ($sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR)
),

export_recency as (
    select _file_sha256, max(created_utc) as newest
    from raw_viva_messages
    group by _file_sha256
),

latest_users as (
    select u.*
    from users as u
    left join export_recency as r using (_file_sha256)
    qualify row_number() over (
        partition by u.id
        order by r.newest desc nulls last, u._file_sha256, u._member, u._record
    ) = 1
),

stated as (
    select
        *,
        nullif(lower(trim(email)), '') as email_lc,
        case
            when nullif(trim(deleted_at), '') is not null then 'deleted'
            when nullif(trim(suspended_at), '') is not null then 'suspended'
            when lower(trim(coalesce(state, ''))) = 'soft_delete' and nullif(trim(joined_at), '') is null then 'pending'
            when lower(trim(coalesce(state, ''))) = 'soft_delete' then 'inactive'
            else 'active'
        end as account_state
    from latest_users
),

message_only as (
    select
        sender_id as id,
        min(sender_name) as name,
        min(nullif(lower(trim(sender_email)), '')) as email_lc,
        bool_or(lower(trim(coalesce(sender_type, ''))) not in ('user', '')) as is_bot
    from messages
    where sender_id not in (select id from latest_users)
    group by sender_id
),

domains as (
    select regexp_extract(email_lc, '@([^@]+)$', 1) as domain, count(*) as n
    from stated
    where email_lc like '%@%'
    group by 1
),

home as (
    select domain from domains order by n desc, domain limit 1
),

final as (
    select
        'viva_engage' as platform,
        s.id as account_id,
        null as handle,
        coalesce(nullif(trim(s.full_name), ''), nullif(trim(s.name), ''), s.email_lc) as display_name,
        s.email_lc as email,
        false as is_bot,
        coalesce(regexp_extract(s.email_lc, '@([^@]+)$', 1) <> (select domain from home), false) as is_guest,
        s.account_state in ('deleted', 'suspended', 'inactive') as is_deleted,
        []::VARCHAR[] as declared_handles
    from stated as s

    union all

    select
        'viva_engage', m.id, null, coalesce(nullif(trim(m.name), ''), m.email_lc), m.email_lc, m.is_bot,
        coalesce(regexp_extract(m.email_lc, '@([^@]+)$', 1) <> (select domain from home), false),
        false, []::VARCHAR[]
    from message_only as m
)

select * from final
