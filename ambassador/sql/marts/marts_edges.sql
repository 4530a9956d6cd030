-- Person -> person engagement in the analysis window, weighted by kind and recency.
--
-- One row per (src_employee_id, dst_employee_id): src engaged with dst (replied to, mentioned,
-- recognised, reacted to, reshared or quoted them).
--
-- Window: created_at in ($as_of - $window_days days, $as_of + 1 day), so the whole as_of day counts.
-- Age of an act: days from created_at to the end of the window (midnight after as_of), so an act
-- made on the as_of day counts almost fully and one $half_life_days older counts half:
--     weight = sum(kind weight x 0.5 ^ (age_days / $half_life_days)),  interactions = count of acts.
--
-- Needs the temporary table kind_weights(kind VARCHAR, weight DOUBLE) on the same connection;
-- ambassador.graph.create_kind_weights makes it from settings [graph.kind_weights] (graph_stage
-- calls it just before building this model). Kinds absent from it, or weighted 0, are not counted.
--
-- Accounts become employees through stg_identity on (platform, account_id), which holds only
-- unambiguous links to directory employees who did not opt out; acts of any other account drop
-- out in the join. Self-loops are dropped.
with

interactions as (
    select platform, kind, src_account_id, dst_account_id, created_at
    from stg_interactions
),

identity as (
    select platform, account_id, employee_id
    from stg_identity
),

kind_weight as (
    select kind, weight
    from kind_weights
),

window_bounds as (
    select
        $as_of::DATE - to_days($window_days::INTEGER) as window_start,
        $as_of::DATE + INTERVAL 1 DAY as window_end
),

accounts as (
    -- stg_identity links each account to exactly one employee and never to one who opted
    -- out (checked when it is built), so no further filtering is needed here
    select * from identity
),

acts as (
    select
        src.employee_id as src_employee_id,
        dst.employee_id as dst_employee_id,
        w.weight * pow(0.5, epoch(b.window_end - x.created_at) / 86400.0 / $half_life_days::DOUBLE) as weight
    from interactions x
    cross join window_bounds b
    join kind_weight w on w.kind = x.kind
    join accounts src on src.platform = x.platform and src.account_id = x.src_account_id
    join accounts dst on dst.platform = x.platform and dst.account_id = x.dst_account_id
    where x.created_at > b.window_start
      and x.created_at < b.window_end
      and w.weight > 0
      and src.employee_id <> dst.employee_id
),

final as (
    select
        src_employee_id,
        dst_employee_id,
        sum(weight) as weight,
        count(*) as interactions
    from acts
    group by src_employee_id, dst_employee_id
)

select * from final
