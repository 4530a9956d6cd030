-- Link accounts (temp table _accounts_to_match, shaped like stg_accounts) to directory
-- employees. Rules, most reliable first: email (case-insensitive) or one of the employee's
-- other addresses (email_aliases), a handle the directory declares for that platform, a
-- handle the account's own profile declares, then the display name (temp table
-- _name_candidates, scored in identity.py). Only the most reliable rule that matched counts.
-- If it names two employees the account is a conflict and is linked to nobody (never
-- guessed): an address that is one employee's email and another's alias is such a conflict,
-- and so is a name shared by several employees. A name links only at or above
-- $name_threshold; below, its one employee is kept as candidate_id for the identity report.
with

accounts as (
    select * from _accounts_to_match
),

people as (
    select * from stg_people
),

name_candidates as (
    select * from _name_candidates
),

addresses as (
    select employee_id, email as address, 'email' as rule from people
    union all
    select employee_id, unnest(email_aliases) as address, 'email_alias' as rule from people
),

by_email as (
    -- email and email_alias share one priority, so an address two employees hold conflicts
    select a.platform, a.account_id, x.employee_id, x.rule, 1 as priority
    from accounts a
    join addresses x on a.email is not null and a.email <> '' and lower(trim(a.email)) = x.address
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

by_name as (
    select platform, account_id, employee_id, 'name' as rule, 4 as priority
    from name_candidates
),

candidates as (
    select * from by_email
    union all select * from by_declared_handle
    union all select * from by_profile_handle
    union all select * from by_name
),

best as (
    select * from candidates
    qualify priority = min(priority) over (partition by platform, account_id)
),

grouped as (
    select
        platform,
        account_id,
        case when count(distinct employee_id) = 1 then min(employee_id) end as candidate_id,
        min(rule) as rule,
        count(distinct employee_id) as claimants,
        string_agg(distinct employee_id, ', ' order by employee_id) as claimed_by
    from best
    group by platform, account_id
),

name_confidence as (
    select platform, account_id, max(confidence) as confidence
    from name_candidates
    group by platform, account_id
),

final as (
    select
        g.platform,
        g.account_id,
        case when g.rule <> 'name' or n.confidence >= $name_threshold then g.candidate_id end as employee_id,
        g.rule,
        g.claimants,
        g.claimed_by,
        case when g.rule = 'name' then n.confidence else 1.0 end as confidence,
        g.candidate_id
    from grouped g
    left join name_confidence n using (platform, account_id)
)

select * from final
