-- Scalar macros shared by the SQL models; created on every connection (temporary).

-- Thanks, kudos or praise in a post, in any of the built-in languages (en, he, es, de, fr, pt, it,
-- nl) or by emoji: a mention in such a post is recognition. Generated from ambassador/recognition.py
-- (`python -m ambassador.recognition` prints it; a test keeps the two equal); the resolve stage
-- re-defines it with the words of [recognition] words in the settings.
CREATE OR REPLACE TEMP MACRO is_recognition(t) AS
    regexp_matches(lower(coalesce(t, '')), '(?:^|[^\pL\pN])[ובהלש]{0,2}(?:יישר\s+כוח|ישר\s+כוח|כל\s+הכבוד|מחמאות|מעריך|מעריכה|מעריכות|מעריכים|עבודה\s+מעולה|עבודה\s+מצוינת|שאפו|תודה|תודות)(?:$|[^\pL\pN])|(?:^|[^\pL\pN])(?:agradezco|agradeço|amazing\s+work|appreciation|awesome\s+work|beau\s+boulot|beau\s+travail|bedankt|ben\s+fatto|besten\s+dank|bom\s+trabalho|bon\s+boulot|bon\s+travail|brava|bravi|bravo|buen\s+trabajo|chapeau|complimenten|complimenti|dank\s+an|dank\s+je|dank\s+jullie|dank\s+u|dankbar|dankjewel|dankuwel|enhorabuena|excelente\s+trabajo|excelente\s+trabalho|excellent\s+travail|felicidades|felicitaciones|felicitations|félicitations|gefeliciteerd|glückwunsch|goed\s+gedaan|good\s+job|gracias|gran\s+trabajo|grata|grateful|grato|gratuliere|grazie|great\s+job|great\s+work|grossartige\s+arbeit|großartige\s+arbeit|gut\s+gemacht|hats\s+off|herzlichen\s+dank|hut\s+ab|klasse\s+arbeit|knap\s+gedaan|kudos|nice\s+job|nice\s+work|otimo\s+trabalho|ottimo\s+lavoro|parabens|parabéns|proficiat|props\s+to|respekt|super\s+arbeit|super\s+boulot|tausend\s+dank|thx|toll\s+gemacht|tolle\s+arbeit|top\s+gedaan|valeu|vielen\s+dank|well\s+done|ótimo\s+trabalho)(?:$|[^\pL\pN])|(?:^|[^\pL\pN])(?:agradecid|appreciate|danke|merci|obrigad|reconnaissant|remerci|ringrazi|shout-out|shoutout|thank)|(?::100:|:clap:|:pray:|:raised_hands:|:tada:|🎉|👏|💯|🙌|🙏)');

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

-- A reaction that laughs or rolls its eyes (Slack emoji names, Teams' and others' types),
-- without colons or skin tone. Used to tell a post taken as a joke (ambassador/irony.py).
CREATE OR REPLACE TEMP MACRO is_laughter_reaction(name) AS
    lower(coalesce(name, '')) IN ('joy', 'laughing', 'satisfied', 'rofl', 'rolling_on_the_floor_laughing', 'sweat_smile',
        'smirk', 'rolling_eyes', 'face_with_rolling_eyes', 'upside_down_face', 'unamused', 'clown_face', 'facepalm',
        'face_palm', 'man-facepalming', 'woman-facepalming', 'skull', 'melting_face', 'laugh', 'haha', 'lol',
        '😂', '🤣', '😆', '😅', '🙄', '🙃', '😏', '🤡', '🤦');

-- A reply that only laughs, in any language: laughing emoji, "haha", "lol", "jajaja", "kkkk",
-- "חחח", "mdr", "xD", "555" (Thai), "www" (Japanese), with nothing else but punctuation and
-- a few words ("lol so true" counts, a real answer does not).
CREATE OR REPLACE TEMP MACRO is_laughter_text(t) AS
    len(regexp_extract_all(coalesce(t, ''), '\pL+')) <= 4
    AND regexp_matches(lower(coalesce(t, '')),
        '(😂|🤣|😆|😅|🙄|:joy:|:laughing:|:rolling_on_the_floor_laughing:|:rolling_eyes:|(^|[^\pL])(a?(ha){2,}h?|(he){2,}|(hi){2,}|lo+l+|lmao|rofl|xd+|(ja){2,}|(je){2,}|k{3,}|ח{2,}|mdr|w{3,}|5{3,})([^\pL]|$))');

-- What a reaction says, whatever the language of the post: 'appreciation' (heart, clap, raised
-- hands, pray, tada, sparkles, star-struck, 100, fire, muscle, Teams' heart, Viva Engage's love,
-- celebrate, thank ...), 'acknowledgement' (+1, thumbs up, check marks, eyes, ok hand, like:
-- "seen", "noted"), 'dissent' (eye-rolls, upside-down face, grimacing, -1, thumbs down, rage,
-- facepalm, clown, unamused) or NULL (laughter and everything else, or no name). Slack names
-- without colons or skin tone, Teams' and Viva Engage's types, or the emoji themselves.
CREATE OR REPLACE TEMP MACRO reaction_family(name) AS
    CASE
        WHEN lower(coalesce(name, '')) IN ('heart', 'hearts', 'red_heart', 'heart_eyes', 'clap', 'raised_hands', 'pray', 'tada',
            'sparkles', 'star-struck', 'star_struck', 'star2', 'star', '100', 'fire', 'muscle', 'trophy', 'medal',
            'sports_medal', 'first_place_medal', 'partying_face', 'hugging_face', 'hugs', 'heart_hands', 'love',
            'celebrate', 'thank', 'thanks', 'praise', 'smiling_face_with_3_hearts', 'two_hearts', 'sparkling_heart',
            'blue_heart', 'green_heart', 'purple_heart', 'yellow_heart', 'orange_heart', 'gem', 'bulb', 'brain', 'rocket',
            '❤️', '❤', '😍', '👏', '🙌', '🙏', '🎉', '✨', '🤩', '🌟', '⭐', '💯', '🔥', '💪', '🏆', '🥇', '🥳', '🤗', '🫶', '💖', '💙', '💚', '💜', '🚀', '💡')
            THEN 'appreciation'
        WHEN lower(coalesce(name, '')) IN ('+1', 'thumbsup', 'thumbs_up', 'white_check_mark', 'heavy_check_mark',
            'ballot_box_with_check', 'check', 'eyes', 'ok_hand', 'ok', 'like', 'saluting_face', 'noted', 'ack', 'roger',
            '👍', '✅', '✔️', '☑️', '👀', '👌', '🫡')
            THEN 'acknowledgement'
        WHEN lower(coalesce(name, '')) IN ('-1', 'thumbsdown', 'thumbs_down', 'rolling_eyes', 'face_with_rolling_eyes',
            'upside_down_face', 'grimacing', 'unamused', 'rage', 'angry', 'pouting_face', 'facepalm', 'face_palm',
            'man-facepalming', 'woman-facepalming', 'clown_face', 'expressionless', 'neutral_face', 'no_mouth',
            'confused', 'face_with_raised_eyebrow', 'triumph', 'sad', 'cry', 'disappointed', 'skull', 'smirk', 'melting_face',
            '👎', '🙄', '🙃', '😬', '😒', '😡', '😠', '🤦', '🤡', '😑', '😐', '🤨', '😞', '😢', '💀', '😏', '🫠')
            THEN 'dissent'
    END;
