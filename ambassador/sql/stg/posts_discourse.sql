-- Discourse posts as canonical posts (discourse_posts_current): regular posts of public topics,
-- replies (any post after the topic's first), moderator and small actions as 'system'.
-- Deleted and hidden posts are left out. Permalinks are absolute when a user archive gave the
-- forum's base URL ({base}/t/{slug}/{topic_id}/{post_number}), otherwise relative.
with

current_posts as (
    select * from discourse_posts_current
),

base_url as (
    select min(regexp_extract(url, '^(https?://.+?)/t/[^/]*/[0-9]+/[0-9]+/?$', 1)) as base
    from raw_discourse_posts
    where origin = 'user_archive' and regexp_matches(coalesce(url, ''), '^https?://.+?/t/[^/]*/[0-9]+/[0-9]+/?$')
),

parents as (
    select topic_id, post_number, post_key from current_posts
),

final as (
    select
        'discourse:' || c.post_key as post_id,
        'discourse' as platform,
        c.user_id as account_id,
        coalesce(nullif(c.topic_title, ''), c.topic_slug, 'topic ' || c.topic_id) as context,
        c.created_utc as created_at,
        case
            when c.post_type is not null and c.post_type <> 1 then 'system'
            when c.post_number > 1 then 'reply'
            else 'post'
        end as kind,
        case when c.post_number > 1 and coalesce(c.post_type, 1) = 1 then 'discourse:' || p.post_key end as parent_post_id,
        coalesce(c.text, '') as text,
        coalesce(b.base, '') || '/t/' || coalesce(nullif(c.topic_slug, ''), 'topic') || '/' || c.topic_id
            || '/' || c.post_number as permalink,
        c.like_count as likes,
        null::BIGINT as reshares
    from current_posts as c
    cross join base_url as b
    left join parents as p
        on p.topic_id = c.topic_id and p.post_number = coalesce(c.reply_to_post_number, 1)
    where not c.is_deleted and not c.hidden
)

select * from final
