-- Who engaged with whom in generic intranet CSV feeds (intranet_csv_current):
--   reply        a comment's author -> the author of the post or comment it answers (its
--                target_author_* when the parent is not in any file);
--   reaction     a reaction's author -> its target_author_* when given, else the author of the
--                post reacted to;
--   mention      a post's or comment's author -> each user id or email of its mentions column
--                ('recognition' when the text thanks or praises).
-- An email resolves to the account of the author of the same feed who wrote under it.
-- No self-interactions; acts whose target cannot be found are dropped.
with

deduplicated as (
    select * from intranet_csv_current
),

messages as (
    select * from deduplicated where kind in ('post', 'comment')
),

author_emails as (
    select feed, lower(author_email) as email, min(account_id) as account_id
    from deduplicated
    where author_email is not null
    group by all
),

targeted as (
    select
        d.*,
        case
            when d.target_author_id is not null then d.feed || ':' || d.target_author_id
            when d.target_author_email is not null then coalesce(e.account_id, d.feed || ':' || lower(d.target_author_email))
        end as target_account_id
    from deduplicated as d
    left join author_emails as e on e.feed = d.feed and e.email = lower(d.target_author_email)
),

replies as (
    select
        'reply' as kind,
        c.account_id as src,
        coalesce(p.account_id, c.target_account_id) as dst,
        'intranet:' || c.feed || ':' || c.id as post_id,
        c.created_at
    from targeted as c
    left join messages as p on p.feed = c.feed and p.id = c.parent_id
    where c.kind = 'comment'
),

reactions as (
    select
        'reaction' as kind,
        r.account_id as src,
        coalesce(r.target_account_id, p.account_id) as dst,
        case when r.parent_id is not null then 'intranet:' || r.feed || ':' || r.parent_id end as post_id,
        r.created_at
    from targeted as r
    left join messages as p on p.feed = r.feed and p.id = r.parent_id
    where r.kind = 'reaction'
),

mention_tokens as (
    select m.*, t.token
    from messages as m,
        unnest(list_distinct(list_filter(
            list_transform(string_split_regex(m.mentions, '[,;]'), lambda x: ltrim(trim(x), '@')),
            lambda x: x <> ''
        ))) as t(token)
    where m.mentions is not null
),

mentions as (
    select distinct
        case when is_recognition(concat_ws(' ', m.title, m.text)) then 'recognition' else 'mention' end as kind,
        m.account_id as src,
        case
            when not contains(m.token, '@') then m.feed || ':' || m.token
            else coalesce(e.account_id, m.feed || ':' || lower(m.token))
        end as dst,
        'intranet:' || m.feed || ':' || m.id as post_id,
        m.created_at
    from mention_tokens as m
    left join author_emails as e on contains(m.token, '@') and e.feed = m.feed and e.email = lower(m.token)
),

final as (
    select 'intranet' as platform, kind, src as src_account_id, dst as dst_account_id, post_id, created_at
    from (
        select * from replies
        union all select * from reactions
        union all select * from mentions
    )
    where dst is not null and src <> dst
)

select * from final
