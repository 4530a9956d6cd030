-- Who engaged with whom on Mastodon (mastodon_statuses_current):
--   reply        author -> in_reply_to_account_id (when known);
--   reshare      booster -> the boosted author (when known);
--   quote        author -> the quoted post's author (when known);
--   mention      every Mention of the author's own status but the reply target;
--                'recognition' when the text thanks or praises.
-- Boosts carry no mentions of their own. No self-interactions.
with

deduplicated as (
    select * from mastodon_statuses_current
),

posts as (
    select
        'mastodon:' || id as post_id,
        account_id as src,
        created_utc as created_at,
        kind,
        in_reply_to_account_id as reply_to,
        reblog_account_id,
        quoted_account_id,
        text,
        case when json_type(mentions) = 'ARRAY' then mentions::JSON[] end as mentions
    from deduplicated
),

replies as (
    select 'reply' as kind, src, reply_to as dst, post_id, created_at
    from posts
    where kind = 'reply' and reply_to is not null
),

reshares as (
    select 'reshare' as kind, src, reblog_account_id as dst, post_id, created_at
    from posts
    where kind = 'reshare' and reblog_account_id is not null
),

quotes as (
    select 'quote' as kind, src, quoted_account_id as dst, post_id, created_at
    from posts
    where kind = 'quote' and quoted_account_id is not null
),

mentions_made as (
    select distinct
        case when is_recognition(p.text) then 'recognition' else 'mention' end as kind,
        p.src,
        m.u ->> 'account_id' as dst,
        p.post_id,
        p.created_at
    from posts as p,
        unnest(p.mentions) as m(u)
    where p.kind <> 'reshare'
      and (m.u ->> 'account_id') is distinct from p.reply_to
),

final as (
    select 'mastodon' as platform, kind, src as src_account_id, dst as dst_account_id, post_id, created_at
    from (
        select * from replies
        union all select * from reshares
        union all select * from quotes
        union all select * from mentions_made
    )
    where dst is not null and dst <> '' and src <> dst
)

select * from final
