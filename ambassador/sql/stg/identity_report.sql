-- For the data owner: every account not linked to an employee, with why and how active it is.
with

accounts as (
    select * from stg_accounts
),

matches as (
    select * from identity_matches
),

posts as (
    select platform, account_id, count(*) as posts from stg_posts group by all
),

people as (
    select * from stg_people
),

classified as (
    select
        a.platform,
        a.account_id,
        a.handle,
        a.display_name,
        case
            when a.is_bot then 'bot'
            when m.claimants > 1 then 'conflict'
            when m.employee_id is null then 'unmatched'
            when p.opt_out then 'excluded'
        end as status,
        case
            when a.is_bot then 'bot or app account'
            when m.claimants > 1 then 'claimed by employees ' || m.claimed_by || ' (rule: ' || m.rule || ')'
            when m.employee_id is null and a.is_guest then 'guest account, not in the directory'
            when m.employee_id is null and a.is_deleted then 'deactivated account, not in the directory'
            when m.employee_id is null and a.email is null and a.handle is null then 'no email or handle to match on'
            when m.employee_id is null then 'no directory employee with this email or handle'
            when p.opt_out then 'employee opted out'
        end as detail,
        coalesce(po.posts, 0) as posts
    from accounts a
    left join matches m using (platform, account_id)
    left join people p on p.employee_id = m.employee_id
    left join posts po using (platform, account_id)
),

final as (
    select * from classified where status is not null
)

select * from final
