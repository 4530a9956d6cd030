-- Public social activity per employee (who did not opt out) in the analysis window: brand
-- advocacy and external reach, from marts_public_posts (one row per public post, with its
-- brand flags and per-platform engagement percentile). A person's reach is the mean
-- percentile over their posts with counts, shrunk toward the middle (0.5) by $prior_posts
-- posts. external_engagers: distinct accounts seen replying to, mentioning, resharing,
-- quoting or liking (Mastodon archives' likes.json) them on public platforms.
with

people as (
    select employee_id from stg_people where not opt_out
),

public_posts as (
    select * from marts_public_posts
),

identity as (
    select * from stg_identity
),

counts as (
    select
        employee_id,
        list_sort(list_distinct(list(platform))) as platforms,
        count(*) filter (where original) as original_posts,
        count(*) filter (where not original) as reshares,
        count(*) filter (where mentions_brand) as brand_mentions,
        count(*) filter (where tags_brand) as brand_hashtags,
        count(*) filter (where links_brand) as brand_links,
        count(*) filter (where refs_brand and kind = 'quote') as brand_quotes,
        count(*) filter (where refs_brand and kind = 'reshare') as brand_reshares,
        count(*) filter (where brand_post) as brand_posts
    from public_posts
    group by employee_id
),

brand_posts as (
    select
        employee_id,
        list(post_id order by coalesce(engagement, -1) desc, created_at desc, post_id)[1:3] as brand_post_ids,
        list_sort(list_distinct(list(platform))) as brand_platforms
    from public_posts
    where brand_post
    group by employee_id
),

reach as (
    select
        employee_id,
        count(*) as scored_posts,
        sum(engagement) as engagement,
        avg(platform_pct) as reach_raw,
        (sum(platform_pct) + $prior_posts::DOUBLE * 0.5) / (count(*) + $prior_posts::DOUBLE) as external_reach,
        list_sort(list_distinct(list(platform))) as reach_platforms
    from public_posts
    where platform_pct is not null
    group by employee_id
),

engagers as (
    select d.employee_id, count(distinct (x.platform, x.src_account_id)) as external_engagers
    from stg_interactions as x
    join identity as d on d.platform = x.platform and d.account_id = x.dst_account_id
    left join identity as s on s.platform = x.platform and s.account_id = x.src_account_id
    where not is_intranet(x.platform)
      and s.employee_id is distinct from d.employee_id
      and x.created_at > $as_of::DATE - to_days($window_days::INTEGER)
      and x.created_at < $as_of::DATE + INTERVAL 1 DAY
    group by d.employee_id
),

final as (
    select
        p.employee_id,
        coalesce(c.platforms, []::VARCHAR[]) as platforms,
        coalesce(c.original_posts, 0) as original_posts,
        coalesce(c.reshares, 0) as reshares,
        case when c.original_posts + c.reshares > 0 then c.original_posts / (c.original_posts + c.reshares) end as originality,
        coalesce(c.brand_mentions, 0) as brand_mentions,
        coalesce(c.brand_hashtags, 0) as brand_hashtags,
        coalesce(c.brand_links, 0) as brand_links,
        coalesce(c.brand_quotes, 0) as brand_quotes,
        coalesce(c.brand_reshares, 0) as brand_reshares,
        coalesce(c.brand_posts, 0) as brand_posts,
        coalesce(b.brand_post_ids, []::VARCHAR[]) as brand_post_ids,
        coalesce(b.brand_platforms, []::VARCHAR[]) as brand_platforms,
        coalesce(r.scored_posts, 0) as scored_posts,
        coalesce(r.engagement, 0) as engagement,
        r.reach_raw,
        r.external_reach,
        coalesce(r.reach_platforms, []::VARCHAR[]) as reach_platforms,
        coalesce(e.external_engagers, 0) as external_engagers
    from people as p
    left join counts as c using (employee_id)
    left join brand_posts as b using (employee_id)
    left join reach as r using (employee_id)
    left join engagers as e using (employee_id)
)

select * from final order by employee_id
