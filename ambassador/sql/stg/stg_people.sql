-- One row per directory employee: emails lower-cased, other addresses split into a sorted
-- list (each once, never the primary), handles normalised from any typed form (placeholders
-- such as 'none' or 'n/a' are no handle: directory_handle), opt_out true
-- for yes/true/1/y/x in any case, left_on the leaving date (NULL while employed; a value that
-- is no date in these forms is NULL too).
with

directory as (
    select * from raw_directory
),

aliases as (
    select
        employee_id,
        list_sort(list_distinct(list_filter(
            list_transform(
                regexp_split_to_array(lower(coalesce(email_aliases, '')), '[;,[:space:]]+'),
                lambda a: regexp_replace(trim(a), '^(mailto:)?<?|>$', '', 'g')
            ),
            lambda a: a like '_%@_%' and a <> lower(trim(email))
        ))) as email_aliases
    from directory
),

final as (
    select
        d.employee_id,
        d.full_name,
        lower(trim(d.email)) as email,
        a.email_aliases,
        nullif(d.department, '') as department,
        nullif(d.title, '') as title,
        nullif(d.manager_id, '') as manager_id,
        nullif(d.location, '') as location,
        coalesce(try_strptime(d.hire_date, '%Y-%m-%d'), try_strptime(d.hire_date, '%m/%d/%Y'))::date as hire_date,
        directory_handle('x', d.x_handle) as x_handle,
        directory_handle('mastodon', d.mastodon_handle) as mastodon_handle,
        directory_handle('bluesky', d.bluesky_handle) as bluesky_handle,
        directory_handle('linkedin', d.linkedin_url) as linkedin_handle,
        lower(trim(coalesce(d.opt_out, ''))) in ('yes', 'true', '1', 'y', 'x') as opt_out,
        coalesce(
            try_strptime(d.left_on, '%Y-%m-%d'), try_strptime(d.left_on, '%m/%d/%Y'), try_cast(d.left_on as TIMESTAMP)
        )::date as left_on
    from directory d
    join aliases a using (employee_id)
)

select * from final
