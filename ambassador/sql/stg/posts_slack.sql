-- Slack messages as canonical posts (one row per channel and ts: slack_messages_current),
-- Slack markup reduced to plain text, system messages kept but marked.
with

deduplicated as (
    select * from slack_messages_current
),

cleaned as (
    select
        *,
        -- <@U123|name> -> @name, <@U123> -> @someone, <#C1|general> -> #general,
        -- <!subteam^S1|@oncall> -> @oncall, <!date^…|Feb 18> -> Feb 18, <!here> -> @here,
        -- <https://x|label> -> label, <https://x> -> (removed), entities
        replace(replace(replace(
            regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
                text,
                '<@[UW][A-Z0-9]+\|([^>]*)>', '@\1', 'g'),
                '<@[UW][A-Z0-9]+>', '@someone', 'g'),
                '<#C[A-Z0-9]+\|([^>]*)>', '#\1', 'g'),
                '<!subteam\^[A-Z0-9]+\|@?([^>]*)>', '@\1', 'g'),
                '<!date\^[^|>]*\|([^>]*)>', '\1', 'g'),
                '<!([a-z]+)[^>]*>', '@\1', 'g'),
                '<(https?://|mailto:)[^|>]*\|?([^>]*)>', '\2', 'g'),
            '&lt;', '<'), '&gt;', '>'), '&amp;', '&') as plain_text
    from deduplicated
),

final as (
    select
        'slack:' || channel_id || ':' || ts as post_id,
        'slack' as platform,
        coalesce(user_id, 'bot:' || coalesce(bot_id, 'unknown')) as account_id,
        channel_name as context,
        make_timestamp(cast(try_cast(ts as double) * 1000000 as bigint)) as created_at,
        case
            when subtype in ('channel_join', 'channel_leave', 'channel_topic', 'channel_purpose', 'channel_name',
                             'channel_archive', 'channel_unarchive', 'bot_add', 'bot_remove', 'pinned_item',
                             'tombstone', 'reminder_add', 'sh_room_created', 'huddle_thread')
                 or coalesce(try_cast(record->>'hidden' as boolean), false) then 'system'
            when thread_ts is not null and thread_ts <> ts then 'reply'
            else 'post'
        end as kind,
        case when thread_ts is not null and thread_ts <> ts then 'slack:' || channel_id || ':' || thread_ts end as parent_post_id,
        trim(plain_text) as text,
        '/archives/' || channel_id || '/p' || replace(ts, '.', '') as permalink,
        coalesce(list_sum(list_transform(
            json_extract(reactions, '$[*].count')::VARCHAR[], lambda c: try_cast(c as bigint))), 0)::BIGINT as likes,
        null::BIGINT as reshares
    from cleaned
    where try_cast(ts as double) is not null
)

select * from final
