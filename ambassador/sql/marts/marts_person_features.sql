-- Every feature the ranking reads, one row per employee who did not opt out (those without
-- activity get zeros): intranet activity, the interaction graph, culture fit, public signals,
-- account facts for eligibility, and bridging.
--
-- bridging is the participation coefficient of a person's ties over departments:
--     1 - sum over departments d of (w_d / w)^2
-- where w_d is the engagement weight (marts_edges, both directions) exchanged with colleagues
-- of department d and w all of it. 0 = every tie in one department; close to 1 = ties spread
-- evenly over many. Colleagues without a department do not count.
-- window_weeks: the analysis window in weeks; weeks_present: the weeks of the window since they
-- joined (hire_date), at least 1 (consistency = engaged_weeks / weeks_present).
-- left_on: the leaving date when it is on or before as_of (eligibility: "left the company");
-- leaving_date_unreadable: the directory gives a leaving date that is no date (never ranked
-- until it is fixed: such a person has probably left).
with

people as (
    select * from stg_people where not opt_out
),

activity as (
    select * from marts_person_activity
),

graph as (
    select * from marts_graph_features
),

culture as (
    select * from marts_culture
),

public_signals as (
    select * from marts_public_signals
),

identity as (
    select * from stg_identity
),

accounts as (
    select * from stg_accounts
),

edges as (
    select * from marts_edges
),

leaving_dates as (
    -- the leaving date as the directory wrote it, to tell "no date" from "a date we cannot read"
    select employee_id, max(nullif(trim(left_on), '')) as written
    from raw_directory
    group by 1
),

linked as (
    select
        i.employee_id,
        count(*) as linked_accounts,
        count(*) filter (where a.is_guest) as guest_accounts
    from identity i
    left join accounts a using (platform, account_id)
    group by 1
),

ties as (
    -- engagement weight exchanged with each colleague, in either direction
    select src_employee_id as employee_id, dst_employee_id as other, weight from edges
    union all
    select dst_employee_id as employee_id, src_employee_id as other, weight from edges
),

by_department as (
    select t.employee_id, o.department, sum(t.weight) as w
    from ties t
    join people o on o.employee_id = t.other
    where o.department is not null
    group by 1, 2
),

bridging as (
    select employee_id, 1 - sum(w * w) / (sum(w) * sum(w)) as bridging
    from by_department
    group by 1
    having sum(w) > 0
),

final as (
    select
        p.employee_id,
        p.full_name,
        p.email,
        p.department,
        p.title,
        p.location,
        coalesce(a.posts, 0) as posts,
        coalesce(a.replies, 0) as replies,
        coalesce(a.recognitions_given, 0) as recognitions_given,
        coalesce(a.recognitions_received, 0) as recognitions_received,
        coalesce(a.active_weeks, 0) as active_weeks,
        coalesce(a.acts_received, 0) as acts_received,
        coalesce(a.engaged_weeks, 0) as engaged_weeks,
        coalesce(a.colleagues_helped, 0) as colleagues_helped,
        coalesce(a.engager_weeks, 0) as engager_weeks,
        coalesce(a.helped_weeks, 0) as helped_weeks,
        coalesce(a.recognition_weeks, 0) as recognition_weeks,
        greatest(1, round($window_days::DOUBLE / 7))::BIGINT as window_weeks,
        greatest(1, least(
            round($window_days::DOUBLE / 7),
            ceil(date_diff('day', greatest(p.hire_date, $as_of::DATE - to_days($window_days::INTEGER)), $as_of::DATE + 1) / 7.0)
        ))::BIGINT as weeks_present,
        coalesce(a.acknowledgements_received, 0) as acknowledgements_received,
        coalesce(a.reactions_named, 0) as reactions_named,
        coalesce(a.reactions_appreciative, 0) as reactions_appreciative,
        coalesce(a.reactions_acknowledging, 0) as reactions_acknowledging,
        coalesce(a.reactions_dissenting, 0) as reactions_dissenting,
        c.culture_fit,
        coalesce(c.posts_scored, 0) as posts_scored,
        coalesce(c.top_post_ids, []::VARCHAR[]) as top_post_ids,
        c.public_culture_fit,
        coalesce(c.public_posts_scored, 0) as public_posts_scored,
        c.tone,
        coalesce(c.tone_posts, 0) as tone_posts,
        coalesce(c.negative_posts, 0) as negative_posts,
        coalesce(c.posts_unjudged, 0) as posts_unjudged,
        coalesce(c.ironic_posts, 0) as ironic_posts,
        c.language,
        coalesce(g.pagerank, 0) as pagerank,
        coalesce(g.engagers, 0) as engager_count,
        coalesce(g.engaged, 0) as engaged_count,
        coalesce(g.departments_reached, 0) as departments_reached,
        coalesce(g.reciprocity, 0) as reciprocity,
        coalesce(g.in_strength, 0) as in_strength,
        coalesce(b.bridging, 0) as bridging,
        coalesce(l.linked_accounts, 0) as linked_accounts,
        coalesce(l.guest_accounts, 0) as guest_accounts,
        case when p.left_on <= $as_of::DATE then p.left_on end as left_on,
        p.left_on is null and ld.written is not null as leaving_date_unreadable,
        coalesce(s.brand_posts, 0) as brand_posts,
        coalesce(s.brand_quotes, 0) as brand_quotes,
        coalesce(s.brand_reshares, 0) as brand_reshares,
        s.originality,
        s.external_reach,
        coalesce(s.scored_posts, 0) as scored_posts,
        coalesce(s.engagement, 0) as external_engagement,
        coalesce(s.external_engagers, 0) as external_engagers,
        coalesce(s.brand_platforms, []::VARCHAR[]) as brand_platforms,
        coalesce(s.reach_platforms, []::VARCHAR[]) as reach_platforms,
        coalesce(s.brand_post_ids, []::VARCHAR[]) as brand_post_ids
    from people p
    left join activity a using (employee_id)
    left join culture c using (employee_id)
    left join graph g using (employee_id)
    left join public_signals s using (employee_id)
    left join linked l using (employee_id)
    left join bridging b using (employee_id)
    left join leaving_dates ld using (employee_id)
)

select * from final
order by employee_id
