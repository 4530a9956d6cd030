"""Which language each post is written in, and which languages the pipeline cannot read.

A company that writes in Hebrew, Spanish or German must not be scored as if it wrote in
English without anyone being told. The resolve stage labels every post, reply and quote of
``stg_posts`` with its language (``lang``, an ISO 639-1 code, by :func:`detect_languages`) and
counts the mix in ``marts_languages``; the culture stage records there what it could read in
each language, and :func:`language_warnings` turns a language nobody can read into a
WARNING line the command line and ``ambassador status`` print.

Detection is py3langid's naive Bayes model (the normalised-probability classifier, restricted
to the languages that have an ISO 639-1 code) on the text with its markup removed (links,
@mentions, Slack ``<@U…>`` tags, emoji, ``:emoji_names:``, hashtags). A text with fewer than
:data:`MIN_LETTERS` letters, or whose best language holds less than :data:`MIN_CONFIDENCE` of
the probability, is ``und`` (undetermined): "ok", "lol 😂" and "thanks!" say nothing about the
language a person writes in. A text written mostly in Hebrew letters is Hebrew. The same text
always gets the same label.

Examples
--------
>>> detect_languages(["Thanks for the help with the deploy yesterday", "ok", "lol 😂",
...                   "כל הכבוד לצוות על ההשקה", "Muchas gracias por tu ayuda con el proyecto"])
['en', 'und', 'und', 'he', 'es']
>>> LANGUAGE_NAMES["de"], LANGUAGE_NAMES["und"]
('German', 'undetermined')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

UNDETERMINED = "und"
MIN_LETTERS = 6  # fewer letters than this: "und" (CJK characters count CJK_LETTER_WEIGHT each)
MIN_CONFIDENCE = 0.5  # the best language must hold at least this share of the probability
CJK_LETTER_WEIGHT = 3  # an ideograph, kana or hangul syllable carries about a short word
MAX_CHARS = 2000  # longer texts are judged on their first MAX_CHARS characters
WARN_SHARE = 0.02  # a language this common (of posts with a known language) ...
WARN_POSTS = 20  # ... or with this many posts is worth a warning when it cannot be read

# English names of the ISO 639-1 languages the detector knows, and of "und".
LANGUAGE_NAMES: dict[str, str] = {
    "af": "Afrikaans", "am": "Amharic", "an": "Aragonese", "ar": "Arabic", "as": "Assamese", "az": "Azerbaijani",
    "ba": "Bashkir", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "br": "Breton", "bs": "Bosnian",
    "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "dz": "Dzongkha",
    "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fa": "Persian", "fi": "Finnish", "fo": "Faroese", "fr": "French", "fy": "Western Frisian", "ga": "Irish",
    "gd": "Scottish Gaelic", "gl": "Galician", "gu": "Gujarati", "ha": "Hausa", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "ht": "Haitian Creole", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "ig": "Igbo", "is": "Icelandic", "it": "Italian", "ja": "Japanese", "jv": "Javanese", "ka": "Georgian",
    "kk": "Kazakh", "km": "Khmer", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz",
    "la": "Latin", "lb": "Luxembourgish", "lg": "Ganda", "ln": "Lingala", "lo": "Lao", "lt": "Lithuanian",
    "lv": "Latvian", "mg": "Malagasy", "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian",
    "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese", "ne": "Nepali", "nl": "Dutch",
    "nn": "Norwegian Nynorsk", "no": "Norwegian", "oc": "Occitan", "om": "Oromo", "or": "Odia",
    "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian",
    "ru": "Russian", "rw": "Kinyarwanda", "sa": "Sanskrit", "se": "Northern Sami", "si": "Sinhala",
    "sk": "Slovak", "sl": "Slovenian", "sn": "Shona", "so": "Somali", "sq": "Albanian", "sr": "Serbian",
    "st": "Southern Sotho", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tg": "Tajik",
    "th": "Thai", "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar", "ug": "Uyghur",
    "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "vo": "Volapük", "wa": "Walloon",
    "xh": "Xhosa", "yo": "Yoruba", "zh": "Chinese", "zu": "Zulu",
    UNDETERMINED: "undetermined",
}

# Markup that says nothing about the language: links, addresses and @mentions (any token
# with an @), Slack tags (<@U1|x>, <#C1|x>, <!here>, <https://…|label>), Viva Engage
# [[user:1]], :emoji_names: (with skin tones), #hashtags.
_MARKUP = re.compile(
    r"<[@#!][^>]*>|<(?:https?://|mailto:)[^>]*>|\[\[[A-Za-z_]+:\d+\]\]|(?:https?://|www\.)\S+|\S*@\S*"
    r"|:[a-z0-9_+'-]+:(?::skin-tone-\d:)?|#\w+",
    re.IGNORECASE,
)
# Characters that are neither letters, marks, numbers, punctuation nor spaces: emoji, symbols,
# format and private-use characters.
_DROPPED_CATEGORIES = frozenset({"So", "Sk", "Sm", "Sc", "Cf", "Co", "Cs", "Cn", "Cc"})
_SPACES = re.compile(r"\s+")


def _is_cjk(ch: str) -> bool:
    """An ideograph, kana or hangul syllable (scripts written without spaces between words)."""
    o = ord(ch)
    return (
        0x3040 <= o <= 0x30FF  # hiragana, katakana
        or 0x3400 <= o <= 0x4DBF  # CJK extension A
        or 0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
        or 0xAC00 <= o <= 0xD7AF  # hangul syllables
        or 0xF900 <= o <= 0xFAFF  # CJK compatibility ideographs
        or 0x20000 <= o <= 0x3FFFF  # CJK extensions B and later
    )


def _is_hebrew(ch: str) -> bool:
    o = ord(ch)
    return 0x0590 <= o <= 0x05FF or 0xFB1D <= o <= 0xFB4F


def strip_markup(text: str) -> str:
    """The words of a post: links, @mentions, Slack tags, emoji, ``:emoji_names:`` and hashtags removed.

    >>> strip_markup("<@U123|ana> merci beaucoup :tada: 🎉 https://example.com #LifeAtExample @bob")
    'merci beaucoup'
    """
    text = _MARKUP.sub(" ", unicodedata.normalize("NFC", text[:MAX_CHARS]))
    text = "".join(" " if unicodedata.category(c) in _DROPPED_CATEGORIES else c for c in text)
    return _SPACES.sub(" ", text).strip()


def letter_counts(text: str) -> tuple[float, int]:
    """``(letters, hebrew)``: how many letters ``text`` has (CJK characters weighing
    ``CJK_LETTER_WEIGHT``), and how many of them are Hebrew.

    >>> letter_counts("lol 2024!"), letter_counts("תודה רבה"), letter_counts("谢谢")
    ((3, 0), (7, 7), (6, 0))
    """
    letters = hebrew = 0
    for c in text:
        if unicodedata.category(c)[0] == "L":
            letters += CJK_LETTER_WEIGHT if _is_cjk(c) else 1
            hebrew += _is_hebrew(c)
    return letters, hebrew


@cache
def _identifier():
    """py3langid's model with normalised probabilities, over the ISO 639-1 languages only.

    Its other labels are dialects and historical forms (Ancient Hebrew, Nigerian Pidgin,
    Cantonese, Egyptian Arabic ...) that short texts of the main language fall into; without
    them, that probability goes to the main language. Loading takes about a second, once.
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in identifier.labels if len(code) == 2 and code in LANGUAGE_NAMES])
    return identifier


