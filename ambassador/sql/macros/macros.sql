-- Scalar macros shared by the SQL models; created on every connection (temporary).

-- Thanks, kudos or praise in a post: a mention in such a post is recognition.
CREATE OR REPLACE TEMP MACRO is_recognition(t) AS
    regexp_matches(lower(coalesce(t, '')),
        '(\bthank|\bthanks\b|\bthx\b|\bkudos\b|shout-?out|\bgrateful\b|\bprops to\b|great work|well done|\bappreciate|:pray:|:raised_hands:|:clap:|:tada:)');

-- Platforms inside the company (their posts are "intranet"; everything else is public social).
CREATE OR REPLACE TEMP MACRO is_intranet(platform) AS
    platform IN ('slack', 'viva_engage', 'teams', 'discourse', 'intranet');
