-- Social-listening accounts, on the platform of the posts they wrote (x, bluesky, mastodon,
-- linkedin, or the network as exported: news, blog ...), account_id
-- 'listening:<platform>:<handle>' (the handle normalised for that platform; else the author as
-- written, lower-cased). handle is set only when it normalises, so identity resolution links
-- the account to the employee who declared that handle for that same platform (rule
-- declared_handle) and never across platforms; other platforms' authors stay unmatched.
-- Accounts seen only as a mention or as the author of a reshared post are included, so acts
-- aimed at them can link. $sha limits to one export (NULL = all).
with

mentions as (
    select * from raw_listening_mentions
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

authors as (
    select
        account_id,
        any_value(platform) as platform,
        any_value(handle) as handle,
        first(author_name order by created_at desc nulls last, author_name) filter (where author_name is not null)
            as display_name
    from mentions
    where account_id is not null
    group by account_id
),

referenced as (
    select distinct platform, h as handle, 'listening:' || platform || ':' || h as account_id
    from mentions, unnest(list_concat(coalesce(mentions, []), [ref_handle])) as t(h)
    where h is not null
),

final as (
    select
        platform,
        account_id,
        handle,
        display_name,
        null::VARCHAR as email,
        false as is_bot,
        false as is_guest,
        false as is_deleted,
        []::VARCHAR[] as declared_handles
    from authors

    union all

    select platform, account_id, handle, null, null, false, false, false, []::VARCHAR[]
    from referenced
    where account_id not in (select account_id from authors)
)

select * from final