def detect_language(text: str | None) -> str:
    """The ISO 639-1 code of the language ``text`` is written in, or ``"und"``.

    Parameters
    ----------
    text
        A post's plain text (markup is removed here).

    Returns
    -------
    str
        ``"und"`` when, once markup is removed, the text has fewer than ``MIN_LETTERS``
        letters or its most likely language holds less than ``MIN_CONFIDENCE`` of the
        probability; ``"he"`` when most of its letters are Hebrew; otherwise the
        classifier's language.

    Examples
    --------
    >>> detect_language("Vielen Dank für die Hilfe beim Umzug"), detect_language("תודה רבה!")
    ('de', 'he')
    >>> detect_language("thanks!"), detect_language(":tada: <@U024BE7LH> 👏"), detect_language(None)
    ('und', 'und', 'und')
    """
    if not text:
        return UNDETERMINED
    words = strip_markup(text)
    letters, hebrew = letter_counts(words)
    if letters < MIN_LETTERS:
        return UNDETERMINED
    if hebrew * 2 > letters:
        return "he"
    code, confidence = _identifier().classify(words)
    return code if confidence >= MIN_CONFIDENCE else UNDETERMINED


def detect_languages(texts: Iterable[str | None]) -> list[str]:
    """:func:`detect_language` of each text, in order (each distinct text is classified once).

    >>> detect_languages(["Merci beaucoup pour ton aide", "ok", "Merci beaucoup pour ton aide"])
    ['fr', 'und', 'fr']
    """
    seen: dict[str | None, str] = {}
    out = []
    for text in texts:
        code = seen.get(text)
        if code is None:
            code = seen[text] = detect_language(text)
        out.append(code)
    return out


