"""Posts that use the values' words without meaning them: irony and keyword stuffing.

Similarity to the values statement cannot tell "customers first, that's who we are" from
"love another 'customers first' all-hands, so inspiring": both use the values' words. These
functions find what text similarity misses, in any language:

- :func:`copies_values`: a post that copies a value's sentences (keyword stuffing, or pasting
  the statement) says nothing about how its author works;
- :func:`quotes_values`: a value's words held at a distance in quotation marks ("scare
  quotes"), in any script's quotation marks;
- :func:`irony_markers`: the marks people add to be read ironically (``/s``, eye-roll and
  upside-down faces, their Slack names);
- how colleagues responded: a post that matches the values but that colleagues answered mostly
  with laughter (laughing or eye-rolling reactions, replies that only laugh: "😂", "haha",
  "jajaja", "חחח", "mdr") was taken as a joke. That signal does not depend on the author's
  wording or language; ``culture_posts.sql`` counts it per post (``laughs``, ``responses``) and
  :func:`laughed_at` applies the rule.

None of this catches deadpan irony that colleagues answer as if it were sincere, or a sincere
post colleagues happen to laugh with; the README says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["copies_values", "irony_markers", "laughed_at", "quotes_values", "value_terms"]

# Quotation marks of many scripts: "…" “…” „…“ «…» »…« ‘…’ '…' ״…״ 「…」
_QUOTED = re.compile(
    r"""(?:(?<![\w])"([^"\n]{2,60})"(?![\w]))"""
    r"""|“([^”\n]{2,60})”|„([^“”\n]{2,60})[“”]|«([^»\n]{2,60})»|»([^«\n]{2,60})«"""
    r"""|‘([^’\n]{2,60})’|(?:(?<![\w])'([^'\n]{2,60})'(?![\w]))|״([^״\n]{2,60})״|「([^」\n]{2,60})」"""
)
_MARKERS = re.compile(
    r"(?:^|\s)/s\b|🙄|🙃|😒|🤡|🤦|😏|🥱|:(?:rolling_eyes|face_with_rolling_eyes|upside_down_face|unamused|clown_face|"
    r"face_palm|facepalm|smirk|man-facepalming|woman-facepalming):"
)
_LETTERS = re.compile(r"[^\W\d_]+")


def _fold(text: str) -> str:
    """Lower case without accents (any script), for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def value_terms(values: Iterable[str], min_length: int = 4) -> frozenset[str]:
    """The content words of the values' titles (the text before a value's first full stop).

    Titles are what people quote ("customers first"); words shorter than ``min_length``
    letters are left out (articles, particles), in every script.

    >>> sorted(value_terms(["Customers first. We listen before we build.", "We help each other"]))
    ['customers', 'each', 'first', 'help', 'other']
    """
    terms = set()
    for value in values:
        title = value.split(". ", 1)[0]
        terms.update(w for w in _LETTERS.findall(_fold(title)) if len(w) >= min_length)
    return frozenset(terms)


def quotes_values(texts: Iterable[str], terms: frozenset[str]) -> np.ndarray:
    """Whether each text puts one of the values' title words in quotation marks.

    >>> terms = value_terms(["Customers first. We listen."])
    >>> quotes_values(["love another 'customers first' all-hands", 'our "customer" focus',
    ...                "we put customers first", "«Customers first», sure", "don't 'quote' me"], terms).tolist()
    [True, False, False, True, False]
    """
    out = []
    for text in texts:
        hit = False
        for match in _QUOTED.finditer(text or ""):
            span = next(g for g in match.groups() if g)
            if any(w in terms for w in _LETTERS.findall(_fold(span))):
                hit = True
                break
        out.append(hit)
    return np.array(out, dtype=bool)


def irony_markers(texts: Iterable[str]) -> np.ndarray:
    """Whether each text carries a mark meant to be read as irony.

    >>> irony_markers(["great plan /s", "so inspiring 🙄", "nice :upside_down_face:", "Thanks for the help!"]).tolist()
    [True, True, True, False]
    """
    return np.array([bool(_MARKERS.search(t or "")) for t in texts], dtype=bool)


def _shingles(text: str, n: int = 5) -> set[str]:
    folded = " ".join(_LETTERS.findall(_fold(text)))
    return {folded[i : i + n] for i in range(max(len(folded) - n + 1, 0))}


def copies_values(texts: Iterable[str], values: Sequence[str], share: float = 0.6, min_chars: int = 40) -> np.ndarray:
    """Whether each text is mostly copied from the values statement.

    True when at least ``share`` of the text's letter 5-grams occur in the statement and the
    text has at least ``min_chars`` letters (a short post naturally shares a value's words).

    >>> values = ["We help each other. Nobody here succeeds alone: when a colleague is stuck we lend a hand."]
    >>> copies_values(["Nobody here succeeds alone: when a colleague is stuck we lend a hand! #values",
    ...                "Helped Dana with the release today, she was stuck for hours.", "We help each other"], values).tolist()
    [True, False, False]
    """
    reference: set[str] = set()
    for value in values:
        reference |= _shingles(value)
    out = []
    for text in texts:
        grams = _shingles(text or "")
        letters = sum(len(w) for w in _LETTERS.findall(text or ""))
        out.append(letters >= min_chars and bool(grams) and len(grams & reference) >= share * len(grams))
    return np.array(out, dtype=bool)


def laughed_at(laughs: Sequence[float], responses: Sequence[float], min_laughs: int = 2, share: float = 0.5) -> np.ndarray:
    """Whether colleagues answered a post mostly with laughter.

    ``laughs``: laughing or eye-rolling reactions plus replies that only laugh; ``responses``:
    all reactions and replies. At least ``min_laughs`` laughs making at least ``share`` of them.

    >>> laughed_at([3, 1, 4, 0], [4, 1, 12, 0]).tolist()
    [True, False, False, False]
    """
    laughs = np.asarray(laughs, dtype=float)
    responses = np.asarray(responses, dtype=float)
    return (laughs >= min_laughs) & (laughs >= share * np.maximum(responses, 1))
