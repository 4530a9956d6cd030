-- Who engaged with whom in Viva Engage public groups: replies (to the author of the message
-- replied to, else of the thread starter), mentions [[user:ID]] (recognition when the message
-- thanks or praises, or is a 'praise' message), and the praised users a praise message lists
-- in participants ('user:1,user:2'). System messages carry no interaction.
with

deduplicated as (
    select * from viva_messages_current
),

authored as (
    select
        *,
        'viva_engage:' || id as post_id,
        lower(trim(coalesce(message_type, ''))) = 'praise' as is_praise
    from deduplicated
    where lower(trim(coalesce(message_type, ''))) <> 'system'
      and lower(trim(coalesce(sender_type, ''))) <> 'system'
),

replies as (
    select 'reply' as kind, a.sender_id as src, p.sender_id as dst, a.post_id, a.created_utc as created_at
    from authored as a
    join deduplicated as p
      on p.id = coalesce(a.replied_to_id, case when a.thread_id <> a.id then a.thread_id end)
),

targets as (
    select
        a.*,
        list_distinct(
            regexp_extract_all(a.body, '\[\[user:(\d+)\]\]', 1)
            || case when a.is_praise then regexp_extract_all(coalesce(a.participants, ''), 'user:(\d+)', 1) else [] end
        ) as dsts
    from authored as a
),

mentions as (
    select
        case when is_praise or is_recognition(body) then 'recognition' else 'mention' end as kind,
        sender_id as src, t.dst, post_id, created_utc as created_at
    from targets, unnest(dsts) as t(dst)
),

final as (
    select 'viva_engage' as platform, kind, src as src_account_id, dst as dst_account_id, post_id, created_at
    from (
        select * from replies
        union all select * from mentions
    )
    where dst is not null and src <> dst
)

select * from final