def language_name(code: str | None) -> str | None:
    """The English name of an ISO 639-1 code (the code itself when unknown).

    >>> language_name("he"), language_name("xx"), language_name(None)
    ('Hebrew', 'xx', None)
    """
    return None if code is None else LANGUAGE_NAMES.get(code, code)


# ---- the language mix in the warehouse -------------------------------------------------------

# The kinds of post whose text is the author's own words.
LABELLED_KINDS = ("post", "reply", "quote")


def label_post_languages(con) -> dict[str, int]:
    """Fill ``stg_posts.lang`` for posts, replies and quotes with text; return posts per language.

    Reads ``post_id`` and ``text`` only; writes every label in one ``UPDATE`` from a
    registered frame. Reshares, system messages and empty texts keep ``lang`` NULL.
    """
    import pandas as pd

    from ambassador.warehouse import registered, transaction

    rows = con.execute(
        """SELECT post_id, text FROM stg_posts
           WHERE list_contains($kinds::VARCHAR[], kind) AND nullif(trim(text), '') IS NOT NULL
           ORDER BY post_id""",
        {"kinds": list(LABELLED_KINDS)},
    ).fetchall()
    if not rows:
        return {}
    ids, texts = zip(*rows)
    frame = pd.DataFrame({"post_id": ids, "lang": detect_languages(texts)})
    with registered(con, "_post_languages", frame), transaction(con):
        con.execute("UPDATE stg_posts SET lang = f.lang FROM _post_languages f WHERE stg_posts.post_id = f.post_id")
    return {str(k): int(v) for k, v in frame["lang"].value_counts().sort_index().items()}


def build_language_mix(con, params: Mapping[str, Any], recognition_words: Mapping[str, Sequence[str]] | None = None) -> int:
    """Rebuild ``marts_languages`` (``sql/marts/marts_languages.sql``); return its rows.

    ``params`` are the run's (``as_of``, ``window_days``); ``recognition_words`` the
    ``[recognition] words`` setting, which decides ``recognition_by``.
    """
    from ambassador.recognition import recognition_coverage
    from ambassador.warehouse import build_model

    codes = sorted(LANGUAGE_NAMES)
    coverage = recognition_coverage(codes, recognition_words)
    return build_model(
        con,
        "marts",
        "marts_languages",
        {
            **params,
            "language_codes": codes,
            "language_names": [LANGUAGE_NAMES[c] for c in codes],
            "recognition_by": [None if c == UNDETERMINED else coverage[c] for c in codes],
        },
    )


def read_language_mix(con) -> list[dict[str, Any]]:
    """The rows of ``marts_languages``, most posts first (``[]`` when the table does not exist)."""
    from ambassador.schema import column_names

    present = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'marts_languages'").fetchall()[0][0]
    if not present:
        return []
    columns = column_names("marts_languages")
    rows = con.execute(f"SELECT {', '.join(columns)} FROM marts_languages ORDER BY posts DESC, lang").fetchall()
    return [dict(zip(columns, row)) for row in rows]


def format_language_mix(rows: Sequence[Mapping[str, Any]], limit: int = 8) -> str:
    """One line: the share of each language among posts whose language is known.

    >>> format_language_mix([
    ...     {"lang": "en", "language": "English", "posts": 900, "share": 0.9},
    ...     {"lang": "he", "language": "Hebrew", "posts": 100, "share": 0.1},
    ...     {"lang": "und", "language": "undetermined", "posts": 40, "share": None}])
    'English (en) 90% of 1,000 posts, Hebrew (he) 10%; 40 too short to tell'
    >>> format_language_mix([])
    'no posts in the window'
    """
    known = [r for r in rows if r["lang"] != UNDETERMINED and r.get("share") is not None]
    unknown = sum(r["posts"] for r in rows if r["lang"] == UNDETERMINED)
    if not known:
        return f"no language detected ({unknown:,} posts too short to tell)" if unknown else "no posts in the window"
    total = sum(r["posts"] for r in known)
    parts = [f"{r['language'] or r['lang']} ({r['lang']}) {_percent(r['share'])}" for r in known[:limit]]
    parts[0] += f" of {total:,} posts"
    if len(known) > limit:
        parts.append(f"{len(known) - limit} more")
    tail = f"; {unknown:,} too short to tell" if unknown else ""
    return ", ".join(parts) + tail


