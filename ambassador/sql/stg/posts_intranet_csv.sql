-- Generic intranet CSV posts and comments as canonical posts (one row per feed name and id:
-- intranet_csv_current). Comments are replies to their parent; the title, when mapped, comes
-- before the text; feeds whose text_format is html have their tags and common entities
-- removed. likes counts the reactions rows pointing at the post.
with

deduplicated as (
    select * from intranet_csv_current
),

messages as (
    select * from deduplicated where kind in ('post', 'comment')
),

reaction_counts as (
    select feed, parent_id, count(*) as reactions
    from deduplicated
    where kind = 'reaction' and parent_id is not null
    group by all
),

joined as (
    select
        *,
        concat_ws(chr(10) || chr(10), nullif(trim(title), ''), nullif(trim(text), '')) as body
    from messages
),

cleaned as (
    select
        *,
        case
            when text_format = 'html' then
                -- &amp; last, so "&amp;lt;" stays "&lt;" as written
                regexp_replace(
                    replace(replace(replace(replace(replace(replace(
                        regexp_replace(
                            regexp_replace(body, '<\s*(br|/p|/div|/li|/h[1-6])\b[^>]*>', chr(10), 'gi'),
                            '<[^>]*>', '', 'g'),
                        '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&'),
                    '[ \t]+', ' ', 'g')
            else body
        end as plain_text
    from joined
),

final as (
    select
        'intranet:' || c.feed || ':' || c.id as post_id,
        'intranet' as platform,
        c.account_id,
        coalesce(c.context, c.feed) as context,
        c.created_at,
        case when c.kind = 'comment' then 'reply' else 'post' end as kind,
        case when c.kind = 'comment' then 'intranet:' || c.feed || ':' || c.parent_id end as parent_post_id,
        regexp_replace(coalesce(c.plain_text, ''), '^\s+|\s+$', '', 'g') as text,
        c.url as permalink,
        coalesce(r.reactions, 0)::BIGINT as likes,
        null::BIGINT as reshares
    from cleaned as c
    left join reaction_counts as r on r.feed = c.feed and r.parent_id = c.id
)

select * from final
