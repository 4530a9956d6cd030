-- Who engaged with whom in Slack public channels: thread replies (to the thread's author),
-- mentions (recognition when the message thanks or praises), and reactions (one per reacting user,
-- with the name of the first reaction the export lists for them: 'tada', '+1', without colons or
-- skin tone).
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

reaction_users as (
    -- one row per message, reaction and reacting user, in the export's order
    select
        a.post_id, a.user_id as dst, a.created_at, u.src, r.position as reaction_position, u.position as user_position,
        nullif(trim(regexp_replace(r.item ->> 'name', '::skin-tone-[0-9]+', '', 'g'), ':'), '') as reaction
    from authored a,
         unnest(json_extract(a.reactions, '$[*]')) with ordinality as r(item, position),
         unnest(coalesce(try_cast(r.item -> 'users' as VARCHAR[]), [])) with ordinality as u(src, position)
    where a.reactions is not null
),

reactions as (
    select 'reaction' as kind, src, dst, post_id, created_at, reaction
    from reaction_users
    where src is not null
    qualify row_number() over (partition by post_id, src order by reaction_position, user_position) = 1
),

final as (
    select 'slack' as platform, kind, src as src_account_id, dst as dst_account_id, post_id, created_at, reaction
    from (
        select * from replies
        union all by name select * from mentions
        union all by name select * from reactions
    )
    where dst is not null and src <> dst
)

select * from final
