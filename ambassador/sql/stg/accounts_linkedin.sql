-- LinkedIn accounts: the owner of each export (Profile.csv); the export names nobody else.
-- handle = the /in/ slug when the profile lists its own URL (matched to the directory's
-- linkedin_url); declared_handles carry 'x:<handle>' from Twitter Handles and
-- 'linkedin:<slug>'. One row per account_id: the export with the newest post wins.
-- $sha limits to one export (NULL = all).
with

profiles as (
    select * from raw_linkedin_profile
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

export_recency as (
    select _file_sha256, max(coalesce(try_strptime(date, '%Y-%m-%d %H:%M:%S'), try_strptime(date, '%Y/%m/%d %H:%M:%S UTC'))) as newest
    from (
        select _file_sha256, date from raw_linkedin_shares
        union all select _file_sha256, date from raw_linkedin_comments
    )
    group by _file_sha256
),

latest as (
    select p.*
    from profiles as p
    left join export_recency as r on r._file_sha256 = p._file_sha256
    qualify row_number() over (
        partition by p.account_id
        order by r.newest desc nulls last, p._file_sha256
    ) = 1
),

final as (
    select
        'linkedin' as platform,
        account_id,
        normalize_handle('linkedin', profile_url) as handle,
        nullif(trim(concat_ws(' ', first_name, last_name)), '') as display_name,
        null::VARCHAR as email,
        false as is_bot,
        false as is_guest,
        false as is_deleted,
        list_filter(
            list_transform(coalesce(twitter_handles, []), lambda h: 'x:' || normalize_handle('x', h))
                || [case when profile_url is not null then 'linkedin:' || normalize_handle('linkedin', profile_url) end],
            lambda d: d is not null
        ) as declared_handles
    from latest
)

select * from final
