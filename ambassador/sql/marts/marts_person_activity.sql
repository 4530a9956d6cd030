-- What each (non-opted-out) employee did in the analysis window, across platforms.
with

people as (
    select * from stg_people where not opt_out
),

identity as (
    select * from stg_identity
),

posts as (
    select p.*, i.employee_id
    from stg_posts p
    join identity i using (platform, account_id)
    where p.created_at > $as_of::DATE - to_days($window_days::INTEGER)
      and p.created_at < $as_of::DATE + INTERVAL 1 DAY
      and p.kind <> 'system'
),

acts as (
    select x.kind, x.created_at, s.employee_id as src, d.employee_id as dst
    from stg_interactions x
    join identity s on s.platform = x.platform and s.account_id = x.src_account_id
    join identity d on d.platform = x.platform and d.account_id = x.dst_account_id
    where x.created_at > $as_of::DATE - to_days($window_days::INTEGER)
      and x.created_at < $as_of::DATE + INTERVAL 1 DAY
      and s.employee_id <> d.employee_id
),

post_counts as (
    select
        employee_id,
        count(*) filter (where is_intranet(platform) and kind in ('post', 'reply', 'quote')) as posts,
        count(*) filter (where kind = 'reply') as replies,
        count(distinct date_trunc('week', created_at)) as active_weeks,
        count(*) filter (where not is_intranet(platform) and kind in ('post', 'reply', 'quote')) as public_posts
    from posts
    group by employee_id
),

given as (
    select src as employee_id, count(distinct dst) as n from acts where kind = 'recognition' group by 1
),

received as (
    select dst as employee_id, count(distinct src) as n from acts where kind = 'recognition' group by 1
),

engaged as (
    -- engagement colleagues gave them: acts, and the distinct weeks it came in
    select
        dst as employee_id,
        count(*) as acts_received,
        count(distinct date_trunc('week', created_at)) as engaged_weeks
    from acts
    group by 1
),

helped as (
    -- colleagues whose posts they replied to (answering, joining their threads)
    select src as employee_id, count(distinct dst) as n from acts where kind = 'reply' group by 1
),

final as (
    select
        p.employee_id,
        coalesce(c.posts, 0) as posts,
        coalesce(c.replies, 0) as replies,
        coalesce(g.n, 0) as recognitions_given,
        coalesce(r.n, 0) as recognitions_received,
        coalesce(c.active_weeks, 0) as active_weeks,
        coalesce(c.public_posts, 0) as public_posts,
        coalesce(e.acts_received, 0) as acts_received,
        coalesce(e.engaged_weeks, 0) as engaged_weeks,
        coalesce(h.n, 0) as colleagues_helped
    from people p
    left join post_counts c using (employee_id)
    left join given g using (employee_id)
    left join received r using (employee_id)
    left join engaged e using (employee_id)
    left join helped h using (employee_id)
)

select * from final
