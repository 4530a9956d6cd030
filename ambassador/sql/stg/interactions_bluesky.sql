-- Who engaged with whom on Bluesky, from the saved feeds' entries (bluesky_feed_current):
--   reply        author -> the parent post's author (reply.parent view, else the parent uri);
--   reshare      reposter (reason.by) -> the reposted post's author;
--   quote        author -> the quoted post's author;
--   mention      every mention facet of the author's own text (not the reply target, not the
--                quoted author); 'recognition' when the text thanks or praises.
-- A repost carries only the reshare: the reposted text's replies, quotes and mentions are the
-- original author's. No self-interactions.
with

entries as (
    select * from bluesky_feed_current
),

posts as (
    select
        'bluesky:' || item_key as post_id,
        actor_did as src,
        acted_utc as created_at,
        kind,
        author_did,
        case when kind = 'reply' or (kind <> 'reshare' and reply_parent_uri is not null) then reply_parent_did end as reply_to,
        case when kind <> 'reshare' then quoted_did end as quoted,
        case when json_type(mentions) = 'ARRAY' then mentions::JSON[] end as mentions,
        text
    from entries
),

replies as (
    select 'reply' as kind, src, reply_to as dst, post_id, created_at
    from posts
    where reply_to is not null
),

reshares as (
    select 'reshare' as kind, src, author_did as dst, post_id, created_at
    from posts
    where kind = 'reshare'
),

quotes as (
    select 'quote' as kind, src, quoted as dst, post_id, created_at
    from posts
    where quoted is not null
),

mentions_made as (
    select distinct
        case when is_recognition(p.text) then 'recognition' else 'mention' end as kind,
        p.src,
        m.u ->> 'did' as dst,
        p.post_id,
        p.created_at
    from posts as p,
        unnest(p.mentions) as m(u)
    where p.kind <> 'reshare'
      and (m.u ->> 'did') is distinct from p.reply_to
      and (m.u ->> 'did') is distinct from p.quoted
),

final as (
    select 'bluesky' as platform, kind, src as src_account_id, dst as dst_account_id, post_id, created_at
    from (
        select * from replies
        union all select * from reshares
        union all select * from quotes
        union all select * from mentions_made
    )
    where dst like 'did:%' and src <> dst
)

select * from final
