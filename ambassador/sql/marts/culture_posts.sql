-- The posts culture fit reads: in-window original posts of employees who did not opt out,
-- the most recent $max_posts per person on the intranet and, apart, on public platforms
-- (culture.culture_stage reads this, one row per post; `public` says which).
with

posts as (
    select l.employee_id, p.post_id, p.text, p.created_at, not is_intranet(p.platform) as public
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

final as (
    select employee_id, post_id, text, public
    from recent
    order by employee_id, post_id
)

select * from final
