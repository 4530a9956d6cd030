-- Who engaged with whom in Teams channels: replies (to the root message's author), mentions
-- (<at id="n"> in the body joined to mentions[].id; recognition when the message thanks or
-- praises) and reactions (one per reacting user, with the reactionType of their first reaction:
-- like, heart, laugh ... or an emoji). Only people's messages act: system events and bots never do.
with

deduplicated as (
    select * from teams_messages_current
),

authored as (
    select
        *,
        'teams:' || channel_id || ':' || id as post_id
    from deduplicated
    where from_user_id is not null
      and coalesce(message_type, 'message') = 'message'
),

replies as (
    select 'reply' as kind, a.from_user_id as src, p.from_user_id as dst, a.post_id, a.created_utc as created_at
    from authored a
    join deduplicated p
        on coalesce(p.team_id, '') = coalesce(a.team_id, '') and p.channel_id = a.channel_id and p.id = a.reply_to_id
    where a.reply_to_id is not null and a.reply_to_id <> a.id
),

body_ids as (
    -- the <at id="n"> tags of the body (ids as text)
    select post_id, list_distinct(regexp_extract_all(body_content, '<at\b[^>]*\bid="?([0-9]+)', 1)) as at_ids
    from authored
    where body_content is not null
),

mention_items as (
    select a.post_id, a.from_user_id, a.body_text, a.created_utc, b.at_ids, unnest(CAST(a.mentions AS JSON[])) as m
    from authored a
    join body_ids b using (post_id)
    where json_array_length(a.mentions) > 0
),

mentions as (
    select distinct
        case when is_recognition(body_text) then 'recognition' else 'mention' end as kind,
        from_user_id as src,
        m->'mentioned'->'user'->>'id' as dst,
        post_id,
        created_utc as created_at
    from mention_items
    where list_contains(at_ids, m->>'id')
      and m->'mentioned'->'user'->>'id' is not null
),

reactions as (
    -- one per reacting user, however many reaction types they used, at their first reaction
    select
        'reaction' as kind, src, any_value(dst) as dst, post_id, min(created_at) as created_at,
        first(reaction order by created_at, position) as reaction
    from (
        select a.post_id, a.from_user_id as dst, t.r->'user'->'user'->>'id' as src, t.position,
               nullif(trim(t.r->>'reactionType'), '') as reaction,
               coalesce(timezone('UTC', try_cast(t.r->>'createdDateTime' as TIMESTAMPTZ)), a.created_utc) as created_at
        from authored a, unnest(CAST(a.reactions AS JSON[])) with ordinality as t(r, position)
        where json_array_length(a.reactions) > 0
    )
    group by post_id, src
),

final as (
    select 'teams' as platform, kind, src as src_account_id, dst as dst_account_id, post_id, created_at, reaction
    from (
        select * from replies
        union all by name select * from mentions
        union all by name select * from reactions
    )
    where src is not null and dst is not null and src <> dst
)

select * from final
