"""Culture fit: values parsing, the scorer, shrinkage and the stage on a small warehouse."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

import pandas as pd

from ambassador.culture import (
    NO_POSTS_FIT,
    CultureFitScorer,
    References,
    culture_stage,
    judge_posts,
    people_fit,
    read_exemplars,
    read_references,
    score_posts_by_language,
    split_values,
    tone_of_people,
    tone_scores,
    within_language_percentile,
)
from ambassador.errors import InputError
from ambassador.pipeline import RunContext
from ambassador.settings import Settings
from ambassador.warehouse import connect, ensure_schema

VALUES = [
    "We help each other. When a colleague is stuck we stop and lend a hand.",
    "Customers first. We listen to customers before we build.",
    "Safety is everyone's job. Stop work that feels unsafe and report near misses.",
]
# Everyday posts from which LSA learns that "pair" and "blocked" go with "stuck" and "help",
# "client" with "customer", "hazard" with "unsafe".
BACKGROUND = [
    "Helped a colleague who was stuck on the build; we paired for an hour until it was unblocked.",
    "Thanks for pairing with me when I was blocked on the release, that was a real helping hand.",
    "If you are stuck or blocked, ask: someone will pair with you.",
    "New starters get a buddy to pair with when they are blocked.",
    "Visited the client site to listen to the customer before we build anything.",
    "Client feedback: customers asked for faster exports, so we changed the plan.",
    "Spoke with the client about what their customers need from the app.",
    "Our client on the quay explained what customers struggle with at night.",
    "Spotted a trip hazard on the dock and reported the near miss.",
    "Hazard on the loading dock: we stopped work until it was safe again.",
    "Unsafe ladder in the warehouse, reported it as a hazard and it was fixed.",
    "Lunch at the noodle place on Friday?",
    "The coffee machine on the third floor is broken again.",
    "Who is going to the football match on Saturday?",
    "Timesheets are due on Friday.",
    "The parking garage is closed tomorrow.",
    "Anyone have a spare laptop charger?",
    "Not my problem, ask someone else.",
    "Meetings about meetings again, what a waste of time.",
    "I am done covering for other teams and their mess.",
]
PARAPHRASES = [  # on-culture, without the values' own words
    "Happy to pair with anyone who is blocked this week.",
    "Spent the day at the client site hearing what they need.",
    "Reported a hazard on the dock today.",
]
OFF_TOPIC = ["Anyone up for noodles at lunch on Friday?", "The football match is on Saturday."]
NEGATIVE = ["Not my problem, ask someone else.", "What a waste of time these meetings are."]
CORPUS = BACKGROUND + PARAPHRASES + OFF_TOPIC + NEGATIVE


# ---- split_values ------------------------------------------------------------------------------

VALUES_MD = """# How we work at Example Co

Some preamble about the company that is not a value.

## We help each other

Nobody succeeds alone. When a colleague is **stuck** we lend a hand.

### In practice
- pair on hard problems

## Customers first

