-- Bluesky feed entries as canonical public posts, one row per entry (bluesky_feed_current).
-- A repost is a 'reshare' by the reposter, dated when reposted, carrying the reposted text;
-- like and repost counts are the original post's, so a reshare has none. Links are removed
-- from the text. Mentions are the mention facets' handles (the DID when the facet text is no
-- handle), hashtags the tag facets and record tags, links the link facets; ref_handle is the
-- reposted or quoted author.
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
        case when kind <> 'reshare' then repost_count end as reshares,
        case when kind <> 'reshare' then reply_count end as replies,
        case when kind <> 'reshare' then quote_count end as quotes,
        case when kind <> 'reshare' then list_sort(list_distinct(list_filter(
            list_transform(
                case when json_type(mentions) = 'ARRAY' then mentions::JSON[] end,
                lambda m: coalesce(normalize_handle('bluesky', m ->> 'text'), normalize_handle('bluesky', m ->> 'did'))
            ),
            lambda h: h is not null
        ))) end as mentions,
        case when kind <> 'reshare' then list_sort(list_distinct(list_transform(
            case when json_type(tags) = 'ARRAY' then tags::VARCHAR[] end,
            lambda h: lower(ltrim(h, '#'))
        ))) end as hashtags,
        case when kind <> 'reshare' and json_type(links) = 'ARRAY' then links::VARCHAR[] end as links,
        case
            when kind = 'reshare' then coalesce(normalize_handle('bluesky', author_handle), author_did)
            when kind = 'quote' then coalesce(normalize_handle('bluesky', quoted_handle), quoted_did)
        end as ref_handle
    from entries
)

select * from final
