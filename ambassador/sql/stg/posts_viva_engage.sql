-- Viva Engage messages as canonical posts (one row per message id: viva_messages_current).
-- Mentions [[user:ID]] become @Name (Users.csv) or @someone; other [[kind:ID]] references
-- (topics, groups) are dropped. System messages are kept but marked. The permalink is the
-- message's api_url when it is an https URL (Messages.csv has no web URL).
with

deduplicated as (
    select * from viva_messages_current
),

users as (
    select id, coalesce(nullif(trim(full_name), ''), nullif(trim(name), '')) as display_name
    from raw_viva_users
    qualify row_number() over (partition by id order by _file_sha256, _member, _record) = 1
),

mention_refs as (
    select d.id, t.uid, t.k
    from deduplicated as d,
         unnest(regexp_extract_all(d.body, '\[\[user:(\d+)\]\]', 1)) with ordinality as t(uid, k)
),

mention_names as (
    select r.id, list(coalesce('@' || u.display_name, '@someone') order by r.k) as names
    from mention_refs as r
    left join users as u on u.id = r.uid
    group by r.id
),

cleaned as (
    select
        d.*,
        regexp_replace(
            array_to_string(list_transform(
                regexp_split_to_array(d.body, '\[\[user:\d+\]\]'),
                lambda piece, i: piece || coalesce(n.names[i], '')), ''),
            '\[\[[A-Za-z_]+:\d+\]\]', '', 'g') as plain_text
    from deduplicated as d
    left join mention_names as n using (id)
),

final as (
    select
        'viva_engage:' || id as post_id,
        'viva_engage' as platform,
        sender_id as account_id,
        coalesce(nullif(trim(group_name), ''), 'All Company') as context,
        created_utc as created_at,
        case
            when lower(trim(coalesce(message_type, ''))) = 'system'
                 or lower(trim(coalesce(sender_type, ''))) = 'system' then 'system'
            when replied_to_id is not null or (thread_id is not null and thread_id <> id) then 'reply'
            else 'post'
        end as kind,
        case
            when replied_to_id is not null then 'viva_engage:' || replied_to_id
            when thread_id is not null and thread_id <> id then 'viva_engage:' || thread_id
        end as parent_post_id,
        trim(plain_text) as text,
        case when regexp_full_match(trim(api_url), 'https://[A-Za-z0-9.-]+/[!-~]*') then trim(api_url) end as permalink,
        null::BIGINT as likes,
        null::BIGINT as reshares
    from cleaned
)

select * from final
