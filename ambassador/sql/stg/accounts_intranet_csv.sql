-- Intranet CSV accounts: every author ('<feed>:<author id>', else '<feed>:<lower-cased email>'),
-- with the latest name and email they wrote under, then accounts seen only as the author of a
-- post reacted to (target_author_*) or as a mention. An email that an author of the same feed
-- wrote under resolves to that author's account. $sha limits to one file (NULL = all).
with

rows as (
    select * from raw_intranet_csv_rows
    where $sha::VARCHAR is null or _file_sha256 = $sha::VARCHAR
),

authors as (
    select
        account_id,
        any_value(feed) as feed,
        first(author_name order by created_at desc nulls last, author_name) filter (where author_name is not null)
            as display_name,
        first(lower(author_email) order by created_at desc nulls last, lower(author_email))
            filter (where author_email is not null) as email
    from rows
    where account_id is not null
    group by account_id
),

author_emails as (
    select feed, lower(author_email) as email, min(account_id) as account_id
    from rows
    where account_id is not null and author_email is not null
    group by all
),

targets as (
    select
        feed,
        target_author_id as user_id,
        lower(target_author_email) as email
    from rows
    where target_author_id is not null or target_author_email is not null
),

mention_tokens as (
    select feed, ltrim(trim(token), '@') as token
    from rows, unnest(string_split_regex(mentions, '[,;]')) as m(token)
    where mentions is not null
),

mentioned as (
    select
        feed,
        case when not contains(token, '@') then token end as user_id,
        case when contains(token, '@') then lower(token) end as email
    from mention_tokens
    where token <> ''
),

others as (
    select
        coalesce(
            case when s.user_id is not null then s.feed || ':' || s.user_id end,
            e.account_id,
            s.feed || ':' || s.email
        ) as account_id,
        min(s.email) as email
    from (select * from targets union all select * from mentioned) as s
    left join author_emails as e on s.user_id is null and e.feed = s.feed and e.email = s.email
    group by all
),

final as (
    select
        'intranet' as platform,
        account_id,
        null::VARCHAR as handle,
        display_name,
        email,
        false as is_bot,
        false as is_guest,
        false as is_deleted,
        []::VARCHAR[] as declared_handles
    from authors

    union all

    select
        'intranet', account_id, null, null, email, false, false, false, []::VARCHAR[]
    from others
    where account_id not in (select account_id from authors)
)

select * from final
