-- Every public post (and reshare) of an employee who did not opt out, in the analysis window,
-- with its brand signals and its engagement normalised per platform. Only public platforms
-- count (not is_intranet).
--   brand handles: temp table _brand_handles(platform, handle), built by brand.stage_brand from
--     [organization] brand_handles (normalised per platform) plus the ids of the brand's own
--     accounts (a Bluesky mention facet may carry only the DID);
--   $brand_hashtags: lower-case, without '#'; $brand_domains: lower-case hosts (a link to the
--     domain or any sub-domain counts).
-- A brand mention, hashtag or link counts in original posts only (a reshare carries someone
-- else's words); quotes and reshares of the brand's posts are flagged apart. platform_pct is
-- the percentile of log(1 + engagement) among the window's original posts with counts on the
-- same platform, so one platform's scale cannot drown the others.
with

identity as (
    -- one employee per account, never one who opted out
    select * from stg_identity
),

brand as (
    select distinct platform, handle from _brand_handles
),

posts as (
    select p.*, i.employee_id
    from stg_posts as p
    join identity as i using (platform, account_id)
    where not is_intranet(p.platform)
      and p.kind in ('post', 'reply', 'quote', 'reshare')
      and p.created_at > $as_of::DATE - to_days($window_days::INTEGER)
      and p.created_at < $as_of::DATE + INTERVAL 1 DAY
),

flagged as (
    select
        p.*,
        p.kind <> 'reshare' as original,
        p.kind <> 'reshare' and exists (
            select 1 from brand as b
            where b.platform = p.platform and list_contains(coalesce(p.mentions, []), b.handle)
        ) as mentions_brand,
        p.kind <> 'reshare' and len(list_intersect(coalesce(p.hashtags, []), $brand_hashtags::VARCHAR[])) > 0 as tags_brand,
        p.kind <> 'reshare' and len(list_filter(coalesce(p.links, []), lambda u: len(list_filter(
            $brand_domains::VARCHAR[], lambda d: url_host(u) = d or ends_with(url_host(u), '.' || d)
        )) > 0)) > 0 as links_brand,
        p.kind in ('reshare', 'quote') and exists (
            select 1 from brand as b where b.platform = p.platform and b.handle = p.ref_handle
        ) as refs_brand,
        case when coalesce(p.likes, p.reshares, p.replies, p.quotes) is not null
            then coalesce(p.likes, 0) + coalesce(p.reshares, 0) + coalesce(p.replies, 0) + coalesce(p.quotes, 0)
        end as engagement
    from posts as p
),

with_pct as (
    select
        f.*,
        case when f.original and f.engagement is not null then percent_rank() over (
            partition by f.platform, f.original and f.engagement is not null order by ln(1 + f.engagement)
        ) end as platform_pct
    from flagged as f
),

final as (
    select
        employee_id, post_id, platform, kind, created_at, original,
        mentions_brand, tags_brand, links_brand, refs_brand,
        original and (mentions_brand or tags_brand or links_brand or refs_brand) as brand_post,
        engagement, platform_pct
    from with_pct
)

select * from final order by employee_id, post_id
