-- Slack public-channel messages, one row per (channel, ts) across overlapping exports: an
-- edited copy wins over an older one. Materialised once per run (a temp table) for
-- posts_slack and interactions_slack.
with

messages as (
    select * from raw_slack_messages
),

final as (
    select * from messages
    qualify row_number() over (
        partition by channel_id, ts
        order by edited_ts desc nulls last, record::VARCHAR
    ) = 1
)

select * from final
