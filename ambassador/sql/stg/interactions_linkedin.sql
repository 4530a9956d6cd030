-- Who engaged with whom on LinkedIn. An export only holds its owner's own acts and never the
-- author of the post commented on or reposted, so an act is linked only when that post is
-- itself in a loaded export (another employee's share):
--   reply    comment author -> author of the commented post (Link urn = the share's urn);
--   reshare  bare repost author -> author of the share its SharedUrl names.
-- Reactions.csv is kept raw only (reactions to unknown authors). No self-interactions.
with

deduplicated as (
    select * from linkedin_posts_current
),

authors as (
    select post_id, account_id
    from deduplicated
    where kind in ('post', 'reshare')
),

replies as (
    select 'reply' as kind, c.account_id as src, a.account_id as dst, c.post_id, c.created_utc as created_at
    from deduplicated as c
    join authors as a on a.post_id = 'linkedin:' || c.parent_urn
    where c.kind = 'reply'
),

reshares as (
    select 'reshare' as kind, r.account_id as src, a.account_id as dst, r.post_id, r.created_utc as created_at
    from deduplicated as r
    join authors as a on a.post_id = 'linkedin:' || nullif(regexp_extract(url_decode(r.shared_url), 'urn:li:(?:share|ugcPost|activity):[0-9]+', 0, 'i'), '')
    where r.kind = 'reshare' and r.shared_url is not null
),

final as (
    select 'linkedin' as platform, kind, src as src_account_id, dst as dst_account_id, post_id, created_at
    from (select * from replies union all select * from reshares)
    where src <> dst
)

select * from final