We [listen](https://example.com/listen) before we build.

## Safety is everyone's job
Anyone can stop unsafe work.
"""


def test_split_values_at_second_level_sections():
    assert split_values(VALUES_MD) == [
        "We help each other. Nobody succeeds alone. When a colleague is stuck we lend a hand. In practice - pair on hard problems",
        "Customers first. We listen before we build.",
        "Safety is everyone's job. Anyone can stop unsafe work.",
    ]


def test_split_values_bullets_and_paragraphs():
    bullets = "# Values\n\nWhat we stand for:\n\n* **Kindness**: assume good intent\n  and say thanks\n   - nested detail\n* Ownership\n\n1. Numbered items count too\n\nClosing words."
    assert split_values(bullets) == [
        "Kindness: assume good intent and say thanks nested detail",
        "Ownership",
        "Numbered items count too",
    ]
    paragraphs = "# Values\n\nWe help each other when\nsomeone is stuck.\n\nWe put customers first.\n"
    assert split_values(paragraphs) == ["We help each other when someone is stuck.", "We put customers first."]
    assert split_values("Customers first\nOwn it\n\n") == ["Customers first", "Own it"]
    assert split_values("# Title only\n") == []
    assert split_values("# A\none\n# B\ntwo") == ["A. one", "B. two"]  # first-level sections when they repeat
    assert split_values("> - Quoted one\n> - Quoted `two`\n") == ["Quoted one", "Quoted two"]


# ---- the scorer ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scorer():
    return CultureFitScorer(VALUES, n_components=5).fit(CORPUS)


def test_paraphrases_score_above_off_topic_and_negative_posts(scorer):
    on = scorer.score_posts(PARAPHRASES)
    off = scorer.score_posts(OFF_TOPIC + NEGATIVE)
    assert on.min() > off.max()
    assert ((0 <= on) & (on <= 1)).all() and ((0 <= off) & (off <= 1)).all()


def test_lsa_lifts_paraphrases_that_share_few_words():
    tfidf_only = CultureFitScorer(VALUES, n_components=1).fit(CORPUS)  # below 2: no SVD
    assert tfidf_only.svd_ is None
    lsa = CultureFitScorer(VALUES, n_components=5).fit(CORPUS)
    assert lsa.score_posts(PARAPHRASES[:1])[0] > tfidf_only.score_posts(PARAPHRASES[:1])[0]
    assert lsa.score_posts(PARAPHRASES[:1])[0] > 0.5


def test_components_shrink_on_a_tiny_corpus():
    tiny = CultureFitScorer(VALUES).fit(["helping a colleague", "lunch?", "customers on the quay"])
    assert tiny.n_components_ < 100
    assert tiny.score_posts(["we help each other"])[0] > tiny.score_posts(["lunch?"])[0]


def test_inflections_meet_without_a_stemmer():
    # character n-grams within words: "helping"/"help", and the same in German and Hebrew
    for values, post, other in [
        (["We help each other"], "helping colleagues", "parking garage"),
        (["Wir helfen einander. Kundenfeedback zählt."], "Ich habe Kunden geholfen", "Mittagessen am Freitag"),
        (["אנחנו עוזרים זה לזה. הלקוחות קודם."], "עזרתי ללקוחות היום", "ארוחת צהריים ביום שישי"),
    ]:
        est = CultureFitScorer(values, n_components=1).fit([post, other])
        on, off = est.score_posts([post, other])
        assert on > off, values


def test_exemplars_join_the_references_as_one_centroid():
    exemplar = "Fixed the broken coffee machine for everyone on the third floor."
    without = CultureFitScorer(VALUES, n_components=5).fit(CORPUS)
    with_ex = CultureFitScorer(VALUES, [exemplar], n_components=5).fit(CORPUS)
    assert with_ex.reference_.shape[0] == len(VALUES) + 1 and with_ex.n_values_ == len(VALUES)
    post = ["The coffee machine on the third floor is broken again."]
    assert with_ex.score_posts(post)[0] > without.score_posts(post)[0]
    three = CultureFitScorer(VALUES, [exemplar, PARAPHRASES[0], PARAPHRASES[1]], n_components=5).fit(CORPUS)
    assert three.reference_.shape[0] == len(VALUES) + 1
    assert np.allclose(np.linalg.norm(three.reference_, axis=1), 1.0)
    only = CultureFitScorer((), [exemplar], n_components=5).fit(CORPUS)  # exemplars alone are enough
    assert only.reference_.shape[0] == 1 and only.n_values_ == 0


def test_counter_examples_lower_cynical_posts_that_use_the_values_words():
    cynical = "Customers first, they say, then nobody listens to customers. What a waste of time."
    counter = ["Not my problem, ask someone else.", "Nobody listens here, what a waste of time."]
    corpus = CORPUS + [cynical]
    plain = CultureFitScorer(VALUES, n_components=5).fit(corpus)
    contrasted = CultureFitScorer(VALUES, (), counter, n_components=5).fit(corpus)
    assert plain.counter_reference_ is None and contrasted.counter_reference_.shape == (1, 5)
    assert contrasted.score_posts([cynical])[0] < plain.score_posts([cynical])[0]


def test_texts_without_known_terms_score_zero(scorer):
    assert scorer.score_posts(["", "zzzqqq", "12345"]).tolist() == [0.0, 0.0, 0.0]


def test_people_fit_shrinks_few_posts_toward_the_population():
    people = ["one"] + ["many"] * 10 + ["off"] * 4
    evidence = np.array([0.9] + [0.8] * 10 + [0.1] * 4)
    f = people_fit(people, evidence, [f"p{i}" for i in range(len(people))], prior_posts=8.0).set_index("employee_id")
    assert list(f.index) == ["many", "off", "one"]
    assert f["posts_scored"].to_dict() == {"many": 10, "off": 4, "one": 1}
    mean = f["raw_fit"].mean()  # each person counts once
    one = f.loc["one"]
    assert one["culture_fit"] == pytest.approx((1 * one["raw_fit"] + 8.0 * mean) / 9.0)
    assert mean < one["culture_fit"] < one["raw_fit"]
    many = f.loc["many"]
    assert abs(many["culture_fit"] - many["raw_fit"]) < abs(one["culture_fit"] - one["raw_fit"])
    g = people_fit(people, evidence, range(len(people)), prior_posts=0.0)
    assert np.allclose(g["culture_fit"], g["raw_fit"])


def test_people_fit_leaves_people_without_evidence_unknown():
    f = people_fit(["a", "a", "b"], np.array([np.nan, np.nan, 0.2]), ["p1", "p2", "p3"], prior_posts=8.0)
    a = f.set_index("employee_id").loc["a"]
    assert a["posts_scored"] == 0 and np.isnan(a["culture_fit"]) and a["top_post_ids"] == []


def test_top_post_ids_are_the_best_posts_first(scorer):
    texts = OFF_TOPIC + [PARAPHRASES[2]] + NEGATIVE + [PARAPHRASES[0]]
    ids = ["a", "b", "c", "d", "e", "f"]
    scores = scorer.score_posts(texts)
    f = people_fit(["x"] * len(texts), scores, ids, prior_posts=8.0)
    top = f.loc[0, "top_post_ids"]
    by_id = dict(zip(ids, scores))
    assert len(top) == 3 and set(top[:2]) == {"c", "f"}
    assert [by_id[i] for i in top] == sorted((by_id[i] for i in top), reverse=True)


def test_estimator_conventions():
    est = CultureFitScorer(VALUES, n_components=7)
    assert est.get_params()["n_components"] == 7 and est.get_params()["values"] == VALUES
    copy = clone(est)
    assert copy.get_params() == est.get_params() and not hasattr(copy, "reference_")
    with pytest.raises(NotFittedError):
        est.score_posts(["hello"])
    assert est.fit(CORPUS) is est
    assert all(hasattr(est, a) for a in ("words_", "chars_", "tfidf_", "svd_", "n_components_", "reference_"))
    assert est.transform(CORPUS).shape == (len(CORPUS), 1)
    again = CultureFitScorer(VALUES, n_components=7).fit(CORPUS)
    assert np.array_equal(est.score_posts(CORPUS), again.score_posts(CORPUS))  # fixed random_state
    restored = pickle.loads(pickle.dumps(est))
    assert np.array_equal(restored.score_posts(PARAPHRASES), est.score_posts(PARAPHRASES))
    with pytest.raises(ValueError):
        CultureFitScorer([]).fit(CORPUS)


def test_fit_samples_large_corpora_but_scores_everything():
    est = CultureFitScorer(VALUES, n_components=5, max_fit_posts=10).fit(CORPUS)
    assert len(est.score_posts(CORPUS)) == len(CORPUS)


# ---- every language --------------------------------------------------------------------------

VALUES_HE = ["אנחנו עוזרים זה לזה. כשעמית תקוע אנחנו עוצרים ועוזרים.", "הלקוחות קודם. מקשיבים ללקוחות לפני שבונים."]
POSTS_HE = [
    "עזרתי לעמית שהיה תקוע עם הבנייה, ישבנו יחד שעה",
    "ביקרנו אצל הלקוחות ברציף והקשבנו למה שהם צריכים",
    "מי בא לארוחת צהריים ביום שישי?",
    "החניה סגורה מחר",
]


def test_posts_are_judged_against_the_values_in_their_own_language():
    texts = CORPUS + POSTS_HE + ["Hilfe für Kunden"]
    langs = ["en"] * len(CORPUS) + ["he"] * len(POSTS_HE) + ["de"]
    refs = {"en": References(values=VALUES), "he": References(values=VALUES_HE)}
    scores, scorers = score_posts_by_language(texts, langs, refs, n_components=5)
    assert set(scorers) == {"en", "he"}
    he = scores[len(CORPUS) : len(CORPUS) + 4]
    assert min(he[:2]) > max(he[2:])  # on-culture Hebrew above Hebrew chatter
    assert np.isnan(scores[-1])  # German: no references, no evidence either way
    pct = within_language_percentile(scores, langs)
    assert np.nanmax(pct[len(CORPUS) : len(CORPUS) + 4]) == 1.0 and np.nanmax(pct[: len(CORPUS)]) == 1.0


def test_irony_and_copies_are_not_evidence_of_fit():
    posts = pd.DataFrame(
        {
            "text": [
                "Helped a colleague who was stuck on the build; we paired for an hour.",
                "Love another 'customers first' all-hands, so inspiring 🙄",
                "We help each other. When a colleague is stuck we stop and lend a hand.",  # a copy
                "Sure, we always listen to our customers here, they come first, obviously",  # laughed at
                "Lunch at the noodle place on Friday?",
            ] + BACKGROUND,
            "lang": "en",
            "responses": [5, 6, 2, 8, 1] + [0] * len(BACKGROUND),
            "laughs": [0, 5, 0, 6, 0] + [0] * len(BACKGROUND),
        }
    )
    judged = judge_posts(posts, {"en": References(values=VALUES)}, n_components=5)
    assert judged["ironic"][:5].tolist() == [False, True, False, True, False]
    assert judged["evidence"][1] == 0.0 and judged["evidence"][3] == 0.0
    assert np.isnan(judged["evidence"][2])
    assert judged["evidence"][0] > judged["evidence"][4]
    assert judged["polarity"][1] < 0 < tone_scores([posts["text"][1]])[0]  # VADER alone reads the irony as praise


def test_tone_is_read_in_english_only():
    posts = pd.DataFrame({"text": ["Thanks so much, great work!", "תודה רבה, עבודה מצוינת!"], "lang": ["en", "he"],
                          "responses": [0, 0], "laughs": [0, 0]})
    judged = judge_posts(posts, {"en": References(values=VALUES)}, n_components=2)
    assert judged["polarity"][0] > 0.5 and np.isnan(judged["polarity"][1])
    tone = tone_of_people(["a", "b"], judged["polarity"], prior_posts=8.0).set_index("employee_id")
    assert tone.loc["b", "tone_posts"] == 0 and np.isnan(tone.loc["b", "tone"])


def test_values_in_several_languages(tmp_path):
    (tmp_path / "values.md").write_text(VALUES_MD, encoding="utf-8")
    (tmp_path / "values.he.md").write_text("## אנחנו עוזרים זה לזה\nאף אחד לא מצליח לבד.\n## הלקוחות קודם\nמקשיבים.", encoding="utf-8")
    (tmp_path / "values.backup.md").write_text("## not a language\nignored", encoding="utf-8")
    (tmp_path / "exemplars.csv").write_text("text\nGracias por ayudar al equipo de noche con los clientes\n", encoding="utf-8")
    refs = read_references(tmp_path / "values.md", tmp_path / "exemplars.csv")
    assert sorted(refs) == ["en", "es", "he"]
    assert len(refs["en"].values) == 3 and len(refs["he"].values) == 2
    assert refs["es"].source == "exemplars" and refs["he"].source == "values"


# ---- inputs and the stage --------------------------------------------------------------------

AS_OF = date(2026, 3, 31)
WINDOW_END = datetime(2026, 4, 1)


def ago(days: float) -> datetime:
    return WINDOW_END - timedelta(days=days)


def make_warehouse(tmp_path, values: str | None = VALUES_MD, **settings):
    if values is not None:
        (tmp_path / "culture").mkdir(exist_ok=True)
        (tmp_path / "culture" / "values.md").write_text(values, encoding="utf-8")
    s = Settings(data_dir=tmp_path, warehouse=tmp_path / "w.duckdb", **settings)
    ctx = RunContext(settings=s, run_id="test", as_of=AS_OF)
    con = connect(s.warehouse)
    ensure_schema(con)
    people = [("p1", False), ("p2", False), ("p3", False), ("p4", True)]
    con.executemany("INSERT INTO stg_people (employee_id, opt_out) VALUES (?, ?)", people)
    con.executemany(
        # as stg_identity holds them: p4 opted out, so U4 is linked to nobody
        "INSERT INTO stg_identity (platform, account_id, employee_id, rule) VALUES ('slack', ?, ?, 'email')", [(f"U{i}", f"p{i}") for i in range(1, 4)]
    )
    posts = [
        # p1: on-culture
        ("s:1", "U1", "post", ago(1), "Happy to pair with anyone who is stuck, lending a hand is what we do."),
        ("s:2", "U1", "reply", ago(2), "We listened to customers on the quay before we built the fix."),
        ("s:3", "U1", "quote", ago(3), "Stopped work on the dock: it felt unsafe, so we reported the near miss."),
        ("s:4", "U1", "post", ago(80), "Old post about helping a stuck colleague."),  # fourth most recent
        # p2: off-topic, plus kinds and times that must not count
        ("s:5", "U2", "post", ago(1), "Lunch at the noodle place on Friday?"),
        ("s:6", "U2", "post", ago(2), "The parking garage is closed tomorrow."),
        ("s:7", "U2", "reshare", ago(1), "We help each other and put customers first."),
        ("s:8", "U2", "system", ago(1), "joined the channel"),
        ("s:9", "U2", "post", ago(95), "We help each other when a colleague is stuck."),  # before the window
        ("s:10", "U2", "post", ago(1), "   "),  # no text
        # p4 opted out
        ("s:11", "U4", "post", ago(1), "We help each other and put customers first."),
        # an account nobody is linked to
        ("s:12", "U9", "post", ago(1), "We help each other and put customers first."),
    ]
    con.executemany(
        "INSERT INTO stg_posts (post_id, platform, account_id, kind, created_at, text, lang) VALUES (?, 'slack', ?, ?, ?, ?, 'en')",
        posts,
    )
    con.executemany(
        "INSERT INTO stg_posts (post_id, platform, account_id, kind, created_at, text, lang) VALUES (?, 'slack', 'U3', 'post', ?, ?, 'en')",
        [(f"bg:{i}", ago(40), text) for i, text in enumerate(BACKGROUND)],  # p3 posts the background corpus
    )
    return con, ctx


def test_culture_stage_scores_every_person_who_did_not_opt_out(tmp_path):
    (tmp_path / "culture").mkdir()
    (tmp_path / "culture" / "exemplars.csv").write_text(
        "text,label\n\"Thanks for pairing with me, that helped a lot\",help\nNot my problem.,off_culture\n", encoding="utf-8"
    )
    con, ctx = make_warehouse(tmp_path, culture={"max_posts_per_person": 3})
    try:
        summary = culture_stage(con, ctx)
        assert summary["people"] == 3 and summary["people_with_posts"] == 3
        assert (summary["values"], summary["exemplars"], summary["counter_examples"]) == (3, 1, 1)
        assert summary["posts_scored"] == 3 + 2 + 3  # p1 capped at 3, p2's two posts, p3 capped at 3
        rows = con.execute("SELECT * FROM marts_culture ORDER BY employee_id").df().set_index("employee_id")
        assert list(rows.index) == ["p1", "p2", "p3"]  # p4 opted out
        assert rows["posts_scored"].to_dict() == {"p1": 3, "p2": 2, "p3": 3}
        assert set(rows.loc["p1", "top_post_ids"]) == {"s:1", "s:2", "s:3"}  # the three most recent
        assert set(rows.loc["p2", "top_post_ids"]) == {"s:5", "s:6"}
        assert rows.loc["p1", "culture_fit"] > rows.loc["p2", "culture_fit"]
        assert rows.loc["p1", "raw_fit"] > rows.loc["p1", "culture_fit"] > rows.loc["p2", "culture_fit"]
    finally:
        con.close()


def test_people_without_posts_get_the_no_evidence_fit(tmp_path):
    con, ctx = make_warehouse(tmp_path)
    try:
        con.execute("INSERT INTO stg_people (employee_id, opt_out) VALUES ('p5', false)")
        culture_stage(con, ctx)
        row = con.execute("SELECT posts_scored, raw_fit, culture_fit, top_post_ids FROM marts_culture WHERE employee_id = 'p5'").fetchone()
        assert row == (0, None, NO_POSTS_FIT, [])
        lowest_with_posts = con.execute("SELECT min(culture_fit) FROM marts_culture WHERE posts_scored > 0").fetchone()[0]
        assert lowest_with_posts > NO_POSTS_FIT
    finally:
        con.close()


def test_culture_stage_without_posts(tmp_path):
    con, ctx = make_warehouse(tmp_path)
    try:
        con.execute("DELETE FROM stg_posts")
        summary = culture_stage(con, ctx)
        assert (summary["people"], summary["people_with_posts"], summary["posts_scored"]) == (3, 0, 0)
        assert con.execute("SELECT DISTINCT posts_scored, raw_fit, culture_fit FROM marts_culture").fetchall() == [
            (0, None, NO_POSTS_FIT)
        ]
    finally:
        con.close()


def test_missing_values_statement_names_the_file(tmp_path):
    con, ctx = make_warehouse(tmp_path, values=None)
    try:
        with pytest.raises(InputError, match="values statement not found") as err:
            culture_stage(con, ctx)
        assert err.value.path.endswith("values.md") and "organization.values_file" in err.value.fix
    finally:
        con.close()


def test_exemplars_file(tmp_path):
    path = tmp_path / "exemplars.csv"
    assert read_exemplars(path) == ([], [])  # optional
    path.write_text(
        "Text,Label\nFirst one,help\n\n\"Second, with a comma\",\nCynical one, Off Culture \nNo label\n", encoding="utf-8"
    )
    assert read_exemplars(path) == (["First one", "Second, with a comma", "No label"], ["Cynical one"])
    path.write_text("post\nno header named text\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column 'text'"):
        read_exemplars(path)
