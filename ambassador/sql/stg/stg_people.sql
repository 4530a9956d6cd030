-- One row per directory employee: emails lower-cased, handles normalised from any typed form,
-- opt_out true for yes/true/1/y/x in any case.
with

directory as (
    select * from raw_directory
),

final as (
    select
        employee_id,
        full_name,
        lower(email) as email,
        nullif(department, '') as department,
        nullif(title, '') as title,
        nullif(manager_id, '') as manager_id,
        nullif(location, '') as location,
        coalesce(try_strptime(hire_date, '%Y-%m-%d'), try_strptime(hire_date, '%m/%d/%Y'))::date as hire_date,
        normalize_handle('x', x_handle) as x_handle,
        normalize_handle('mastodon', mastodon_handle) as mastodon_handle,
        normalize_handle('bluesky', bluesky_handle) as bluesky_handle,
        normalize_handle('linkedin', linkedin_url) as linkedin_handle,
        lower(trim(coalesce(opt_out, ''))) in ('yes', 'true', '1', 'y', 'x') as opt_out
    from directory
)

select * from final
