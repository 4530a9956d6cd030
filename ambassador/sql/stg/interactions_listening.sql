-- Who engaged with whom in social-listening mentions (listening_current):
--   reply        the author of a reply whose text starts with an @handle -> that handle;
--   mention      the author -> each (other) @handle of the text, on the post's platform
--                ('recognition' when the text thanks or praises);
--   reshare      the author of an 'RT @x:' repost -> x.
-- On the post's platform; accounts are 'listening:<platform>:<handle>' (accounts_listening).
-- No self-interactions.
with

mentions as (
    select * from listening_current
),

addressed as (
    select *, kind = 'reply' and regexp_matches(text, '^\s*@') and len(mentions) > 0 as answers_first
    from mentions
),

replied as (
    select
        platform,
        'reply' as kind,
        account_id as src,
        'listening:' || platform || ':' || mentions[1] as dst,
        'listening:' || record_key as post_id,
        created_at
    from addressed
    where answers_first
),

mentioned as (
    select distinct
        m.platform,
        case when is_recognition(m.text) then 'recognition' else 'mention' end as kind,
        m.account_id as src,
        'listening:' || m.platform || ':' || t.h as dst,
        'listening:' || m.record_key as post_id,
        m.created_at
    from addressed as m, unnest(m.mentions[(case when m.answers_first then 2 else 1 end):]) as t(h)
    where m.kind <> 'reshare'
),

reshared as (
    select
        platform,
        'reshare' as kind,
        account_id as src,
        'listening:' || platform || ':' || ref_handle as dst,
        'listening:' || record_key as post_id,
        created_at
    from mentions
    where kind = 'reshare' and ref_handle is not null
),

final as (
    select platform, kind, src as src_account_id, dst as dst_account_id, post_id, created_at
    from (select * from replied union all select * from mentioned union all select * from reshared)
    where dst is not null and src <> dst
)

select * from final
