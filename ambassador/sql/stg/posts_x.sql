-- X tweets as canonical public posts. One row per tweet id (x_tweets_current).
-- Retweets are
-- only "RT @user: ..." text; a tweet linking to another tweet's status URL is a quote. Text is
-- HTML-unescaped with links removed. Mentions, hashtags and links come from the tweet's
-- entities (links expanded); ref_handle is the retweeted or quoted author. Archives carry no
-- reply or quote counts.
with

deduplicated as (
    select * from x_tweets_current
),

owners as (
    select * from raw_x_accounts
),

classified as (
    select
        d.*,
        o.username,
        regexp_matches(d.full_text, '^RT @[A-Za-z0-9_]+:') as is_reshare,
        list_filter(
            json_extract_string(d.record, '$.entities.urls[*].expanded_url'),
            lambda url: url is not null
        ) as expanded_urls,
        list_filter(
            json_extract_string(d.record, '$.entities.urls[*].expanded_url'),
            lambda url: regexp_matches(url, '^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/[A-Za-z0-9_]{1,15}/status(?:es)?/[0-9]+', 'i')
        ) as status_links,
        -- &amp; last, so "&amp;lt;" becomes "&lt;" as written
        replace(replace(replace(replace(replace(
            d.full_text, '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&') as unescaped
    from deduplicated as d
    left join owners as o on o.account_id = d.account_id and o._file_sha256 = d._file_sha256
),

final as (
    select
        'x:' || id as post_id,
        'x' as platform,
        account_id,
        'public' as context,
        created_utc as created_at,
        case
            when is_reshare then 'reshare'
            when in_reply_to_user_id is not null then 'reply'
            when len(status_links) > 0 then 'quote'
            else 'post'
        end as kind,
        case when in_reply_to_status_id is not null then 'x:' || in_reply_to_status_id end as parent_post_id,
        trim(regexp_replace(regexp_replace(unescaped, 'https?://\S+', '', 'g'), '[ \t]+', ' ', 'g')) as text,
        case
            when username is not null then 'https://x.com/' || username || '/status/' || id
            else 'https://x.com/i/web/status/' || id
        end as permalink,
        try_cast(favorite_count as BIGINT) as likes,
        try_cast(retweet_count as BIGINT) as reshares,
        null::BIGINT as replies,
        null::BIGINT as quotes,
        list_sort(list_distinct(list_filter(
            list_transform(json_extract_string(user_mentions, '$[*].screen_name'), lambda m: normalize_handle('x', m)),
            lambda m: m is not null
        ))) as mentions,
        list_sort(list_distinct(list_transform(
            list_filter(json_extract_string(record, '$.entities.hashtags[*].text'), lambda h: h is not null),
            lambda h: lower(h)
        ))) as hashtags,
        expanded_urls as links,
        case
            when is_reshare then normalize_handle('x', regexp_extract(full_text, '^RT @([A-Za-z0-9_]+):', 1))
            when in_reply_to_user_id is null and len(status_links) > 0
                then normalize_handle('x', regexp_extract(status_links[1], '\.com/([A-Za-z0-9_]{1,15})/status', 1, 'i'))
        end as ref_handle
    from classified
)

select * from final
