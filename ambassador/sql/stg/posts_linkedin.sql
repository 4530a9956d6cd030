-- LinkedIn public posts: shares (kind 'post', or 'reshare' when the commentary is empty: a bare
-- repost) and the owner's comments (kind 'reply', parent = the commented post's urn). LinkedIn
-- exports give no like or reshare counts.
with

deduplicated as (
    select * from linkedin_posts_current
),

final as (
    select
        post_id,
        'linkedin' as platform,
        account_id,
        'public' as context,
        created_utc as created_at,
        kind,
        case when parent_urn is not null then 'linkedin:' || parent_urn end as parent_post_id,
        trim(regexp_replace(regexp_replace(coalesce(text, ''), 'https?://\S+', '', 'g'), '[ \t]+', ' ', 'g')) as text,
        case when regexp_matches(link, '^https?://') then link end as permalink,
        null::BIGINT as likes,
        null::BIGINT as reshares
    from deduplicated
)

select * from final
