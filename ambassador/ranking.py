"""Ranking: a composite score from named components, eligibility rules, and reasons.

Every component is in [0, 1]. Most are percentile ranks among the employees considered
(so one platform's or one metric's scale cannot drown the others); reciprocity is already a
share. The score is the weighted sum (weights from ``[weights]``, normalised, or re-learned
from invitation outcomes by :mod:`ambassador.outcomes`) times :func:`fit_gate`, rounded so
that ties are exact and broken by employee id: same inputs, same order.

The inputs are the columns of ``marts_person_features`` (one SQL model); nothing here reads
the evaluation's truth.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from ambassador.language import language_name
from ambassador.schema import COMPONENTS, column_names
from ambassador.settings import CultureSettings
from ambassador.shrinkage import shrink
from ambassador.warehouse import build_model, check_not_null, check_unique, replace_rows

SCORE_DECIMALS = 6
LIFT_THRESHOLD = 0.6  # a component at or above this percentile "lifted" the person
REACH_PRIOR_POSTS = 5  # external reach of a person with this many public posts is pulled halfway to 0.5
BRAND_RESHARE_WEIGHT = 0.25  # a reshare of a brand post counts a quarter of an original brand post
DEFAULT_GATE = CultureSettings().gate
DEFAULT_GATE_ON = tuple(CultureSettings().gate_on)
RESONANCE_PRIOR_POSTS = 5  # engagement per post of someone with this many posts is pulled halfway to the population's
PLATFORM_NAMES = {"x": "X", "mastodon": "Mastodon", "bluesky": "Bluesky", "linkedin": "LinkedIn"}


def percentile(values: pd.Series) -> pd.Series:
    """Average-rank percentile in [0, 1] among the known values; all-equal values give 0.

    Missing values (unknown, not low) stay missing.

    >>> percentile(pd.Series([3.0, 1.0, 2.0, 2.0])).tolist()
    [1.0, 0.0, 0.5, 0.5]
    >>> percentile(pd.Series([3.0, None, 1.0])).tolist()
    [1.0, nan, 0.0]
    """
    known = values.notna()
    if known.sum() < 2 or values[known].nunique() < 2:
        return pd.Series(np.where(known, 0.0, np.nan), index=values.index)
    ranks = values.rank(method="average")
    return (ranks - ranks.min()) / (ranks.max() - ranks.min())


def percentile_among(values: pd.Series, present: pd.Series) -> pd.Series:
    """Percentile in (0, 1] among the people ``present`` (rank / count); 0 for the others.

    For signals most people lack (public posting, brand advocacy): the silent majority gets 0
    instead of a middling shared rank, and one advocate is not lifted by others' absence.

    >>> percentile_among(pd.Series([5.0, 0.0, 1.0, 9.0]), pd.Series([True, False, True, True])).tolist()
    [0.6666666666666666, 0.0, 0.3333333333333333, 1.0]
    """
    out = pd.Series(0.0, index=values.index)
    mask = present.fillna(False).astype(bool)
    if mask.any():
        ranks = values[mask].rank(method="average")
        out[mask] = ranks / mask.sum()
    return out


def advocacy_raw(features: pd.DataFrame) -> pd.Series:
    """Original brand posts plus a quarter for each brand reshare, times originality.

    An amplifier who only reshares has originality 0 and so no advocacy, however much they
    reshare (the issue: "an amplifier who only reshares is not a voice").

    >>> advocacy_raw(pd.DataFrame({"brand_posts": [4, 0, 2], "brand_reshares": [4, 9, 0],
    ...                            "originality": [0.5, 0.0, None]})).tolist()
    [2.5, 0.0, 0.0]
    """
    score = features["brand_posts"].fillna(0) + BRAND_RESHARE_WEIGHT * features["brand_reshares"].fillna(0)
    return score * features["originality"].fillna(0.0)


def resonance_raw(features: pd.DataFrame, prior_posts: float = RESONANCE_PRIOR_POSTS) -> pd.Series:
    """Engagement colleagues aimed at them per intranet post, shrunk toward the population rate.

    ``(acts_received + prior_posts x rate) / (posts + prior_posts)`` where ``rate`` is the
    population's acts per post: a broadcaster's hundred ignored posts pull their rate down,
    and one lucky post of someone who rarely writes does not make them a star.

    >>> f = pd.DataFrame({"acts_received": [90, 10, 0], "posts": [10, 100, 0]})
    >>> [round(x, 2) for x in resonance_raw(f, prior_posts=5)]
    [6.3, 0.14, 0.91]
    """
    acts = features["acts_received"].fillna(0).astype(float)
    posts = features["posts"].fillna(0).astype(float)
    rate = acts.sum() / posts.sum() if posts.sum() > 0 else 0.0
    per_post = acts / posts.where(posts > 0, 1.0)
    return pd.Series(shrink(per_post, posts, prior_posts, rate), index=features.index)


PRESENCE_PRIOR_WEEKS = 4  # someone present this many weeks is pulled halfway to the population's rate


def consistency_raw(features: pd.DataFrame, prior_weeks: float = PRESENCE_PRIOR_WEEKS) -> pd.Series:
    """Share of the weeks they were here in which colleagues engaged with them, shrunk.

    ``weeks_present`` counts the window's weeks since they joined (``hire_date``), so someone
    hired six weeks ago who has been answered every week is as consistent as a veteran who has
    been answered every week for six months, and one burst week is one week whatever its volume.
    Shrunk toward the population's share by ``prior_weeks`` weeks (:func:`ambassador.shrinkage.shrink`).

    >>> f = pd.DataFrame({"engaged_weeks": [6, 6, 1, 0], "weeks_present": [6, 26, 26, 26]})
    >>> [round(x, 2) for x in consistency_raw(f, prior_weeks=0)]
    [1.0, 0.23, 0.04, 0.0]
    """
    weeks = features["weeks_present"].fillna(0).astype(float).clip(lower=1.0)
    engaged = features["engaged_weeks"].fillna(0).astype(float).clip(upper=weeks)
    share = engaged / weeks
    return pd.Series(shrink(share, weeks, prior_weeks, float(share.mean()) if len(share) else 0.0), index=features.index)


def per_week_present(features: pd.DataFrame, column: str, prior_weeks: float = PRESENCE_PRIOR_WEEKS) -> pd.Series:
    """A count of (colleague, week) pairs per week they were here, shrunk toward the population's rate.

    Judges the week they have, not the total: a colleague hired six weeks ago whom five people
    answer every week matches a veteran whom five people have answered every week for six
    months, and a single burst week spreads over every week of the window.

    >>> f = pd.DataFrame({"engager_weeks": [30, 130, 40], "weeks_present": [6, 26, 26]})
    >>> [round(x, 2) for x in per_week_present(f, "engager_weeks", prior_weeks=0)]
    [5.0, 5.0, 1.54]
    """
    weeks = features["weeks_present"].fillna(0).astype(float).clip(lower=1.0)
    rate = features[column].fillna(0).astype(float) / weeks
    population = float(features[column].fillna(0).sum() / weeks.sum()) if len(weeks) else 0.0
    return pd.Series(shrink(rate, weeks, prior_weeks, population), index=features.index)


RECEPTION_PRIOR_REACTIONS = 20  # someone with this many named reactions is pulled halfway to the population's balance


def reception_raw(features: pd.DataFrame, prior: float = RECEPTION_PRIOR_REACTIONS) -> pd.Series:
    """What colleagues' reactions say, whatever the language: (appreciation - dissent) per named
    reaction, shrunk toward the population's balance; NaN when none of their reactions is named.

    An executive whose posts draw thumbs-up and check marks (acknowledgement), or a colleague
    whose posts draw eye-rolls, stays low however many reactions they get; a colleague whose
    posts draw hearts and applause rises. Platforms whose exports name no reactions leave it
    unknown, which neither lifts nor gates.

    >>> f = pd.DataFrame({"reactions_named": [40, 40, 0], "reactions_appreciative": [30, 2, 0],
    ...                   "reactions_dissenting": [0, 10, 0]})
    >>> [None if x != x else round(x, 2) for x in reception_raw(f, prior=0)]
    [0.75, -0.2, None]
    """
    named = features["reactions_named"].fillna(0).astype(float)
    balance = (features["reactions_appreciative"].fillna(0) - features["reactions_dissenting"].fillna(0)) / named.where(named > 0)
    population = float(balance.mean()) if balance.notna().any() else 0.0
    return pd.Series(np.where(named > 0, shrink(balance, named, prior, population), np.nan), index=features.index)


def components(features: pd.DataFrame) -> pd.DataFrame:
    """The named components, each in [0, 1], from per-person features (``marts_person_features``).

    Percentile ranks among the people in ``features`` except where noted, so one metric's
    scale cannot drown the others and the score is robust to activity volume:

    - ``culture_fit``: intranet culture fit (already shrunk for few posts);
    - ``tone``: how constructively they write, the mean polarity of their posts (shrunk);
    - ``influence``: weighted, time-decayed PageRank;
    - ``engagers``: colleagues who engage with them, per week present (:func:`per_week_present`);
    - ``reach``: other departments among their ties;
    - ``bridging``: participation coefficient of their ties over departments;
    - ``reciprocity``: share of ties that go both ways (a share already, not a percentile);
    - ``consistency``: share of the weeks present in which colleagues engaged with them;
    - ``resonance``: engagement per post, shrunk (:func:`resonance_raw`);
    - ``helpfulness``: colleagues whose posts they replied to, per week present;
    - ``recognition``: colleagues thanked and who thanked them, per week present;
    - ``reception``: what colleagues' reactions say (:func:`reception_raw`), NaN when unknown;
    - ``advocacy``, ``external_reach``, ``public_culture_fit``: public signals, percentile
      among the people who have any (0 for the others).
    """
    out = pd.DataFrame(index=features.index)
    # unknown (a language without values text or without a tone model) stays NaN: see composite
    out["culture_fit"] = percentile(features["culture_fit"].astype(float))
    out["tone"] = percentile(features["tone"].astype(float))
    out["influence"] = percentile(features["pagerank"].fillna(0.0))
    out["engagers"] = percentile(per_week_present(features, "engager_weeks"))
    out["reach"] = percentile(features["departments_reached"].fillna(0))
    out["bridging"] = percentile(features["bridging"].fillna(0.0))
    out["reciprocity"] = features["reciprocity"].fillna(0.0).clip(0.0, 1.0)
    out["consistency"] = percentile(consistency_raw(features))
    out["resonance"] = percentile(resonance_raw(features))
    out["helpfulness"] = percentile(per_week_present(features, "helped_weeks"))
    out["recognition"] = percentile(per_week_present(features, "recognition_weeks"))
    out["reception"] = percentile(reception_raw(features))
    advocacy = advocacy_raw(features)
    out["advocacy"] = percentile_among(advocacy, advocacy > 0)
    out["external_reach"] = percentile_among(features["external_reach"].fillna(0.0), features["scored_posts"].fillna(0) > 0)
    out["public_culture_fit"] = percentile_among(
        features["public_culture_fit"].fillna(0.0), features["public_posts_scored"].fillna(0) > 0
    )
    return out[list(COMPONENTS)]


def component_frame(features: pd.DataFrame) -> pd.DataFrame:
    """``employee_id`` and the components of :func:`components`, rounded as stored."""
    comp = components(features).round(SCORE_DECIMALS)
    comp.insert(0, "employee_id", features["employee_id"].to_numpy())
    return comp.reset_index(drop=True)


def gate_factor(values: pd.Series | np.ndarray, gate: float) -> pd.Series:
    """``min(1, values / gate)``, or 1 when the gate is off, a value is unknown (NaN) or
    ``values`` do not vary.

    >>> gate_factor(pd.Series([0.0, 0.1, 0.25, 0.9, None]), 0.25).tolist()
    [0.0, 0.4, 1.0, 1.0, 1.0]
    >>> gate_factor(pd.Series([0.0, 0.0]), 0.25).tolist()
    [1.0, 1.0]
    """
    series = pd.Series(np.asarray(values, dtype=float), index=getattr(values, "index", None))
    known = series.dropna()
    if gate <= 0 or known.empty or (known == known.iloc[0]).all():
        return pd.Series(1.0, index=series.index)
    return (series / gate).clip(0.0, 1.0).fillna(1.0)


def fit_gate(comp: pd.DataFrame, gate: float, on: Sequence[str] = DEFAULT_GATE_ON) -> pd.Series:
    """The factor that keeps negative, mocked and merely acknowledged people off the top.

    The product of ``gate_factor`` over the components ``on`` (percentiles; by default
    ``culture.gate_on``: tone and reception): everyone at or above the ``gate`` percentile on
    each keeps their whole score; below it the score shrinks in proportion, down to 0 for the
    most negative writer or the colleague whose posts draw only eye-rolls or acknowledgements.
    However central someone is, popularity alone cannot carry them to the top. ``gate = 0``
    turns it off; a component that is the same for everyone (no evidence), or unknown for a
    person (a language without a tone model, a platform without reaction names), does not gate.

    Culture fit is not in the default gate: similarity to the values' words cannot tell
    sincerity from irony or cynicism that reuses those words, so it may lift a person but is not
    trusted to veto one (add it to ``culture.gate_on`` to make it).

    >>> comp = pd.DataFrame({"culture_fit": [0.0, 0.1, 0.5, 1.0, None], "tone": [1.0, 1.0, 0.125, 1.0, None],
    ...                      "reception": [1.0, 0.1, 1.0, 0.05, None]})
    >>> fit_gate(comp, 0.25).round(2).tolist()
    [1.0, 0.4, 0.5, 0.2, 1.0]
    >>> fit_gate(comp, 0.25, on=["culture_fit"]).round(2).tolist()
    [0.0, 0.4, 1.0, 1.0, 1.0]
    """
    factor = pd.Series(1.0, index=comp.index)
    for component in on:
        factor = factor * gate_factor(comp[component], gate)
    return factor


def composite(
    comp: pd.DataFrame, weights: dict[str, float], gate: float = DEFAULT_GATE, on: Sequence[str] = DEFAULT_GATE_ON
) -> pd.Series:
    """Weighted mean of the known components times :func:`fit_gate`, in [0, 1], rounded for exact ties.

    A component unknown for a person (NaN: their language has no values text or tone model)
    neither lifts nor lowers them: their score is the weighted mean of the components that are
    known, so it is on the same scale as everyone else's.

    >>> comp = pd.DataFrame({c: [0.5, 0.5] for c in COMPONENTS})
    >>> comp.loc[1, "tone"] = None
    >>> composite(comp, {c: 1 / len(COMPONENTS) for c in COMPONENTS}, gate=0).tolist()
    [0.5, 0.5]
    """
    matrix = comp[list(COMPONENTS)].to_numpy(dtype=float)
    w = np.array([weights[c] for c in COMPONENTS], dtype=float)
    known = ~np.isnan(matrix)
    total = np.nansum(matrix * w, axis=1)
    weight_known = (known * w).sum(axis=1)
    mean = np.divide(total, weight_known, out=np.zeros_like(total), where=weight_known > 0) * w.sum()
    score = pd.Series(mean, index=comp.index)
    return (score * fit_gate(comp, gate, on)).clip(0.0, 1.0).round(SCORE_DECIMALS)


def _phrase(component: str, row: pd.Series) -> str:
    pct = int(round(100 * (1 - row[component])))
    top = f"top {max(pct, 1)}%"
    return {
        "culture_fit": f"writes in the spirit of our values ({top} for culture fit)",
        "tone": f"writes constructively ({top} for tone)",
        "influence": f"widely listened to ({top} for influence)",
        "engagers": (
            f"{_count(row['engager_count'], 'colleague')} engage with their posts"
            f" (about {row['engager_weeks'] / max(row['weeks_present'], 1):.1f} a week)"
        ),
        "reach": f"reaches people in {_count(row['departments_reached'], 'other department')}",
        "bridging": f"bridges departments (ties spread evenly across {_count(row['departments_reached'], 'other department')})",
        "reciprocity": f"conversations go both ways ({row['reciprocity']:.0%} of ties mutual)",
        "consistency": (
            f"listened to week after week (colleagues engaged in {int(row['engaged_weeks'])} "
            f"of {int(row['window_weeks'])} weeks)"
        ),
        "resonance": _resonance_phrase(row),
        "helpfulness": f"helps colleagues (joined the threads of {_count(row['colleagues_helped'], 'colleague')})",
        "reception": (
            f"colleagues answer with appreciation ({int(row['reactions_appreciative'])} of "
            f"{_count(row['reactions_named'], 'reaction')} are hearts, applause or thanks)"
        ),
        "recognition": (
            f"recognises colleagues (thanked {int(row['recognitions_given'])}, "
            f"thanked by {int(row['recognitions_received'])})"
        ),
        "advocacy": _advocacy_phrase(row),
        "external_reach": (
            f"listened to outside ({top} for engagement per public post"
            f"{_on(row['reach_platforms'])}; {_count(row['external_engagement'], 'reaction')} "
            f"on {_count(row['scored_posts'], 'post')}"
            + (f", from at least {_count(row['external_engagers'], 'account')}" if row["external_engagers"] else "")
            + ")"
        ),
        "public_culture_fit": f"posts publicly in the spirit of our values ({top} among public posters)",
    }[component]


def _resonance_phrase(row: pd.Series) -> str:
    """Responses per post, against the company's rate when it is known.

    >>> _resonance_phrase(pd.Series({"acts_received": 90, "posts": 30, "company_rate": 1.2}))
    'what they post draws colleagues in (3.0 replies, reactions, mentions or thanks per post, 2.5x the company rate, over 30 posts)'
    """
    rate = row["acts_received"] / max(row["posts"], 1)
    peers = row.get("company_rate")
    versus = f", {rate / peers:.1f}x the company rate" if peers and peers > 0 else ""
    return (
        f"what they post draws colleagues in ({rate:.1f} replies, reactions, mentions or thanks per post"
        f"{versus}, over {_count(row['posts'], 'post')})"
    )


def _platforms(names) -> str:
    """
    >>> _platforms(["bluesky", "x"]), _platforms(["linkedin", "mastodon", "x"])
    ('Bluesky and X', 'LinkedIn, Mastodon and X')
    """
    shown = [PLATFORM_NAMES.get(n, n) for n in (list(names) if names is not None else [])]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1] if shown else ""


def _on(names) -> str:
    text = _platforms(names)
    return f" on {text}" if text else ""


def _advocacy_phrase(row: pd.Series) -> str:
    """What the person does for the brand in public, with counts."""
    parts = []
    if row["brand_posts"]:
        parts.append(f"{_count(row['brand_posts'], 'original post')} about the brand{_on(row['brand_platforms'])}")
    if row["brand_quotes"]:
        parts.append(f"{_count(row['brand_quotes'], 'quote')} of its posts")
    if row["brand_reshares"]:
        parts.append(f"{_count(row['brand_reshares'], 'reshare')}")
    return "speaks up for the brand in public (" + ", ".join(parts) + ")"


def _count(n: float, noun: str) -> str:
    """
    >>> _count(1, "colleague"), _count(3, "other department")
    ('1 colleague', '3 other departments')
    """
    n = int(n)
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def reasons(row: pd.Series, weights: dict[str, float], limit: int = 3) -> str:
    """A plain-language sentence from the components that lifted this person most (at most
    ``limit``, plus public advocacy whenever it lifted them)."""
    known = [c for c in COMPONENTS if pd.notna(row[c])]
    lifted = [c for c in known if row[c] >= LIFT_THRESHOLD and weights[c] > 0]
    lifted.sort(key=lambda c: (-weights[c] * row[c], c))
    if not lifted and known:
        best = max(known, key=lambda c: (weights[c] * row[c], c))
        lifted = [best]
    chosen = lifted[:limit]
    if "advocacy" in lifted and "advocacy" not in chosen:
        chosen.append("advocacy")  # public advocacy is always named when it lifted the person
    phrases = [_phrase(c, row) for c in chosen]
    if "culture_fit" not in known and row.get("posts_unjudged", 0):
        phrases.append(_unjudged_phrase(row))
    text = "; ".join(phrases)
    return text[0].upper() + text[1:]


def _unjudged_phrase(row: pd.Series) -> str:
    """The limit said where the reader sees it: this person's writing was not compared with the values.

    >>> _unjudged_phrase(pd.Series({"language": "he"}))
    'writes in Hebrew, which no values text or exemplar covers: judged on how colleagues respond, not on wording'
    """
    name = language_name(row.get("language")) if row.get("language") else None
    where = f"in {name}, which" if name else "in a language that"
    return f"writes {where} no values text or exemplar covers: judged on how colleagues respond, not on wording"


def eligibility(frame: pd.DataFrame, exclude_departments: list[str], min_posts: int) -> pd.Series:
    """The reason each person cannot be shortlisted, or None when eligible."""
    excluded = {d.strip().lower() for d in exclude_departments}
    dept = frame["department"].fillna("").str.strip().str.lower()
    reason = pd.Series(None, index=frame.index, dtype=object)
    reason[frame["posts"] < min_posts] = f"fewer than {min_posts} posts in the window"
    reason[frame["linked_accounts"] == 0] = "no account linked to this employee"
    reason[frame["guest_accounts"] > 0] = "uses a guest account"
    reason[dept.isin(excluded)] = "excluded department"
    reason[frame["leaving_date_unreadable"].fillna(False).astype(bool)] = (
        "leaving date in the directory is not a date (write it as YYYY-MM-DD)"
    )
    reason[frame["left_on"].notna()] = "left the company"  # on or before as_of (marts_person_features)
    return reason


def rank_frame(
    frame: pd.DataFrame, weights: dict[str, float], exclude_departments: list[str], min_posts: int,
    gate: float = DEFAULT_GATE, gate_on: Sequence[str] = DEFAULT_GATE_ON,
) -> pd.DataFrame:
    """Score, eligibility, rank and reasons for every person in ``frame``."""
    out = frame.copy()
    comp = components(out)
    for c in COMPONENTS:
        out[c] = comp[c].round(SCORE_DECIMALS)
    out["fit_gate"] = fit_gate(comp, gate, gate_on).round(SCORE_DECIMALS)
    posts = out["posts"].fillna(0).sum()
    out["company_rate"] = out["acts_received"].fillna(0).sum() / posts if posts else 0.0
    out["score"] = composite(comp, weights, gate, gate_on)
    out["ineligible_reason"] = eligibility(out, exclude_departments, min_posts)
    out["eligible"] = out["ineligible_reason"].isna()
    out = out.sort_values(["eligible", "score", "employee_id"], ascending=[False, False, True], kind="mergesort")
    out["rank"] = pd.array(np.where(out["eligible"], np.arange(1, len(out) + 1), None), dtype="Int64")
    out["reasons"] = [reasons(r, weights) for _, r in out.iterrows()] if len(out) else []
    return out.reset_index(drop=True)


def rank_stage(con: duckdb.DuckDBPyConnection, ctx) -> dict:
    """The rank stage: activity and public-signal marts, components, eligibility, reasons ->
    marts_person_scores."""
    from ambassador.brand import stage_brand

    started = time.perf_counter()
    build_model(con, "marts", "marts_person_activity", ctx.params)
    brand = stage_brand(con, ctx.settings.organization)
    build_model(con, "marts", "marts_public_posts", {**ctx.params, **brand})
    build_model(con, "marts", "marts_public_signals", {**ctx.params, "prior_posts": REACH_PRIOR_POSTS})
    build_model(con, "marts", "marts_person_features", ctx.params)
    check_unique(con, "marts_person_features", "employee_id")
    frame = con.execute("SELECT * FROM marts_person_features ORDER BY employee_id").df()
    learned = learn_stage_weights(con, ctx, frame)
    weights = learned.weights
    ranked = rank_frame(
        frame, weights, ctx.settings.shortlist.exclude_departments, ctx.settings.shortlist.min_posts,
        ctx.settings.culture.gate, ctx.settings.culture.gate_on,
    )
    ranked["evidence"] = _evidence(con, ranked)
    replace_rows(con, "marts_person_scores", ranked[column_names("marts_person_scores")])
    check_unique(con, "marts_person_scores", "employee_id")
    check_not_null(con, "marts_person_scores", "score", "reasons", "eligible")
    eligible = int(ranked["eligible"].sum())
    return {
        "people_scored": len(ranked),
        "eligible": eligible,
        "ineligible_by_reason": ranked["ineligible_reason"].value_counts().sort_index().to_dict(),
        "weights": "learned from outcomes" if learned.active else "defaults",
        "learning": learned.summary,
        "seconds": round(time.perf_counter() - started, 2),
    }


def learn_stage_weights(con: duckdb.DuckDBPyConnection, ctx, features: pd.DataFrame):
    """The weights this run ranks with: ``[weights]``, re-weighted from invitation outcomes
    once the ledger holds enough (:func:`ambassador.outcomes.learn_weights`).

    Only invitations made on or before the run's as-of day count. What was used, and the
    learned coefficient of each component, go to ``marts_weights``.
    """
    from ambassador.outcomes import learn_weights

    defaults = ctx.settings.weights.normalised()
    ledger = con.execute(
        "SELECT employee_id, invited_at, outcome, line FROM invitations WHERE invited_at <= $as_of ORDER BY line",
        {"as_of": ctx.as_of},
    ).df()
    learned = learn_weights(ledger, component_frame(features), defaults, ctx.settings.learning)
    table = pd.DataFrame(
        {
            "component": list(defaults),
            "default_weight": [defaults[c] for c in defaults],
            "coefficient": [learned.coefficients.get(c) for c in defaults],
            "weight": [learned.weights[c] for c in defaults],
            "learned": learned.active,
            "outcomes": learned.n_outcomes,
            "accepted": learned.n_accepted,
            "summary": learned.summary,
        }
    )
    replace_rows(con, "marts_weights", table)
    return learned


def _evidence(con: duckdb.DuckDBPyConnection, ranked: pd.DataFrame, per_person: int = 3, brand_posts: int = 2) -> list[str | None]:
    """Permalinks of each person's posts most in line with the values, then of their most
    engaging public posts about the brand."""

    def first(values, n: int) -> list[str]:
        return list(values)[:n] if values is not None else []

    ids = [
        list(dict.fromkeys(first(top, per_person) + first(brand, brand_posts)))
        for top, brand in zip(ranked["top_post_ids"], ranked["brand_post_ids"], strict=True)
    ]
    wanted = sorted({p for lst in ids for p in lst})
    links = dict(
        con.execute("SELECT post_id, permalink FROM stg_posts WHERE post_id IN (SELECT unnest($ids))", {"ids": wanted or [""]}).fetchall()
    )
    return [" ".join(found) if (found := [links[p] for p in lst if links.get(p)]) else None for lst in ids]
