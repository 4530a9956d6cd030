-- Who engaged with whom in Slack public channels: thread replies (to the thread's author),
-- mentions (recognition when the message thanks or praises), and reactions (one per reacting user).
with

deduplicated as (
    select * from slack_messages_current
),

authored as (
    select
        *,
        'slack:' || channel_id || ':' || ts as post_id,
        make_timestamp(cast(try_cast(ts as double) * 1000000 as bigint)) as created_at
    from deduplicated
    where user_id is not null
      and try_cast(ts as double) is not null
      and coalesce(subtype, '') not in ('channel_join', 'channel_leave', 'channel_topic', 'channel_purpose',
                                        'channel_name', 'channel_archive', 'bot_add', 'bot_message', 'tombstone')
),

parents as (
    select channel_id, ts, user_id from deduplicated where user_id is not null
),

replies as (
    select
        'reply' as kind, a.user_id as src, coalesce(a.parent_user_id, p.user_id) as dst, a.post_id, a.created_at
    from authored a
    left join parents p on p.channel_id = a.channel_id and p.ts = a.thread_ts
    where a.thread_ts is not null and a.thread_ts <> a.ts
),

mentions as (
    select
        case when is_recognition(text) then 'recognition' else 'mention' end as kind,
        user_id as src, m.dst, post_id, created_at
    from authored,
         unnest(list_distinct(regexp_extract_all(text, '<@([UW][A-Z0-9]+)(?:\|[^>]*)?>', 1))) as m(dst)
),

reactions as (
    select 'reaction' as kind, r.src, a.user_id as dst, a.post_id, a.created_at
    from authored a,
         unnest(list_distinct(flatten(
             list_transform(json_extract(a.reactions, '$[*].users')::VARCHAR[][], lambda u: coalesce(u, []))
         ))) as r(src)
    where a.reactions is not null
),

final as (
    select 'slack' as platform, kind, src as src_account_id, dst as dst_account_id, post_id, created_at
    from (
        select * from replies
        union all select * from mentions
        union all select * from reactions
    )
    where dst is not null and src <> dst
)

select * from final
