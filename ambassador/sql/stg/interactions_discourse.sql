-- Who engaged with whom on Discourse (discourse_posts_current, likes.csv of user archives):
--   reply        author -> the author of the post replied to (reply_to_post_number within the
--                topic; a later post without one answers the topic's first post), else the
--                reply_to_user username;
--   mention      author -> each user linked as a mention ('recognition' when the post thanks
--                or praises);
--   reaction     a like in an archive's likes.csv -> the liked post's author (when a loaded
--                post tells who that is; withdrawn likes are skipped); reaction 'like'.
-- Usernames resolve to user ids through the latest user records and posts. The API gives
-- only like counts (stg_posts.likes), not who liked. No self-interactions.
with

current_posts as (
    select * from discourse_posts_current
),

visible as (
    select * from current_posts
    where not is_deleted and not hidden and coalesce(post_type, 1) = 1
),

known_usernames as (
    select handle, user_id
    from (
        select lower(username) as handle, user_id, 0 as rank_group, null::TIMESTAMP as seen_at, _file_sha256, _record
        from raw_discourse_users
        union all
        select lower(username), user_id, 1, timezone('UTC', try_cast(created_at as TIMESTAMPTZ)), _file_sha256, _record
        from raw_discourse_posts
        where username is not null and user_id is not null
    )
    where handle is not null and handle <> ''
    qualify row_number() over (
        partition by handle order by rank_group, seen_at desc nulls last, _file_sha256, _record, user_id
    ) = 1
),

replies as (
    select
        'reply' as kind,
        v.user_id as src,
        coalesce(p.user_id, k.user_id) as dst,
        'discourse:' || v.post_key as post_id,
        v.created_utc as created_at
    from visible as v
    left join current_posts as p
        on p.topic_id = v.topic_id and p.post_number = coalesce(v.reply_to_post_number, 1)
    left join known_usernames as k on k.handle = lower(v.reply_to_username)
    where v.post_number > 1
),

mentions as (
    select distinct
        case when is_recognition(v.text) then 'recognition' else 'mention' end as kind,
        v.user_id as src,
        k.user_id as dst,
        'discourse:' || v.post_key as post_id,
        v.created_utc as created_at
    from visible as v,
        unnest(coalesce(v.mentions, []::VARCHAR[])) as m(handle)
    join known_usernames as k on k.handle = m.handle
),

likes as (
    select * from raw_discourse_likes
    where deleted_at is null
    qualify row_number() over (
        partition by user_id, post_id order by _file_sha256, _member, _record
    ) = 1
),

reactions as (
    select
        'reaction' as kind,
        l.user_id as src,
        p.user_id as dst,
        'discourse:' || p.post_key as post_id,
        coalesce(timezone('UTC', try_cast(l.created_at as TIMESTAMPTZ)), p.created_utc) as created_at,
        'like' as reaction
    from likes as l
    join visible as p
        on (l.topic_id is not null and p.topic_id = l.topic_id and p.post_number = l.post_number)
        or (l.topic_id is null and p.post_id = l.post_id)
),

final as (
    select 'discourse' as platform, kind, src as src_account_id, dst as dst_account_id, post_id, created_at, reaction
    from (
        select * from replies
        union all by name select * from mentions
        union all by name select * from reactions
    )
    where dst is not null and src is not null and src <> dst
)

select * from final
