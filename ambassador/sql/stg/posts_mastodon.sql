-- Mastodon public and unlisted statuses as canonical public posts (mastodon_statuses_current).
-- Boosts are reshares (the archive keeps only the boosted URI: no text); text is the content
-- HTML reduced to text at load. Likes, reshares and replies are known for REST statuses only.
-- Links are the content's hrefs that are neither mentions nor hashtags; ref_handle is the
-- boosted or quoted author (user@host from their URI).
with

deduplicated as (
    select * from mastodon_statuses_current
),

final as (
    select
        'mastodon:' || id as post_id,
        'mastodon' as platform,
        account_id,
        'public' as context,
        created_utc as created_at,
        kind,
        case when in_reply_to_id is not null then 'mastodon:' || in_reply_to_id end as parent_post_id,
        text,
        coalesce(url, reblog_of_id) as permalink,
        likes,
        reshares,
        try_cast(record ->> 'replies_count' as BIGINT) as replies,
        try_cast(record ->> 'quotes_count' as BIGINT) as quotes,
        list_sort(list_distinct(list_filter(
            list_transform(
                case when json_type(mentions) = 'ARRAY' then mentions::JSON[] end,
                lambda m: normalize_handle('mastodon', m ->> 'handle')
            ),
            lambda h: h is not null
        ))) as mentions,
        list_sort(list_distinct(list_transform(hashtags, lambda h: lower(ltrim(h, '#'))))) as hashtags,
        case when kind <> 'reshare' then list_filter(
            regexp_extract_all(coalesce(record ->> 'content', ''), 'href="(https?://[^"]+)"', 1),
            lambda u: not regexp_matches(u, '/(?:@[^/]+|tags/[^/]+|users/[^/]+)/?$', 'i')
        ) end as links,
        case
            when kind = 'reshare' then coalesce(mastodon_uri_handle(reblog_account_id), mastodon_uri_handle(reblog_of_id))
            when kind = 'quote' then coalesce(mastodon_uri_handle(quoted_account_id), mastodon_uri_handle(quoted_uri))
        end as ref_handle
    from deduplicated
)

select * from final
