"""The translated and hospital banks keep the shape of the English ones and render cleanly."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from ambassador.sample import hospital, text, translations

_SLOT = re.compile(r"\{(\w+)\}")
_HEBREW = re.compile(r"[\u0590-\u05FF]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")


def fill(rng: random.Random, template: str, slots: dict[str, list[str]]) -> str:
    """``template`` with every plain slot filled from ``slots`` (recursively) and every markup
    slot as a placeholder; a missing slot raises KeyError, as :func:`text.fill` would."""

    def one(m: re.Match) -> str:
        name = m.group(1)
        if name in text.MARKUP_SLOTS:
            return f"<{name}>"
        return fill(rng, rng.choice(slots[name]), slots)

    return _SLOT.sub(one, template).replace("&amp;", "&")


def slots_for(lang: str) -> dict[str, list[str]]:
    return {**text.SLOTS, **translations.SLOTS_BY_LANGUAGE.get(lang, {})}


def all_templates(banks: dict) -> list[tuple[str, str]]:
    return [(category, t) for category, parts in banks.items() for part in parts for t in part if t]


def test_check_shapes_is_clean():
    assert translations.check_shapes() == []
    assert hospital.check_shapes() == []


def test_every_category_and_language_is_there():
    assert sorted(translations.BANKS_BY_LANGUAGE) == ["de", "es", "he"]
    for lang in translations.LANGUAGES:
        assert set(translations.BANKS_BY_LANGUAGE[lang]) == set(text.BANKS)
    assert sorted(translations.IRONY_BANKS) == ["de", "en", "es", "he"]
    for lang, banks in translations.IRONY_BANKS.items():
        assert set(banks) == set(translations.IRONY_CATEGORIES), lang
        assert all(len(part) >= 12 for part in banks["sarcastic"] + banks["announcement_exec"])


def test_check_shapes_reports_a_broken_translation():
    broken = {**translations.BANKS_BY_LANGUAGE["es"]}
    question = broken["question"]
    broken["question"] = ([question[0][0].replace("{task}", "{tool}")] + question[0][1:], question[1][:-1])
    problems = translations.compare_banks(text.BANKS, broken, "es")
    assert any("slots ['tool'] != English ['task']" in p for p in problems)
    assert any("question[1]: 4 templates" in p for p in problems)
    assert translations.compare_slots(text.SLOTS, {"day": ["lunes"]}, "es") == ["es/day: 1 values, English has 7"]


@pytest.mark.parametrize("lang", translations.LANGUAGES)
def test_every_template_and_value_renders(lang):
    rng = random.Random(lang)
    slots = slots_for(lang)
    banks = {**translations.BANKS_BY_LANGUAGE[lang], **translations.IRONY_BANKS[lang]}
    for _, template in all_templates(banks):
        for _ in range(3):
            out = fill(rng, template, slots)
            assert "{" not in out and "}" not in out and "  " not in out, out
    for name, values in translations.SLOTS_BY_LANGUAGE[lang].items():
        for value in values:
            assert "{" not in fill(rng, value, slots), (name, value)


def test_english_irony_and_hospital_render():
    rng = random.Random(0)
    for _, template in all_templates(translations.IRONY_BANKS["en"]):
        fill(rng, template, text.SLOTS)
    for _, template in all_templates({**hospital.BANKS, **hospital.IRONY_BANKS["en"]}):
        for _ in range(3):
            assert "{" not in fill(rng, template, hospital.SLOTS)
    assert set(hospital.BANKS) == set(text.BANKS)
    assert all(len(hospital.BANKS[c]) == len(text.BANKS[c]) for c in text.BANKS)


def test_hebrew_is_written_in_hebrew_script():
    banks = {**translations.BANKS_BY_LANGUAGE["he"], **translations.IRONY_BANKS["he"]}
    templates = [_SLOT.sub("", t) for _, t in all_templates(banks)]
    lettered = [t for t in templates if _HEBREW.search(t) or _LATIN.search(t)]
    hebrew = [t for t in lettered if _HEBREW.search(t)]
    assert len(hebrew) >= 0.9 * len(lettered)
    letters = "".join(lettered)
    assert len(_HEBREW.findall(letters)) > 4 * len(_LATIN.findall(letters))
    for text_ in [translations.VALUES_MD_BY_LANGUAGE["he"], *translations.EXEMPLARS_BY_LANGUAGE["he"]]:
        assert len(_HEBREW.findall(text_)) > len(_LATIN.findall(text_))
    assert all(_HEBREW.search(n) for n in translations.FIRST_NAMES_BY_LANGUAGE["he"])
    assert all(_HEBREW.search(n) for n in translations.LAST_NAMES_BY_LANGUAGE["he"])


def test_names():
    for lang in translations.LANGUAGES:
        for table in (translations.FIRST_NAMES_BY_LANGUAGE, translations.LAST_NAMES_BY_LANGUAGE):
            names = table[lang]
            assert len(names) >= 40 and len(set(names)) == len(names), lang
    assert len(translations.LATIN_HEBREW_FIRST) == len(translations.FIRST_NAMES_BY_LANGUAGE["he"])
    assert len(translations.LATIN_HEBREW_LAST) == len(translations.LAST_NAMES_BY_LANGUAGE["he"])
    assert all(n.isascii() and n[0].isupper() for n in translations.LATIN_HEBREW_FIRST + translations.LATIN_HEBREW_LAST)
    assert any(set(n) & set("äöüß") for n in translations.LAST_NAMES_BY_LANGUAGE["de"])
    assert any(set(n) & set("áéíóúñ") for n in translations.FIRST_NAMES_BY_LANGUAGE["es"])


def _sentences(markdown: str, words: int) -> list[str]:
    body = re.sub(r"\s+", " ", markdown)
    return [s.strip() for s in re.split(r"(?<=[.!?:])\s+", body) if len(s.split()) >= words]


@pytest.mark.parametrize("lang", ["en", *translations.LANGUAGES, "hospital"])
def test_banks_paraphrase_the_values_without_copying_them(lang):
    if lang == "hospital":
        values, banks, slots = hospital.VALUES_MD, hospital.BANKS, hospital.SLOTS
    elif lang == "en":
        values, banks, slots = text.VALUES_MD, translations.IRONY_BANKS["en"], text.SLOTS
    else:
        values, banks, slots = (translations.VALUES_MD_BY_LANGUAGE[lang],
                                {**translations.BANKS_BY_LANGUAGE[lang], **translations.IRONY_BANKS[lang]}, slots_for(lang))
    sentences = _sentences(values, 5)
    assert len(sentences) >= 10
    corpus = "\n".join(t for _, t in all_templates(banks)) + "\n" + "\n".join(v for vs in slots.values() for v in vs)
    assert not [s for s in sentences if s.rstrip(".") in corpus]


@pytest.mark.parametrize("lang", translations.LANGUAGES)
def test_values_statements_keep_the_english_structure(lang):
    md = translations.VALUES_MD_BY_LANGUAGE[lang]
    assert md.startswith("# ") and md.count("\n## ") == text.VALUES_MD.count("\n## ") == 5
    assert "Northwind Lighthouse" in md
    assert len(translations.EXEMPLARS_BY_LANGUAGE[lang]) == len(text.EXEMPLARS)


def _uses(lang: str):
    """(template, the word before a slot, the slot) for every slot in the language's banks and values."""
    banks = {**translations.BANKS_BY_LANGUAGE[lang], **translations.IRONY_BANKS[lang]}
    sources = [t for _, t in all_templates(banks)] + [v for vs in translations.SLOTS_BY_LANGUAGE[lang].values() for v in vs]
    for t in sources:
        for m in re.finditer(r"(?:^|(?<=[\s'(\"]))(\S*?)\{(\w+)\}", t):
            yield t, m.group(1), m.group(2)


