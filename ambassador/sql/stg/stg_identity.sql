-- Accounts linked to exactly one employee, with the rule that linked them and its confidence
-- (1.0 for email and handle rules, the name score for 'name'). Accounts of employees who
-- opted out are linked to nobody, so nothing downstream can reach them (identity_report
-- lists such accounts as 'excluded', without the employee). Bot and app accounts are never
-- linked to a person, whatever their email says. Conflicts and names below the threshold
-- have no employee_id in identity_matches and are never linked.
-- identity_matches is the temp table over sql/identity/match_accounts.sql (identity.py).
with

matches as (
    select * from identity_matches
),

opted_out as (
    select employee_id from stg_people where opt_out
),

bots as (
    select platform, account_id from stg_accounts where is_bot
),

final as (
    select platform, account_id, employee_id, rule, confidence
    from matches
    where employee_id is not null
      and employee_id not in (select employee_id from opted_out)
      and (platform, account_id) not in (select (platform, account_id) from bots)
)

select * from final
