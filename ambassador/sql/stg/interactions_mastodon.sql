-- Who engaged with whom on Mastodon (mastodon_statuses_current):
--   reply        author -> in_reply_to_account_id (when known);
--   reshare      booster -> the boosted author (when known);
--   quote        author -> the quoted post's author (when known);
--   mention      every Mention of the author's own status but the reply target;
--                'recognition' when the text thanks or praises.
--   reaction     archive owner -> the liked status's author (likes.json; the author from the
--                status URI), dated by the status's snowflake time (a lower bound of the like's:
--                likes.json carries no dates); undatable likes give none. post_id = the liked
--                status (as for Slack reactions); reaction 'like' (a favourite). The same like in
--                two exports counts once.
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

likes as (
    select distinct
        'reaction' as kind,
        account_id as src,
        regexp_extract(object_uri, '^(https?://[^/]+/users/[^/]+)/statuses/', 1) as dst,
        'mastodon:' || object_uri as post_id,
        object_created_at as created_at,
        'like' as reaction
    from raw_mastodon_likes
    where object_created_at is not null
),

final as (
    select 'mastodon' as platform, kind, src as src_account_id, dst as dst_account_id, post_id, created_at, reaction
    from (
        select * from replies
        union all by name select * from reshares
        union all by name select * from quotes
        union all by name select * from mentions_made
        union all by name select * from likes
    )
    where dst is not null and dst <> '' and src <> dst
)

select * from final
