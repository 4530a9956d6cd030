-- The languages employees write in: in-window posts, replies and quotes with text
-- (stg_posts.lang, set by language.label_post_languages) of accounts linked to employees who did
-- not opt out, counted per language. `share` leaves 'und' (too short to tell) out of the
-- denominator. The culture stage fills culture_fit_by and tone_by; recognition_by comes from
-- the lexicon and the settings ($recognition_by, aligned with $language_codes).
with

names as (
    select
        unnest($language_codes::VARCHAR[]) as lang,
        unnest($language_names::VARCHAR[]) as language,
        unnest($recognition_by::VARCHAR[]) as recognition_by
),

posts as (
    select l.employee_id, p.lang
    from stg_posts p
    -- stg_identity: one employee per account, never one who opted out
    join stg_identity l on l.platform = p.platform and l.account_id = p.account_id
    where p.lang is not null
      and p.created_at > $as_of::DATE - to_days($window_days::INTEGER)
      and p.created_at < $as_of::DATE + INTERVAL 1 DAY
),

counted as (
    select lang, count(*) as posts, count(distinct employee_id) as people
    from posts
    group by lang
),

final as (
    select
        c.lang,
        coalesce(n.language, c.lang) as language,
        c.posts,
        c.people,
        case when c.lang <> 'und'
             then c.posts / nullif(sum(c.posts) filter (where c.lang <> 'und') over (), 0)
        end as share,
        null::VARCHAR as culture_fit_by,
        null::VARCHAR as tone_by,
        case when c.lang <> 'und' then coalesce(n.recognition_by, 'none') end as recognition_by
    from counted c
    left join names n on n.lang = c.lang
    order by c.posts desc, c.lang
)

select * from final
