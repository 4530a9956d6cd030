-- Bluesky feed entries as canonical public posts, one row per entry (bluesky_feed_current).
-- A repost is a 'reshare' by the reposter, dated when reposted, carrying the reposted text;
-- like and repost counts are the original post's, so a reshare has none. Links are removed
-- from the text.
with

entries as (
    select * from bluesky_feed_current
),

final as (
    select
        'bluesky:' || item_key as post_id,
        'bluesky' as platform,
        actor_did as account_id,
        'public' as context,
        acted_utc as created_at,
        kind,
        case when kind = 'reply' and reply_parent_uri is not null then 'bluesky:' || reply_parent_uri end as parent_post_id,
        trim(regexp_replace(regexp_replace(text, 'https?://\S+', '', 'g'), '[ \t]+', ' ', 'g')) as text,
        'https://bsky.app/profile/' || author_did || '/post/' || regexp_extract(uri, '/([^/]+)$', 1) as permalink,
        case when kind <> 'reshare' then like_count end as likes,
        case when kind <> 'reshare' then repost_count end as reshares
    from entries
)

select * from final
