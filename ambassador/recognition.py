"""Recognition in every language: the thank-you, kudos and praise words that make a mention recognition.

A mention in a post that thanks or praises is ``recognition`` in ``stg_interactions``; the
SQL models ask the ``is_recognition(text)`` macro. This module holds the words behind it: a
built-in lexicon (:data:`RECOGNITION_WORDS`, per ISO 639-1 language, and
:data:`RECOGNITION_EMOJI`, in any language) that ``[recognition] words`` in the settings extend,
and the RE2 pattern built from them (:func:`recognition_pattern`).

Words match whole, at letter boundaries of any script (``(?:^|[^\\pL\\pN])``, not RE2's ASCII
``\\b``), case-insensitively (the text is lower-cased), with runs of spaces matching any
white space. A word ending in ``*`` matches any ending (``danke*``: danke, dankeschön). A
Hebrew word may carry the one-letter prefixes ו ה ב ל ש (up to two: ולתודה). Emoji and
``:emoji_names:`` match anywhere.

``sql/macros/macros.sql`` defines ``is_recognition`` with the built-in pattern, so every
connection has it; the resolve stage re-defines it with the settings' words
(:func:`define_recognition_macro`), the pattern passed as a prepared value, never spliced
into SQL.

Examples
--------
>>> recognition_pattern({"nl": ["hartelijk bedankt"]}).count("hartelijk\\\\s+bedankt")
1
>>> recognition_coverage(["en", "he", "nl", "pl"], {"pl": ["dziękuję"]})
{'en': 'built-in', 'he': 'built-in', 'nl': 'built-in', 'pl': 'settings'}
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

# Thanks, kudos and praise, per language (lower case; '*' at the end: any ending).
RECOGNITION_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "thank*", "thx", "kudos", "shoutout*", "shout-out*", "grateful", "props to", "appreciate*", "appreciation",
        "great work", "well done", "great job", "good job", "nice work", "nice job", "awesome work", "amazing work",
        "hats off",
    ),
    "he": (
        "תודה", "תודות", "כל הכבוד", "יישר כוח", "ישר כוח", "שאפו", "מעריך", "מעריכה", "מעריכים", "מעריכות",
        "מחמאות", "עבודה מצוינת", "עבודה מעולה",
    ),
    "es": (
        "gracias", "felicidades", "felicitaciones", "enhorabuena", "buen trabajo", "gran trabajo",
        "excelente trabajo", "bravo", "agradezco", "agradecid*",
    ),
    "de": (
        "danke*", "vielen dank", "besten dank", "herzlichen dank", "tausend dank", "dank an", "dankbar",
        "super arbeit", "tolle arbeit", "toll gemacht", "gut gemacht", "großartige arbeit", "grossartige arbeit",
        "klasse arbeit", "respekt", "hut ab", "glückwunsch", "gratuliere", "bravo",
    ),
    "fr": (
        "merci*", "bravo", "félicitations", "felicitations", "bon travail", "beau travail", "excellent travail",
        "bon boulot", "beau boulot", "super boulot", "chapeau", "reconnaissant*", "remerci*",
    ),
    "pt": (
        "obrigad*", "parabéns", "parabens", "bom trabalho", "ótimo trabalho", "otimo trabalho",
        "excelente trabalho", "valeu", "agradeço", "grato", "grata",
    ),
    "it": ("grazie", "complimenti", "bravo", "brava", "bravi", "ottimo lavoro", "ben fatto", "ringrazi*"),
    "nl": (
        "bedankt", "dank je", "dank jullie", "dank u", "dankjewel", "dankuwel", "goed gedaan", "top gedaan",
        "knap gedaan", "proficiat", "gefeliciteerd", "complimenten",
    ),
}
# In any language: emoji and their Slack names (a skin tone follows the name: still a match).
RECOGNITION_EMOJI: tuple[str, ...] = (
    "🙏", "🙌", "👏", "🎉", "💯", ":pray:", ":raised_hands:", ":clap:", ":tada:", ":100:",
)
HEBREW_PREFIXES = "ובהלש"  # and, the, in, to, that: written joined to the next word

_BEFORE = r"(?:^|[^\pL\pN])"
_AFTER = r"(?:$|[^\pL\pN])"
_RE2_SPECIAL = set("\\.^$|?*+()[]{}")


def _normal(word: str) -> str:
    return unicodedata.normalize("NFC", " ".join(word.split())).lower()


def lexicon(extra: Mapping[str, Sequence[str]] | None = None) -> dict[str, tuple[str, ...]]:
    """The built-in words per language with ``extra`` (``[recognition] words``) added.

    Words are lower-cased, NFC-normalised, their spaces collapsed; each appears once per
    language, in the built-in order, the extra ones after.

    >>> words = lexicon({"nl": ["Bedankt", "Hartelijk  dank"], "pl": ["Dziękuję"]})
    >>> words["nl"][-2:], words["pl"], "pl" in lexicon()
    (('complimenten', 'hartelijk dank'), ('dziękuję',), False)
    """
    merged = {code: list(words) for code, words in RECOGNITION_WORDS.items()}
    for code, words in (extra or {}).items():
        merged.setdefault(code, []).extend(words)
    return {code: tuple(dict.fromkeys(_normal(w) for w in words if w.strip())) for code, words in merged.items()}


def _literal(word: str) -> str:
    """``word`` as an RE2 literal: metacharacters escaped, spaces matching any white space."""
    return r"\s+".join("".join("\\" + c if c in _RE2_SPECIAL else c for c in part) for part in word.split(" "))


def recognition_pattern(extra: Mapping[str, Sequence[str]] | None = None) -> str:
    """The RE2 pattern ``is_recognition`` applies to lower-cased text: any word of the lexicon
    (with ``extra``), or any of :data:`RECOGNITION_EMOJI`.

    Words are grouped by the boundaries they need (a side that is a letter or digit must
    meet a non-letter or the end; a ``*`` ending needs none) and whether they are Hebrew
    (optional one-letter prefixes). The result is deterministic: the same words give the
    same pattern.

    >>> p = recognition_pattern({"en": ["c++ rocks", "o'reilly*"]})
    >>> "c\\\\+\\\\+\\\\s+rocks" in p, "o'reilly" in p
    (True, True)
    """
    groups: dict[tuple[bool, bool, bool], set[str]] = {}
    words = [w for ws in lexicon(extra).values() for w in ws] + [_normal(e) for e in RECOGNITION_EMOJI]
    for word in words:
        prefix_only = word.endswith("*")
        body = word.rstrip("*").strip()
        if not body:
            continue
        before = body[0].isalnum()
        after = not prefix_only and body[-1].isalnum()
        hebrew = "\u0590" <= body[0] <= "\u05ff"
        groups.setdefault((before, hebrew, after), set()).add(_literal(body))
    pieces = []
    for (before, hebrew, after), literals in sorted(groups.items(), reverse=True):
        piece = (_BEFORE if before else "") + (f"[{HEBREW_PREFIXES}]{{0,2}}" if hebrew else "")
        piece += "(?:" + "|".join(sorted(literals)) + ")" + (_AFTER if after else "")
        pieces.append(piece)
    return "|".join(pieces)


def recognition_coverage(languages: Iterable[str], extra: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """Where each language's thank-you words come from: ``built-in``, ``settings`` or ``none``.

    >>> recognition_coverage(["de", "sv"]), recognition_coverage(["sv"], {"sv": ["tack"]})
    ({'de': 'built-in', 'sv': 'none'}, {'sv': 'settings'})
    """
    extra = {code: words for code, words in (extra or {}).items() if any(w.strip() for w in words)}
    return {
        code: "built-in" if code in RECOGNITION_WORDS else "settings" if code in extra else "none" for code in languages
    }


def macro_sql(pattern: str | None = None) -> str:
    """The ``CREATE MACRO`` statement of ``is_recognition``: with ``pattern`` as a string literal
    (quotes doubled), as ``sql/macros/macros.sql`` holds it for the built-in lexicon; without,
    reading the pattern from the ``recognition_pattern`` variable (:func:`define_recognition_macro`).

    >>> print(macro_sql("it's"))
    CREATE OR REPLACE TEMP MACRO is_recognition(t) AS
        regexp_matches(lower(coalesce(t, '')), 'it''s');
    """
    value = "getvariable('recognition_pattern')" if pattern is None else "'" + pattern.replace("'", "''") + "'"
    return f"CREATE OR REPLACE TEMP MACRO is_recognition(t) AS\n    regexp_matches(lower(coalesce(t, '')), {value});"


def define_recognition_macro(con, extra: Mapping[str, Sequence[str]] | None = None) -> str:
    """(Re)define ``is_recognition`` on ``con`` with the built-in words and ``extra``; return the pattern.

    The pattern goes in as a prepared value (``SET VARIABLE recognition_pattern = $p``), which
    DuckDB folds into a constant where the macro is used: words from the settings never
    become SQL, and their regex metacharacters are escaped, so they only ever match themselves.
    """
    pattern = recognition_pattern(extra)
    con.execute("SET VARIABLE recognition_pattern = $p", {"p": pattern})
    con.execute(macro_sql())
    return pattern


if __name__ == "__main__":  # pragma: no cover - prints the statement macros.sql keeps
    print(macro_sql(recognition_pattern()))
