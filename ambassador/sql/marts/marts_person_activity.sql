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
    -- chosen engagement between colleagues (marts_acts without the acknowledgements)
    select kind, created_at, src_employee_id as src, dst_employee_id as dst
    from marts_acts
    where not obliged
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

recognition_weeks as (
    -- (colleague, week) pairs of thanks given or received: recognition week after week
    select employee_id, count(distinct (other, week)) as n
    from (
        select src as employee_id, dst as other, date_trunc('week', created_at) as week from acts where kind = 'recognition'
        union all
        select dst, src, date_trunc('week', created_at) from acts where kind = 'recognition'
    )
    group by 1
),

engaged as (
    -- engagement colleagues gave them: acts, and the distinct weeks it came in
    select
        dst as employee_id,
        count(*) as acts_received,
        count(distinct date_trunc('week', created_at)) as engaged_weeks,
        count(distinct (src, date_trunc('week', created_at))) as engager_weeks
    from acts
    group by 1
),

reception as (
    -- what the named reactions to their posts say (reaction_family), acknowledgements included:
    -- an audience that only acknowledges is part of the picture
    select
        dst_employee_id as employee_id,
        count(*) filter (where reaction_family(reaction) is not null) as reactions_named,
        count(*) filter (where reaction_family(reaction) = 'appreciation') as reactions_appreciative,
        count(*) filter (where reaction_family(reaction) = 'acknowledgement') as reactions_acknowledging,
        count(*) filter (where reaction_family(reaction) = 'dissent') as reactions_dissenting
    from marts_acts
    where kind = 'reaction'
    group by 1
),

acknowledged as (
    -- reactions and wordless replies they were owed rather than given (marts_acts.obliged)
    select dst_employee_id as employee_id, count(*) as n from marts_acts where obliged group by 1
),

helped as (
    -- colleagues whose posts they replied to (answering, joining their threads)
    select src as employee_id, count(distinct dst) as n, count(distinct (dst, date_trunc('week', created_at))) as weeks
    from acts where kind = 'reply' group by 1
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
        coalesce(h.n, 0) as colleagues_helped,
        coalesce(e.engager_weeks, 0) as engager_weeks,
        coalesce(h.weeks, 0) as helped_weeks,
        coalesce(rw.n, 0) as recognition_weeks,
        coalesce(k.n, 0) as acknowledgements_received,
        coalesce(rc.reactions_named, 0) as reactions_named,
        coalesce(rc.reactions_appreciative, 0) as reactions_appreciative,
        coalesce(rc.reactions_acknowledging, 0) as reactions_acknowledging,
        coalesce(rc.reactions_dissenting, 0) as reactions_dissenting
    from people p
    left join post_counts c using (employee_id)
    left join given g using (employee_id)
    left join received r using (employee_id)
    left join engaged e using (employee_id)
    left join helped h using (employee_id)
    left join acknowledged k using (employee_id)
    left join recognition_weeks rw using (employee_id)
    left join reception rc using (employee_id)
)

select * from final
