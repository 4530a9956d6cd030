-- Who engaged with whom on X, from the archive owners' tweets (x_tweets_current):
--   reply        author -> in_reply_to_user_id (also replies that start with an @mention and
--                carry no status id);
--   reshare      "RT @user: ..." author -> that user (the first user_mention; by screen name
--                through known accounts if the mention is missing);
--   quote        author -> the user whose status URL the tweet links (screen name in the URL,
--                matched to owners, mentions and reply targets);
--   mention      every other user_mention of the author's own text (not the reply target,
--                not the quoted user); 'recognition' when the text thanks or praises.
-- Mentions inside a retweeted text are the original author's, not the retweeter's, and are
-- not counted. No self-interactions.
with

deduplicated as (
    select * from x_tweets_current
),

owners as (
    select * from raw_x_accounts
),

posts as (
    select
        'x:' || id as post_id,
        account_id as src,
        created_utc as created_at,
        in_reply_to_user_id as reply_to,
        regexp_matches(full_text, '^RT @[A-Za-z0-9_]+:') as is_reshare,
        regexp_extract(full_text, '^RT @([A-Za-z0-9_]+):', 1) as retweeted_screen_name,
        list_filter(
            list_transform(
                json_extract_string(record, '$.entities.urls[*].expanded_url'),
                lambda url: regexp_extract(url, '^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/([A-Za-z0-9_]{1,15})/status(?:es)?/[0-9]+', 1, 'i')
            ),
            lambda name: name <> ''
        ) as quoted_screen_names,
        case when json_type(user_mentions) = 'ARRAY' then user_mentions::JSON[] end as mentions,
        replace(replace(replace(replace(replace(
            full_text, '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&') as text
    from deduplicated
),

mentions as (
    select
        p.post_id,
        m.position,
        coalesce(nullif(m.u ->> 'id_str', ''), nullif(m.u ->> 'id', '')) as account_id,
        m.u ->> 'screen_name' as screen_name
    from posts as p,
        unnest(p.mentions) with ordinality as m(u, position)
),

known_handles as (
    -- screen name -> account id: owners first, then the latest tweet naming the account
    select handle, account_id
    from (
        select normalize_handle('x', username) as handle, account_id, 0 as rank_group, null::TIMESTAMP as seen_at
        from owners
        union all
        select normalize_handle('x', m.screen_name), m.account_id, 1, p.created_at
        from mentions as m
        join posts as p on p.post_id = m.post_id
        union all
        select normalize_handle('x', in_reply_to_screen_name), in_reply_to_user_id, 1, created_utc
        from deduplicated
        where in_reply_to_user_id is not null
    )
    where handle is not null and regexp_full_match(account_id, '[0-9]+')
    qualify row_number() over (
        partition by handle
        order by rank_group, seen_at desc nulls last, account_id
    ) = 1
),

replies as (
    select 'reply' as kind, src, reply_to as dst, post_id, created_at
    from posts
    where reply_to is not null and not is_reshare
),

reshares as (
    select 'reshare' as kind, p.src, coalesce(m.account_id, h.account_id) as dst, p.post_id, p.created_at
    from posts as p
    left join mentions as m
        on m.post_id = p.post_id
        and m.position = 1
        and lower(m.screen_name) = lower(p.retweeted_screen_name)
    left join known_handles as h on h.handle = normalize_handle('x', p.retweeted_screen_name)
    where p.is_reshare
),

quotes as (
    select distinct 'quote' as kind, p.src, h.account_id as dst, p.post_id, p.created_at
    from posts as p,
        unnest(p.quoted_screen_names) as q(screen_name)
    join known_handles as h on h.handle = normalize_handle('x', q.screen_name)
    where not p.is_reshare and p.reply_to is null
),

mentions_made as (
    select distinct
        case when is_recognition(p.text) then 'recognition' else 'mention' end as kind,
        p.src,
        m.account_id as dst,
        p.post_id,
        p.created_at
    from posts as p
    join mentions as m on m.post_id = p.post_id
    where not p.is_reshare
      and m.account_id is distinct from p.reply_to
      and not exists (select 1 from quotes as q where q.post_id = p.post_id and q.dst = m.account_id)
),

final as (
    select 'x' as platform, kind, src as src_account_id, dst as dst_account_id, post_id, created_at
    from (
        select * from replies
        union all select * from reshares
        union all select * from quotes
        union all select * from mentions_made
    )
    where regexp_full_match(dst, '[0-9]+') and src <> dst
)

select * from final
