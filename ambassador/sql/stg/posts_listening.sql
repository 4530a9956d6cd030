-- Social-listening mentions as canonical public posts (listening_current: deduplicated, and
-- without the posts a platform's own export holds), on the post's platform (x, bluesky ...),
-- post_id 'listening:<record_key>'. The title, when there is one and it is not just the start
-- of the text, comes before the text; links are removed from the text (they are in links).
-- Counts are the vendor's, when exported.
with

mentions as (
    select * from listening_current
),

final as (
    select
        'listening:' || record_key as post_id,
        platform,
        account_id,
        'public' as context,
        created_at,
        kind,
        null::VARCHAR as parent_post_id,
        trim(regexp_replace(regexp_replace(
            case when title is not null and not starts_with(coalesce(text, ''), title)
                then concat_ws(chr(10) || chr(10), title, text) else coalesce(text, '') end,
            'https?://\S+', '', 'g'), '[ \t]+', ' ', 'g')) as text,
        url as permalink,
        likes,
        reshares,
        replies,
        quotes,
        mentions,
        hashtags,
        links,
        ref_handle
    from mentions
)

select * from final
