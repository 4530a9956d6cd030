-- Mastodon public and unlisted statuses as canonical public posts (mastodon_statuses_current).
-- Boosts are reshares (the archive keeps only the boosted URI: no text); text is the content
-- HTML reduced to text at load. Likes and reshares are known for REST statuses only.
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
        reshares
    from deduplicated
)

select * from final