def test_spanish_never_writes_de_el_or_a_el():
    slots = slots_for("es")
    bad = [(t, w, s) for t, w, s in _uses("es") if w == "" and s not in text.MARKUP_SLOTS
           for prev in [t.split("{" + s + "}")[0].split()[-1:] or [""]]
           if prev[0].lower() in ("de", "a") and any(v.startswith("el ") for v in slots[s])]
    assert bad == []


def test_german_datives_never_need_a_contraction():
    slots = slots_for("de")
    bad = []
    for t, _, s in _uses("de"):
        if s in text.MARKUP_SLOTS:
            continue
        for before in re.findall(r"(\S+)\s\{" + s + r"\}", t):
            if before.lower() in ("in", "bei", "von", "zu", "an") and any(v.startswith("dem ") for v in slots[s]):
                bad.append(t)
    assert bad == []


# Hebrew words whose first letter ה is part of the word, not the article
_ROOT_HE = {"הליפקס", "התראות", "הזמנת", "הקפאת"}


def test_hebrew_prefixes_only_glue_to_hebrew_words():
    """A one-letter prefix written onto a slot (ב{place}) needs every value to start with a
    Hebrew word that can take it (no article ה, not Latin); Latin values take a hyphen
    (ב-{customer})."""
    slots = slots_for("he")
    bad = []
    for t, word, s in _uses("he"):
        if s in text.MARKUP_SLOTS or not word or word.endswith("-"):
            continue
        if re.fullmatch(r"[ובלמשהכ]+", word):
            for v in slots[s]:
                first = _SLOT.sub("", v)[:1]
                if not _HEBREW.match(first) or (first == "ה" and v.split()[0] not in _ROOT_HE):
                    bad.append((t, s, v))
    assert bad == []


def test_hospital_org_chart_matches_the_company_format():
    from ambassador.sample import company

    assert [len(d) for d in hospital.DEPARTMENTS] == [len(company.DEPARTMENTS[0])] * len(hospital.DEPARTMENTS)
    assert abs(sum(d[1] for d in hospital.DEPARTMENTS) - 1) < 1e-9
    assert abs(sum(loc[1] for loc in hospital.LOCATIONS) - 1) < 1e-9
    assert "Communications" in [d[0] for d in hospital.DEPARTMENTS]
    assert hospital.HASHTAGS and all(h.startswith("#") for h in hospital.HASHTAGS)
    assert hospital.BRAND_X_ID.isdigit() and hospital.DOMAIN.count(".") >= 1
    assert unicodedata.normalize("NFC", hospital.COMPANY_NAME) == hospital.COMPANY_NAME