def _percent(share: float) -> str:
    """``0.123`` -> ``'12%'``; below 1% one decimal (``'0.4%'``)."""
    return f"{share:.0%}" if share >= 0.01 else f"{share * 100:.1f}%"


def _gaps(row: Mapping[str, Any]) -> list[str]:
    """What the pipeline cannot read in a ``marts_languages`` row's language, each with its fix."""
    code = row["lang"]
    gaps = []
    if row.get("culture_fit_by") == "none":
        gaps.append(f"culture fit is unknown for them: add culture/values.{code}.md, or set culture.embedding_model")
    if row.get("tone_by") == "none":
        gaps.append("tone is read in English only: it neither lifts nor lowers these people")
    if row.get("recognition_by") == "none":
        gaps.append(f'their thanks are not recognised: add [recognition] words = {{ {code} = ["…"] }} to ambassador.toml')
    return gaps


def _warned(rows: Sequence[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], list[str]]]:
    """The rows worth a warning, most posts first, with their gaps."""
    out = []
    for r in sorted(rows, key=lambda r: (-(r.get("posts") or 0), r["lang"])):
        share, posts = r.get("share") or 0.0, r.get("posts") or 0
        if r["lang"] == UNDETERMINED or not (share >= WARN_SHARE or posts >= WARN_POSTS):
            continue
        gaps = _gaps(r)
        if gaps:
            out.append((r, gaps))
    return out


def warned_languages(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The codes :func:`language_warnings` warns about, in its order.

    >>> warned_languages([{"lang": "de", "posts": 40, "share": 0.4, "tone_by": "none"},
    ...                   {"lang": "fr", "posts": 60, "share": 0.6, "tone_by": "vader"}])
    ['de']
    """
    return [r["lang"] for r, _ in _warned(rows)]


def language_warnings(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """WARNING lines for the languages people write in that the pipeline cannot read.

    A language (not ``und``) with at least ``WARN_SHARE`` of the posts whose language is
    known, or at least ``WARN_POSTS`` posts, is reported when its ``culture_fit_by`` or
    ``tone_by`` is ``'none'`` (NULL: the culture stage has not said, so nothing is claimed)
    or its ``recognition_by`` is ``'none'``.

    Parameters
    ----------
    rows
        Mappings with the columns of ``marts_languages`` (:func:`read_language_mix`).

    Returns
    -------
    list of str
        One line per language, most posts first, naming the language, its share, what
        is unknown about these people and the fix.

    Examples
    --------
    >>> rows = [
    ...     {"lang": "en", "language": "English", "posts": 880, "people": 90, "share": 0.88,
    ...      "culture_fit_by": "values", "tone_by": "vader", "recognition_by": "built-in"},
    ...     {"lang": "he", "language": "Hebrew", "posts": 120, "people": 14, "share": 0.12,
    ...      "culture_fit_by": "none", "tone_by": "none", "recognition_by": "built-in"},
    ...     {"lang": "pl", "language": "Polish", "posts": 3, "people": 1, "share": 0.003,
    ...      "culture_fit_by": "none", "tone_by": "none", "recognition_by": "none"}]
    >>> for line in language_warnings(rows):
    ...     print(line)
    WARNING: Hebrew (he) is 12% of posts (120 posts by 14 people): culture fit is unknown for them: add culture/values.he.md, or set culture.embedding_model; tone is read in English only: it neither lifts nor lowers these people
    """
    lines = []
    for r, gaps in _warned(rows):
        people = r.get("people")
        by = f" by {people:,} people" if people else ""
        name = r.get("language") or language_name(r["lang"])
        share = _percent(r.get("share") or 0.0)
        lines.append(f"WARNING: {name} ({r['lang']}) is {share} of posts ({r.get('posts') or 0:,} posts{by}): " + "; ".join(gaps))
    return lines
