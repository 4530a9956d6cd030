"""Languages and recognition in every language: detection, the language mix, its warnings, the
thank-you lexicon behind is_recognition, and reaction names."""

from __future__ import annotations

import pytest
from builders import msg, run_ingest, slack_user, write_directory, write_slack_export

from ambassador.identity import resolve
from ambassador.language import (
    LANGUAGE_NAMES,
    detect_language,
    detect_languages,
    format_language_mix,
    language_warnings,
    read_language_mix,
    strip_markup,
)
from ambassador.recognition import (
    RECOGNITION_WORDS,
    define_recognition_macro,
    macro_sql,
    recognition_coverage,
    recognition_pattern,
)
from ambassador.schema import column_names
from ambassador.warehouse import connect, ensure_schema, sql_text

# ---- detection ---------------------------------------------------------------------------

WRITTEN = {
    "en": "Thanks for walking the new hires through the berth plan yesterday, it really helped",
    "he": "תודה רבה לכולם על העבודה הקשה בהשקה של השבוע",
    "es": "Muchas gracias por ayudarnos con la migración del sistema de turnos",
    "de": "Vielen Dank für die schnelle Hilfe beim Umzug der Datenbank",
    "fr": "Merci beaucoup pour ton aide avec la présentation du client",
    "pt": "Obrigado pela ajuda com o relatório do cliente na semana passada",
}


@pytest.mark.parametrize("lang", sorted(WRITTEN))
def test_each_language_is_detected(lang):
    assert detect_language(WRITTEN[lang]) == lang


@pytest.mark.parametrize(
    "text", ["ok", "lol 😂", "thanks!", "+1", "LGTM 🚀", ":tada: :clap::skin-tone-2:", "<@U024BE7LH> 👏", "#LifeAtExample",
             "https://example.com/a/very/long/path/with/words", "@ana @bob.smith ana@example.com", "2026-01-31 14:00", "", "   "],
)
def test_short_or_letterless_texts_are_undetermined(text):
    assert detect_language(text) == "und"


def test_markup_does_not_change_the_language():
    wrapped = f"<@U1|ana> {WRITTEN['es']} :tada: 🎉🎉 https://intranet.example.com/x #equipo @bob"
    assert strip_markup(wrapped) == WRITTEN["es"]
    assert detect_language(wrapped) == "es"


def test_hebrew_letters_decide_hebrew_even_with_english_words():
    # py3langid alone may call short Hebrew something else; mostly Hebrew letters are Hebrew
    assert detect_language("Deploy מחר בבוקר, מי זמין?") == "he"
    assert detect_language("שאפו על ה-PR") == "he"
    assert detect_language("תודה") == "und"  # four letters: too short to tell, in any script


def test_detection_is_deterministic_and_batch_equals_one_by_one():
    texts = [*WRITTEN.values(), "ok", None, *WRITTEN.values()]
    first = detect_languages(texts)
    assert first == detect_languages(texts) == [detect_language(t) for t in texts]
    assert all(code in LANGUAGE_NAMES for code in first)


def test_language_names_cover_the_languages_people_write_in():
    for code in ("en", "he", "es", "de", "fr", "pt", "it", "nl", "pl", "ar", "ru", "ja", "zh", "und"):
        assert LANGUAGE_NAMES[code]
    assert all(len(code) == 2 for code in LANGUAGE_NAMES if code != "und")


# ---- warnings and the mix ----------------------------------------------------------------


def row(lang, posts, share, culture="values", tone="vader", recognition="built-in", people=10):
    return {"lang": lang, "language": LANGUAGE_NAMES.get(lang, lang), "posts": posts, "people": people, "share": share,
            "culture_fit_by": culture, "tone_by": tone, "recognition_by": recognition}


def test_a_common_language_nobody_reads_warns_with_the_fix():
    rows = [row("en", 900, 0.9), row("he", 100, 0.1, culture="none", tone="none")]
    [line] = language_warnings(rows)
    assert line.startswith("WARNING: Hebrew (he) is 10% of posts (100 posts by 10 people)")
    assert "add culture/values.he.md, or set culture.embedding_model" in line
    assert "tone is read in English only: it neither lifts nor lowers these people" in line


