-- The posts culture fit reads: in-window original posts of employees who did not opt out,
-- the most recent $max_posts per person on the intranet and, apart, on public platforms
-- (culture.culture_stage reads this, one row per post; `public` says which), with the
-- language detected at resolve (stg_posts.lang) and how colleagues responded:
--   responses  reactions to the post and replies to it, by colleagues
--   laughs     those that laugh or roll their eyes (is_laughter_reaction, is_laughter_text)
with

posts as (
    select l.employee_id, p.post_id, p.text, p.lang, p.created_at, not is_intranet(p.platform) as public
    from stg_posts p
    -- stg_identity: one employee per account, never one who opted out
    join stg_identity l on l.platform = p.platform and l.account_id = p.account_id
    where list_contains($kinds::VARCHAR[], p.kind)
      and p.created_at > $as_of::DATE - to_days($window_days::INTEGER)
      and p.created_at < $as_of::DATE + INTERVAL 1 DAY
      and nullif(trim(p.text), '') is not null
),

recent as (
    select *
    from posts
    qualify row_number() over (partition by employee_id, public order by created_at desc, post_id desc) <= $max_posts
),

reactions as (
    select x.post_id, count(*) as n, count(*) filter (where is_laughter_reaction(x.reaction)) as laughs
    from stg_interactions x
    where x.kind = 'reaction' and x.post_id in (select post_id from recent)
    group by 1
),

replies as (
    select r.parent_post_id as post_id, count(*) as n, count(*) filter (where is_laughter_text(r.text)) as laughs
    from stg_posts r
    where r.kind = 'reply' and r.parent_post_id in (select post_id from recent)
    group by 1
),

final as (
    select
        p.employee_id,
        p.post_id,
        p.text,
        coalesce(p.lang, 'und') as lang,
        p.public,
        coalesce(x.n, 0) + coalesce(r.n, 0) as responses,
        coalesce(x.laughs, 0) + coalesce(r.laughs, 0) as laughs
    from recent p
    left join reactions x using (post_id)
    left join replies r using (post_id)
    order by p.employee_id, p.post_id
)

select * from final
