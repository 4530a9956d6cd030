-- Accounts linked to exactly one employee, with the rule that linked them.
-- identity_matches is the temp view over sql/identity/match_accounts.sql (identity.py).
with

matches as (
    select * from identity_matches
),

final as (
    select platform, account_id, employee_id, rule
    from matches
    where employee_id is not null
)

select * from final
