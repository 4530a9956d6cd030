-- Teams channel messages as canonical posts (one row per message: teams_messages_current).
-- Bodies are already plain text (reduced at load). System events (from null, or a messageType
-- other than 'message') are kept but marked; bots post as 'app:<id>'.
with

deduplicated as (
    select * from teams_messages_current
),

channels as (
    select id, min(display_name) as display_name
    from raw_teams_channels
    group by id
),

final as (
    select
        'teams:' || d.channel_id || ':' || d.id as post_id,
        'teams' as platform,
        coalesce(d.from_user_id, 'app:' || d.from_application_id, 'teams:system') as account_id,
        coalesce(c.display_name, d.channel_id) as context,
        d.created_utc as created_at,
        case
            when coalesce(d.message_type, 'message') <> 'message'
                 or (d.from_user_id is null and d.from_application_id is null) then 'system'
            when d.reply_to_id is not null and d.reply_to_id <> d.id then 'reply'
            else 'post'
        end as kind,
        case when d.reply_to_id is not null and d.reply_to_id <> d.id
             then 'teams:' || d.channel_id || ':' || d.reply_to_id end as parent_post_id,
        coalesce(d.body_text, '') as text,
        -- webUrl; responses before 2020 have none: the documented deep-link form
        coalesce(d.web_url,
            'https://teams.microsoft.com/l/message/' || url_encode(d.channel_id) || '/' || d.id
            || '?groupId=' || coalesce(d.team_id, '')
            || '&parentMessageId=' || coalesce(d.reply_to_id, d.id)) as permalink,
        coalesce(json_array_length(d.reactions), 0)::BIGINT as likes,
        null::BIGINT as reshares
    from deduplicated d
    left join channels c on c.id = d.channel_id
)

select * from final
