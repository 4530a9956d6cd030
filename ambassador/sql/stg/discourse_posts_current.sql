-- Discourse posts, one row per post across overlapping exports. API rows are keyed on the
-- post id; user-archive rows (which carry no id) take the id of an API copy of the same
-- (topic_id, post_number), else that pair is their key. API copies win over archive rows
-- (they carry the deletion marker, the post type and the reply target), then the latest
-- updated_at, then a fixed order. Deleted posts stay here as markers (no text) so a later
-- deletion hides an earlier copy; posts and interactions skip them. Materialised once per
-- run (a temp table) for posts_discourse and interactions_discourse.
with

posts as (
    select * from raw_discourse_posts
),

api_ids as (
    select topic_id, post_number, min(post_id) as post_id
    from posts
    where post_id is not null
    group by topic_id, post_number
),

keyed as (
    select
        p.* exclude (post_id),
        coalesce(p.post_id, a.post_id) as post_id,
        coalesce(p.post_id, a.post_id, 't' || p.topic_id || '-' || p.post_number) as post_key,
        timezone('UTC', try_cast(p.created_at as TIMESTAMPTZ)) as created_utc,
        timezone('UTC', try_cast(p.updated_at as TIMESTAMPTZ)) as updated_utc,
        p.deleted_at is not null or p.user_deleted as is_deleted
    from posts as p
    left join api_ids as a
        on p.post_id is null and a.topic_id = p.topic_id and a.post_number = p.post_number
),

final as (
    select * from keyed
    where created_utc is not null and user_id is not null
    qualify row_number() over (
        partition by post_key
        order by origin = 'user_archive', updated_utc desc nulls last, _file_sha256, _member, _record
    ) = 1
)

select * from final
