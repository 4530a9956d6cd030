-- Person -> person engagement in the analysis window, weighted by kind and recency.
--
-- One row per (src_employee_id, dst_employee_id): src engaged with dst (replied to, mentioned,
-- recognised, reacted to, reshared or quoted them).
--
-- Window: as marts_acts (the as_of day counts whole).
-- Age of an act: days from created_at to the end of the window (midnight after as_of), so an act
-- made on the as_of day counts almost fully and one $half_life_days older counts half:
--     weight = sum(kind weight x 0.5 ^ (age_days / $half_life_days)),  interactions = count of acts.
--
-- Needs the temporary table kind_weights(kind VARCHAR, weight DOUBLE) on the same connection;
-- ambassador.graph.create_kind_weights makes it from settings [graph.kind_weights] (graph_stage
-- calls it just before building this model). Kinds absent from it, or weighted 0, are not counted.
--
-- The acts are marts_acts' (accounts linked to employees who did not opt out, in the window,
-- self-loops dropped) without the acknowledgements it flags as obliged: reactions and wordless
-- replies up the management chain or in broadcast channels.
with

acts as (
    -- chosen engagement only: acknowledgements (marts_acts.obliged) are not being listened to
    select * from marts_acts where not obliged
),

kind_weight as (
    select kind, weight
    from kind_weights
),

window_bounds as (
    select $as_of::DATE + INTERVAL 1 DAY as window_end
),

weighted as (
    select
        a.src_employee_id,
        a.dst_employee_id,
        w.weight * pow(0.5, epoch(b.window_end - a.created_at) / 86400.0 / $half_life_days::DOUBLE) as weight
    from acts a
    cross join window_bounds b
    join kind_weight w on w.kind = a.kind
    where w.weight > 0
),

final as (
    select
        src_employee_id,
        dst_employee_id,
        sum(weight) as weight,
        count(*) as interactions
    from weighted
    group by src_employee_id, dst_employee_id
)

select * from final
