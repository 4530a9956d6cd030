-- For the data owner: every account, what identity resolution made of it, how active it is
-- and what to do about it. status: matched (in stg_identity) | candidate (a name below the
-- threshold, one employee) | conflict (two employees claim one address or handle) |
-- excluded (its employee opted out) | bot | unmatched (everything else, shared names
-- included). employee_id is never an opted-out employee's, and is set for matched and
-- candidate rows only.
-- identity_matches is the temp table over sql/identity/match_accounts.sql (identity.py).
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

joined as (
    select
        a.*,
        m.employee_id as linked_id,
        m.candidate_id,
        m.rule,
        m.claimants,
        m.claimed_by,
        m.confidence,
        coalesce(p.opt_out, false) as linked_opted_out,
        coalesce(c.opt_out, false) as candidate_opted_out,
        case
            when is_intranet(a.platform) and a.email is not null then 'email_aliases'
            when a.platform = 'linkedin' then 'linkedin_url'
            when a.platform in ('x', 'mastodon', 'bluesky') then a.platform || '_handle'
        end as directory_column,
        coalesce(po.posts, 0) as posts
    from accounts a
    left join matches m using (platform, account_id)
    left join people p on p.employee_id = m.employee_id
    left join people c on c.employee_id = m.candidate_id
    left join posts po using (platform, account_id)
),

classified as (
    select
        *,
        case
            when is_bot then 'bot'
            when claimants > 1 and rule <> 'name' then 'conflict'
            when linked_id is not null and linked_opted_out then 'excluded'
            when linked_id is not null then 'matched'
            when rule = 'name' and candidate_id is not null and not candidate_opted_out then 'candidate'
            else 'unmatched'
        end as status
    from joined
),

final as (
    select
        platform,
        account_id,
        handle,
        display_name,
        status,
        case status
            when 'bot' then 'bot or app account'
            when 'conflict' then 'claimed by employees ' || claimed_by || ' (rule: ' || rule || '): '
                || 'correct the directory so only one employee holds it'
            when 'excluded' then 'employee opted out'
            when 'matched' then
                case when rule = 'name'
                    then 'linked by display name (confidence ' || round(confidence, 2) || ')'
                    else 'linked by ' || replace(rule, '_', ' ')
                end
            when 'candidate' then 'display name matches employee ' || candidate_id
                || ' (confidence ' || round(confidence, 2) || ', below the name-match threshold): if it is them, '
                || coalesce('add it to the directory''s ' || directory_column || ' column to link it',
                            'export the account with its email, or lower [identity] name_match_threshold')
            else case
                when rule = 'name' and claimants > 1 then 'display name matches ' || claimants || ' employees: '
                    || coalesce('add it to the right employee''s ' || directory_column || ' column',
                                'export the account with its email')
                when is_guest then 'guest account, not in the directory'
                when is_deleted then 'deactivated account, not in the directory'
                when email is null and handle is null then 'no email or handle to match on'
                else 'no directory employee with this email or handle'
                    || coalesce(': if it is an employee''s, add it to their ' || directory_column || ' column', '')
            end
        end as detail,
        posts,
        case when status in ('matched', 'candidate', 'conflict') then rule end as rule,
        case when status in ('matched', 'candidate') or (status = 'unmatched' and rule = 'name' and claimants > 1) then confidence end
            as confidence,
        case when status = 'matched' then linked_id when status = 'candidate' then candidate_id end as employee_id,
        case when status = 'conflict' then claimed_by end as claimed_by
    from classified
)

select * from final
