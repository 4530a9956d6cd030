-- Every act of engagement between two linked employees in the analysis window, one row per
-- act, with whether it was *obliged* rather than chosen. marts_edges (the graph) and
-- marts_person_activity (resonance, consistency, engagers) count only the chosen ones:
-- being acknowledged is not being listened to.
--
-- An act is an acknowledgement (obliged = true) when it is a reaction, or a reply with almost
-- no words (fewer than 3 words of letters in any script: "ack", "noted", "👍", "+1"), and
--   * it goes up the management chain: the person engaged with is the actor's manager, their
--     manager's manager ... (stg_people.manager_id, up to 12 levels), or
--   * it answers a post in a broadcast context: a channel where a few people post and
--     everyone else only reacts. A context is broadcast when, in the window, it has at least
--     5 top-level posts, its 3 most frequent authors wrote at least 80% of them, and the
--     people reacting there outnumber the people posting or replying with words there by 5 to 1
--     or more (intranet channels only).
-- Replies with words, mentions, thanks, reshares and quotes are never obliged: they say
-- something, to whomever they are aimed at.
with

people as (
    select employee_id, manager_id from stg_people where not opt_out
),

identity as (
    select platform, account_id, employee_id from stg_identity
),

window_bounds as (
    select
        $as_of::DATE - to_days($window_days::INTEGER) as window_start,
        $as_of::DATE + INTERVAL 1 DAY as window_end
),

posts as (
    select p.post_id, p.platform, p.context, p.kind, p.parent_post_id, p.text, p.account_id, p.created_at
    from stg_posts p, window_bounds b
    where p.created_at > b.window_start - INTERVAL 30 DAY  -- a reaction in the window to a post just before it
      and p.created_at < b.window_end
),

acts as (
    select
        x.platform,
        x.kind,
        x.reaction,
        x.post_id,
        x.created_at,
        s.employee_id as src_employee_id,
        d.employee_id as dst_employee_id
    from stg_interactions x
    cross join window_bounds b
    join identity s on s.platform = x.platform and s.account_id = x.src_account_id
    join identity d on d.platform = x.platform and d.account_id = x.dst_account_id
    where x.created_at > b.window_start
      and x.created_at < b.window_end
      and s.employee_id <> d.employee_id
),

chain as (
    -- every (employee, one of their managers at any level)
    with recursive up(employee_id, manager_id, depth) as (
        select employee_id, manager_id, 1 from people where manager_id is not null and manager_id <> employee_id
        union all
        select u.employee_id, p.manager_id, u.depth + 1
        from up u
        join people p on p.employee_id = u.manager_id
        where p.manager_id is not null and p.manager_id <> p.employee_id and u.depth < 12
    )
    select distinct employee_id, manager_id from up
),

top_level as (
    select platform, context, account_id, count(*) as n
    from posts, window_bounds b
    where kind = 'post' and context is not null and is_intranet(platform) and created_at > b.window_start
    group by 1, 2, 3
),

context_authors as (
    select
        platform,
        context,
        sum(n) as top_posts,
        sum(n) filter (where author_rank <= 3) as top3_posts
    from (select *, row_number() over (partition by platform, context order by n desc, account_id) as author_rank from top_level)
    group by 1, 2
),

context_reactors as (
    select p.platform, p.context, count(distinct a.src_employee_id) as reactors
    from acts a
    join posts p on p.post_id = a.post_id
    where a.kind = 'reaction' and p.context is not null
    group by 1, 2
),

context_voices as (
    -- accounts that posted, or replied with words, there
    select platform, context, count(distinct account_id) as voices
    from posts, window_bounds b
    where context is not null
      and created_at > b.window_start
      and (kind = 'post' or (kind = 'reply' and len(regexp_extract_all(coalesce(text, ''), '\pL+')) >= 3))
    group by 1, 2
),

broadcast as (
    select c.platform, c.context
    from context_authors c
    join context_reactors r using (platform, context)
    join context_voices v using (platform, context)
    where c.top_posts >= 5
      and c.top3_posts >= 0.8 * c.top_posts
      and r.reactors >= 5 * v.voices
),

flagged as (
    select
        a.*,
        p.context,
        a.kind = 'reaction'
            or (a.kind = 'reply' and len(regexp_extract_all(coalesce(p.text, ''), '\pL+')) < 3) as wordless,
        c.employee_id is not null as up_chain,
        bp.context is not null or (a.kind = 'reply' and bq.context is not null) as in_broadcast
    from acts a
    left join posts p on p.post_id = a.post_id
    left join posts q on q.post_id = p.parent_post_id
    left join chain c on c.employee_id = a.src_employee_id and c.manager_id = a.dst_employee_id
    left join broadcast bp on bp.platform = p.platform and bp.context = p.context
    left join broadcast bq on bq.platform = q.platform and bq.context = q.context
),

final as (
    select
        src_employee_id,
        dst_employee_id,
        platform,
        kind,
        reaction,
        post_id,
        context,
        created_at,
        up_chain,
        in_broadcast,
        wordless and (up_chain or in_broadcast) as obliged
    from flagged
)

select * from final
order by dst_employee_id, created_at, src_employee_id, post_id, kind