def test_warning_thresholds_share_or_posts():
    rare = row("es", 19, 0.019, culture="none")
    assert language_warnings([rare]) == []
    assert len(language_warnings([row("es", 20, 0.001, culture="none")])) == 1  # 20 posts is enough
    assert len(language_warnings([row("es", 3, 0.02, tone="none")])) == 1  # so is 2%
    [line] = language_warnings([row("es", 3, 0.02, tone="none")])
    assert "culture fit" not in line and "tone is read in English only" in line


def test_no_warning_for_undetermined_unknown_or_readable_languages():
    rows = [
        row("und", 5000, None, culture="none", tone="none", recognition=None),
        row("de", 300, 0.3, culture=None, tone=None),  # the culture stage has not said: nothing claimed
        row("fr", 300, 0.3, culture="embeddings", tone="vader"),
    ]
    assert language_warnings(rows) == []


def test_unrecognised_thanks_warn_with_the_setting_to_add():
    [line] = language_warnings([row("pl", 50, 0.05, recognition="none")])
    assert "Polish (pl)" in line and '[recognition] words = { pl = ["…"] }' in line


def test_language_mix_line():
    rows = [row("en", 850, 0.85), row("he", 100, 0.1), row("es", 50, 0.05), row("und", 70, None)]
    assert format_language_mix(rows) == "English (en) 85% of 1,000 posts, Hebrew (he) 10%, Spanish (es) 5%; 70 too short to tell"


# ---- recognition -------------------------------------------------------------------------


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "w.duckdb")  # macros.sql: is_recognition with the built-in lexicon
    yield c
    c.close()


def recognised(con, texts):
    return [con.execute("SELECT is_recognition($t)", {"t": t}).fetchall()[0][0] for t in texts]


THANKS = {
    "en": ["Thanks @ana for the fix", "huge shout-out to the night crew", "Great work on the launch", "I appreciate it"],
    "he": ["תודה רבה לדנה על העזרה", "ותודה גם לרון", "כל הכבוד לצוות!", "יישר כוח אלון", "שאפו על ההשקה",
           "מעריכה מאוד את העזרה", "בתודה, נועה"],
    "es": ["Gracias Ana", "Mil gracias por todo", "¡Felicidades al equipo!", "Enhorabuena, Marta", "Buen trabajo con el cierre",
           "¡Bravo!", "Te agradezco la ayuda"],
    "de": ["Danke Jonas!", "Vielen Dank für die Hilfe", "Dankeschön an alle", "Super Arbeit, Leute", "Toll gemacht",
           "Großartige Arbeit beim Umzug", "Respekt!"],
    "fr": ["Merci Claire", "Bravo à toute l'équipe", "Félicitations pour la démo", "Bon travail", "Chapeau !"],
    "pt": ["Obrigado, João", "Obrigada pela ajuda", "Parabéns pela entrega", "Bom trabalho, time", "Valeu!"],
    "emoji": ["🙏", "nice 🙌🏽", "👏👏", "🎉 shipped", "💯", ":pray:", ":raised_hands:", ":clap::skin-tone-3:", ":tada:"],
}


@pytest.mark.parametrize("lang", sorted(THANKS))
def test_thanks_in_every_built_in_language_are_recognition(con, lang):
    assert recognised(con, THANKS[lang]) == [True] * len(THANKS[lang])


ORDINARY = [
    "The build is broken again", "great workshop yesterday", "Deploy at 10", "",  None,
    "הפגישה נדחתה למחר", "המתודה החדשה עובדת",  # מתודה holds the letters of תודה: not thanks
    "La reunión es mañana", "Wir treffen uns um zehn", "Le client arrive demain", "O relatório está pronto",
    "Gracie is out today",  # 'gracias' must be whole
]


def test_ordinary_posts_are_not_recognition(con):
    assert recognised(con, ORDINARY) == [False] * len(ORDINARY)


def test_thanksgiving_is_a_known_english_false_positive(con):
    # "thank*" matches any ending, as the English regex always did; nothing else in English does
    assert recognised(con, ["Happy Thanksgiving!"]) == [True]


