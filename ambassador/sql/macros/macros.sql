-- Scalar macros shared by the SQL models; created on every connection (temporary).

-- Thanks, kudos or praise in a post: a mention in such a post is recognition.
CREATE OR REPLACE TEMP MACRO is_recognition(t) AS
    regexp_matches(lower(coalesce(t, '')),
        '(\bthank|\bthanks\b|\bthx\b|\bkudos\b|shout-?out|\bgrateful\b|\bprops to\b|great work|well done|\bappreciate|:pray:|:raised_hands:|:clap:|:tada:)');

-- Platforms inside the company (their posts are "intranet"; everything else is public social).
CREATE OR REPLACE TEMP MACRO is_intranet(platform) AS
    platform IN ('slack', 'viva_engage', 'teams', 'discourse', 'intranet');

-- Hashtags written in a text, lower-case, without '#', each once (letters of any script).
CREATE OR REPLACE TEMP MACRO text_hashtags(t) AS
    list_sort(list_distinct(list_transform(
        regexp_extract_all(coalesce(t, ''), '(?:^|[^\pL\pN_&/#])#([\pL\pN_]*\pL[\pL\pN_]*)', 1),
        lambda h: lower(h))));

-- URLs written in a text (http and https), trailing punctuation trimmed.
CREATE OR REPLACE TEMP MACRO text_links(t) AS
    list_transform(
        regexp_extract_all(coalesce(t, ''), 'https?://[^\s<>"'']+'),
        lambda u: rtrim(u, '.,;:!?)]}'));

-- The host of a URL, lower-case, without 'www.' (NULL when it is not an http(s) URL).
CREATE OR REPLACE TEMP MACRO url_host(u) AS
    nullif(regexp_replace(lower(regexp_extract(coalesce(u, ''), '^https?://(?:[^@/?#]*@)?([^/:?#]+)', 1, 'i')), '^www\.', ''), '');

-- user@host of a Mastodon account or status URI: https://host/users/name[/statuses/1] or
-- https://host/@name[/1]; NULL for anything else.
CREATE OR REPLACE TEMP MACRO mastodon_uri_handle(u) AS
    CASE
        WHEN regexp_matches(coalesce(u, ''), '^https?://[^/@]+/(?:users/|@)[A-Za-z0-9_]+(?:/|$)', 'i')
        THEN lower(regexp_extract(u, '^https?://[^/@]+/(?:users/|@)([A-Za-z0-9_]+)', 1, 'i')
                   || '@' || regexp_extract(u, '^https?://([^/@]+)/', 1, 'i'))
    END;
