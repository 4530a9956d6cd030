-- LinkedIn public posts: shares (kind 'post', or 'reshare' when the commentary is empty: a bare
-- repost; 'quote' when commentary accompanies a shared LinkedIn post: "repost with your
-- thoughts") and the owner's comments (kind 'reply', parent = the commented post's urn).
-- LinkedIn exports give no like or reshare counts, and no structured mentions (a mention is
-- plain name text). Hashtags and links come from the text, plus the shared URL. A reshare or
-- quote of a page's post (SharedUrl linkedin.com/posts/<page>_... or /company/<page>/...) has
-- ref_handle <page>; a shared post known only by its feed/update urn has none.
with

deduplicated as (
    select * from linkedin_posts_current
),

classified as (
    select
        *,
        regexp_matches(coalesce(shared_url, ''),
            '^https?://(?:[a-z]{2,3}\.|www\.)?linkedin\.com/(?:posts/|feed/update/|company/[^/?#]+/posts)', 'i') as shares_a_post,
        lower(coalesce(
            regexp_extract(shared_url, '^https?://(?:[a-z]{2,3}\.|www\.)?linkedin\.com/posts/([^/_?#]+)_', 1, 'i'),
            regexp_extract(shared_url, '^https?://(?:[a-z]{2,3}\.|www\.)?linkedin\.com/company/([^/?#]+)/', 1, 'i')
        )) as shared_author
    from deduplicated
),

final as (
    select
        post_id,
        'linkedin' as platform,
        account_id,
        'public' as context,
        created_utc as created_at,
        case when kind = 'post' and shares_a_post then 'quote' else kind end as kind,
        case when parent_urn is not null then 'linkedin:' || parent_urn end as parent_post_id,
        trim(regexp_replace(regexp_replace(coalesce(text, ''), 'https?://\S+', '', 'g'), '[ \t]+', ' ', 'g')) as text,
        case when regexp_matches(link, '^https?://') then link end as permalink,
        null::BIGINT as likes,
        null::BIGINT as reshares,
        text_hashtags(text) as hashtags,
        list_sort(list_distinct(list_concat(
            text_links(text),
            case when regexp_matches(coalesce(shared_url, ''), '^https?://') then [shared_url] else [] end
        ))) as links,
        case when kind = 'reshare' or (kind = 'post' and shares_a_post) then nullif(shared_author, '') end as ref_handle
    from classified
)

select * from final