def test_macros_sql_keeps_the_built_in_pattern():
    """macros.sql's is_recognition is the lexicon's; regenerate with `python -m ambassador.recognition`."""
    assert macro_sql(recognition_pattern()) in sql_text("macros", "macros")


def test_settings_words_extend_the_lexicon(con):
    assert recognised(con, ["Tack så mycket Anna", "Hartelijk bedankt"]) == [False, True]
    define_recognition_macro(con, {"sv": ["tack"], "nl": ["hartelijk*"]})
    assert recognised(con, ["Tack så mycket Anna", "hartelijke groet", "Takk", "Gracias"]) == [True, True, False, True]


def test_settings_words_cannot_inject_sql_or_regex(con):
    con.execute("CREATE TABLE keep (x INTEGER)")
    hostile = {"en": ["x'); DROP TABLE keep; --", ".*", "a|b", "(?i)", "[", "\\"]}
    define_recognition_macro(con, hostile)
    assert con.execute("SELECT count(*) FROM keep").fetchall() == [(0,)]
    assert recognised(con, ["anything at all", "a", "b", "ab"]) == [False, False, False, False]
    assert recognised(con, ["a|b", "look: .* here", "x'); drop table keep; --"]) == [True, True, True]


def test_recognition_coverage_per_language():
    cover = recognition_coverage(["en", "he", "es", "de", "fr", "pt", "sv", "pl"], {"sv": ["tack"], "pl": []})
    assert cover == {"en": "built-in", "he": "built-in", "es": "built-in", "de": "built-in", "fr": "built-in",
                     "pt": "built-in", "sv": "settings", "pl": "none"}
    assert {"en", "he", "es", "de", "fr", "pt"} <= set(RECOGNITION_WORDS)


def test_recognition_settings_are_checked():
    from ambassador.settings import Settings

    assert Settings(recognition={"words": {"nl": ["bedankt"]}}).recognition.words == {"nl": ["bedankt"]}
    for bad in ({"Dutch": ["bedankt"]}, {"nl": [" "]}, {"nl": ["be*dankt"]}):
        with pytest.raises(ValueError):
            Settings(recognition={"words": bad})


# ---- the resolve stage: stg_posts.lang, marts_languages, reactions -----------------------

USERS = [slack_user("U1", "dana", "dana@example.com"), slack_user("U2", "marta", "marta@example.com"),
         slack_user("U3", "jonas", "jonas@example.com"), slack_user("U4", "oli", "oli@example.com")]
DIRECTORY = [
    {"employee_id": "E1", "full_name": "Dana Levi", "email": "dana@example.com"},
    {"employee_id": "E2", "full_name": "Marta Ruiz", "email": "marta@example.com"},
    {"employee_id": "E3", "full_name": "Jonas Weber", "email": "jonas@example.com"},
    {"employee_id": "E4", "full_name": "Oli Berg", "email": "oli@example.com", "opt_out": "yes"},
]


def world(tmp_path):
    day = "2026-01-20"
    messages = [
        msg("1768900000.000100", "U1", "תודה רבה <@U2|marta> על העזרה בהעברת המערכת", reactions=[
            {"name": "pray::skin-tone-4", "users": ["U2", "U3"], "count": 2},
            {"name": "tada", "users": ["U3"], "count": 1}]),
        msg("1768900060.000200", "U2", "Muchas gracias <@U1> por la ayuda con los turnos de la semana"),
        msg("1768900120.000300", "U3", "Vielen Dank <@U1> für die schnelle Hilfe beim Umzug der Datenbank"),
        msg("1768900180.000400", "U3", "Tack <@U2>, det var bra"),  # Swedish thanks: only with the settings word
        msg("1768900240.000500", "U1", "ok"),
        msg("1768900300.000600", "U2", "", subtype="channel_join"),
        msg("1768900360.000700", "U4", "Oli opted out: this text is never stored"),
    ]
    data = tmp_path / "data"
    write_directory(data, DIRECTORY)
    write_slack_export(data / "slack" / "acme.zip", USERS, {"general": {day: messages}})
    (data / "ambassador.toml").write_text('[recognition]\nwords = { sv = ["tack"] }\n', encoding="utf-8")
    ctx, con, _ = run_ingest(data, tmp_path)
    summary = resolve(con, ctx)
    return con, summary


