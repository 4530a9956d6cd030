-- LinkedIn shares (public only: raw_linkedin_shares never holds others) and comments, one row
-- per post across overlapping exports: the copy from the export with the newest post wins.
-- Shares are keyed by their urn; comments have no id of their own, so by a hash of owner,
-- date, commented post and text. Materialised once per run for posts_linkedin and
-- interactions_linkedin.
with

shares as (
    select
        'linkedin:' || urn as post_id,
        account_id,
        date,
        case when nullif(trim(commentary), '') is null then 'reshare' else 'post' end as kind,
        null::VARCHAR as parent_urn,
        commentary as text,
        share_link as link,
        shared_url,
        _file_sha256, _member, _record
    from raw_linkedin_shares
),

comments as (
    select
        'linkedin:comment:' || md5(concat_ws('|', account_id, date, coalesce(parent_urn, link), message)) as post_id,
        account_id,
        date,
        'reply' as kind,
        parent_urn,
        message as text,
        link,
        null::VARCHAR as shared_url,
        _file_sha256, _member, _record
    from raw_linkedin_comments
),

parsed as (
    select
        *,
        coalesce(try_strptime(date, '%Y-%m-%d %H:%M:%S'), try_strptime(date, '%Y/%m/%d %H:%M:%S UTC')) as created_utc
    from (select * from shares union all select * from comments)
),

export_recency as (
    select _file_sha256, max(created_utc) as newest
    from parsed
    group by _file_sha256
),

final as (
    select p.*
    from parsed as p
    join export_recency as r on r._file_sha256 = p._file_sha256
    where p.created_utc is not null
    qualify row_number() over (
        partition by p.post_id
        order by r.newest desc nulls last, p._file_sha256, p._member, p._record
    ) = 1
)

select * from final
