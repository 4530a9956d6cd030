-- Link accounts (temp table _accounts_to_match, shaped like stg_accounts) to directory
-- employees. Rules, most reliable first: email (case-insensitive), a handle the directory
-- declares for that platform, a handle the account's own profile declares. Only the most
-- reliable rule that matched counts; if it names two employees the account is a conflict
-- and is linked to nobody (never guessed).
with

accounts as (
    select * from _accounts_to_match
),

people as (
    select * from stg_people
),

by_email as (
    select a.platform, a.account_id, p.employee_id, 'email' as rule, 1 as priority
    from accounts a
    join people p on a.email is not null and a.email <> '' and lower(a.email) = p.email
),

by_declared_handle as (
    select a.platform, a.account_id, p.employee_id, 'declared_handle' as rule, 2 as priority
    from accounts a
    join people p on a.handle = case a.platform
        when 'x' then p.x_handle
        when 'mastodon' then p.mastodon_handle
        when 'bluesky' then p.bluesky_handle
        when 'linkedin' then p.linkedin_handle
    end
),

profile_handles as (
    select a.platform, a.account_id, unnest(a.declared_handles) as declared
    from accounts a
    where len(coalesce(a.declared_handles, [])) > 0
),

by_profile_handle as (
    select h.platform, h.account_id, p.employee_id, 'profile_handle' as rule, 3 as priority
    from profile_handles h
    join people p on h.declared in (
        'x:' || p.x_handle, 'mastodon:' || p.mastodon_handle,
        'bluesky:' || p.bluesky_handle, 'linkedin:' || p.linkedin_handle
    )
),

candidates as (
    select * from by_email
    union all select * from by_declared_handle
    union all select * from by_profile_handle
),

best as (
    select * from candidates
    qualify priority = min(priority) over (partition by platform, account_id)
),

final as (
    select
        platform,
        account_id,
        case when count(distinct employee_id) = 1 then min(employee_id) end as employee_id,
        min(rule) as rule,
        count(distinct employee_id) as claimants,
        string_agg(distinct employee_id, ', ' order by employee_id) as claimed_by
    from best
    group by platform, account_id
)

select * from final