def test_resolve_labels_posts_counts_languages_and_names_reactions(tmp_path):
    con, summary = world(tmp_path)
    langs = dict(con.execute("SELECT text, lang FROM stg_posts").fetchall())
    assert langs["ok"] == "und"
    assert [v for k, v in langs.items() if k.startswith("תודה")] == ["he"]
    assert [v for k, v in langs.items() if k.startswith("Muchas")] == ["es"]
    assert [v for k, v in langs.items() if k.startswith("Vielen")] == ["de"]
    assert con.execute("SELECT lang FROM stg_posts WHERE kind = 'system'").fetchall() == [(None,)]

    mix = {r["lang"]: r for r in read_language_mix(con)}
    assert {"he", "es", "de", "und"} <= set(mix)
    assert mix["he"]["posts"] == 1 and mix["he"]["people"] == 1 and mix["he"]["language"] == "Hebrew"
    known = sum(r["posts"] for code, r in mix.items() if code != "und")
    assert mix["he"]["share"] == pytest.approx(1 / known)
    assert mix["und"]["share"] is None and mix["und"]["recognition_by"] is None
    assert mix["he"]["recognition_by"] == "built-in"
    assert all(r["culture_fit_by"] is None and r["tone_by"] is None for r in mix.values())
    assert summary["languages"] == len(mix) - 1

    acts = set(con.execute("SELECT kind, src_account_id, dst_account_id FROM stg_interactions").fetchall())
    assert ("recognition", "U1", "U2") in acts  # Hebrew thanks
    assert ("recognition", "U2", "U1") in acts  # Spanish
    assert ("recognition", "U3", "U1") in acts  # German
    assert ("recognition", "U3", "U2") in acts  # Swedish, from [recognition] words
    reactions = sorted(con.execute(
        "SELECT src_account_id, reaction FROM stg_interactions WHERE kind = 'reaction'").fetchall())
    assert reactions == [("U2", "pray"), ("U3", "pray")]  # one act per person: their first reaction
    assert con.execute("SELECT count(*) FROM stg_interactions WHERE kind <> 'reaction' AND reaction IS NOT NULL").fetchall() == [(0,)]


def test_an_older_warehouse_gains_the_new_columns(tmp_path):
    con = connect(tmp_path / "old.duckdb")
    con.execute("CREATE TABLE stg_posts (post_id VARCHAR, text VARCHAR)")
    con.execute("CREATE TABLE stg_interactions (platform VARCHAR, kind VARCHAR)")
    ensure_schema(con)
    for table, column in (("stg_posts", "lang"), ("stg_interactions", "reaction")):
        have = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        assert have == column_names(table) and column in have
    assert read_language_mix(con) == []
    con.close()


def test_status_and_the_run_summary_show_the_mix_and_warn(tmp_path, capsys):
    from flows.cli import _language_lines, main

    path = tmp_path / "w.duckdb"
    con = connect(path)
    ensure_schema(con)
    con.execute(
        """INSERT INTO marts_languages VALUES
           ('en', 'English', 900, 80, 0.9, 'values', 'vader', 'built-in'),
           ('he', 'Hebrew', 100, 9, 0.1, 'none', 'none', 'built-in'),
           ('und', 'undetermined', 50, 20, NULL, NULL, NULL, NULL)"""
    )
    con.close()
    assert main(["status", "--warehouse", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Languages of posts (last run): English (en) 90% of 1,000 posts, Hebrew (he) 10%; 50 too short to tell" in out
    assert "  WARNING: Hebrew (he) is 10% of posts (100 posts by 9 people): culture fit is unknown" in out
    lines = _language_lines(path)
    assert lines[0] == "languages  English (en) 90% of 1,000 posts, Hebrew (he) 10%; 50 too short to tell"
    assert [line.split(":")[0] for line in lines[1:]] == ["WARNING"]
    assert _language_lines(tmp_path / "missing.duckdb") == []
