"""Ranking: a composite score from named components, eligibility rules, and reasons.

Every component is in [0, 1]. Most are percentile ranks among the employees considered
(so one platform's or one metric's scale cannot drown the others); reciprocity is already a
share. The score is the weighted sum (weights from ``[weights]``, normalised), rounded so
that ties are exact and broken by employee id: same inputs, same order.
"""

from __future__ import annotations

import time

import duckdb
import numpy as np
import pandas as pd

from ambassador.schema import COMPONENTS, column_names
from ambassador.warehouse import build_model, check_not_null, check_unique, replace_rows

SCORE_DECIMALS = 6
LIFT_THRESHOLD = 0.6  # a component at or above this percentile "lifted" the person


def percentile(values: pd.Series) -> pd.Series:
    """Average-rank percentile in [0, 1]; all-equal values give 0.

    >>> percentile(pd.Series([3.0, 1.0, 2.0, 2.0])).tolist()
    [1.0, 0.0, 0.5, 0.5]
    """
    if len(values) < 2 or values.nunique() < 2:
        return pd.Series(0.0, index=values.index)
    ranks = values.rank(method="average")
    return (ranks - ranks.min()) / (ranks.max() - ranks.min())


def components(features: pd.DataFrame) -> pd.DataFrame:
    """The named components, each in [0, 1], from per-person features.

    ``features`` needs columns culture_fit, pagerank, engager_count, departments_reached,
    reciprocity, recognitions_given, recognitions_received.
    """
    out = pd.DataFrame(index=features.index)
    out["culture_fit"] = percentile(features["culture_fit"].fillna(0.0))
    out["influence"] = percentile(features["pagerank"].fillna(0.0))
    out["engagers"] = percentile(features["engager_count"].fillna(0))
    out["reach"] = percentile(features["departments_reached"].fillna(0))
    out["reciprocity"] = features["reciprocity"].fillna(0.0).clip(0.0, 1.0)
    out["recognition"] = percentile(features["recognitions_given"].fillna(0) + features["recognitions_received"].fillna(0))
    return out


def composite(comp: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """Weighted sum of the components, in [0, 1], rounded for exact ties."""
    total = sum(weights[c] * comp[c] for c in COMPONENTS)
    return total.clip(0.0, 1.0).round(SCORE_DECIMALS)


def _phrase(component: str, row: pd.Series) -> str:
    pct = int(round(100 * (1 - row[component])))
    top = f"top {max(pct, 1)}%"
    return {
        "culture_fit": f"writes in the spirit of our values ({top} for culture fit)",
        "influence": f"widely listened to ({top} for influence)",
        "engagers": f"{_count(row['engager_count'], 'colleague')} engage with their posts",
        "reach": f"reaches people in {_count(row['departments_reached'], 'other department')}",
        "reciprocity": f"conversations go both ways ({row['reciprocity']:.0%} of ties mutual)",
        "recognition": (
            f"recognises colleagues (thanked {int(row['recognitions_given'])}, "
            f"thanked by {int(row['recognitions_received'])})"
        ),
    }[component]


def _count(n: float, noun: str) -> str:
    """
    >>> _count(1, "colleague"), _count(3, "other department")
    ('1 colleague', '3 other departments')
    """
    n = int(n)
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def reasons(row: pd.Series, weights: dict[str, float], limit: int = 3) -> str:
    """A plain-language sentence from the components that lifted this person most."""
    lifted = [c for c in COMPONENTS if row[c] >= LIFT_THRESHOLD and weights[c] > 0]
    lifted.sort(key=lambda c: (-weights[c] * row[c], c))
    if not lifted:
        best = max(COMPONENTS, key=lambda c: (weights[c] * row[c], c))
        lifted = [best]
    text = "; ".join(_phrase(c, row) for c in lifted[:limit])
    return text[0].upper() + text[1:]


def eligibility(frame: pd.DataFrame, exclude_departments: list[str], min_posts: int) -> pd.Series:
    """The reason each person cannot be shortlisted, or None when eligible."""
    excluded = {d.strip().lower() for d in exclude_departments}
    dept = frame["department"].fillna("").str.strip().str.lower()
    reason = pd.Series(None, index=frame.index, dtype=object)
    reason[frame["posts"] < min_posts] = f"fewer than {min_posts} posts in the window"
    reason[frame["linked_accounts"] == 0] = "no account linked to this employee"
    reason[frame["guest_accounts"] > 0] = "uses a guest account"
    reason[dept.isin(excluded)] = "excluded department"
    return reason


def rank_frame(frame: pd.DataFrame, weights: dict[str, float], exclude_departments: list[str], min_posts: int) -> pd.DataFrame:
    """Score, eligibility, rank and reasons for every person in ``frame``."""
    out = frame.copy()
    comp = components(out)
    for c in COMPONENTS:
        out[c] = comp[c].round(SCORE_DECIMALS)
    out["score"] = composite(comp, weights)
    out["ineligible_reason"] = eligibility(out, exclude_departments, min_posts)
    out["eligible"] = out["ineligible_reason"].isna()
    out = out.sort_values(["eligible", "score", "employee_id"], ascending=[False, False, True], kind="mergesort")
    out["rank"] = pd.array(np.where(out["eligible"], np.arange(1, len(out) + 1), None), dtype="Int64")
    out["reasons"] = [reasons(r, weights) for _, r in out.iterrows()] if len(out) else []
    return out.reset_index(drop=True)


def rank_stage(con: duckdb.DuckDBPyConnection, ctx) -> dict:
    """The rank stage: activity mart, components, eligibility, reasons -> marts_person_scores."""
    started = time.perf_counter()
    build_model(con, "marts", "marts_person_activity", ctx.params)
    frame = con.execute(
        """
        SELECT p.employee_id, p.full_name, p.email, p.department, p.title,
               coalesce(a.posts, 0) AS posts, coalesce(a.recognitions_given, 0) AS recognitions_given,
               coalesce(a.recognitions_received, 0) AS recognitions_received,
               c.culture_fit, coalesce(g.pagerank, 0) AS pagerank, coalesce(g.engagers, 0) AS engager_count,
               coalesce(g.departments_reached, 0) AS departments_reached, coalesce(g.reciprocity, 0) AS reciprocity,
               (SELECT count(*) FROM stg_identity i WHERE i.employee_id = p.employee_id) AS linked_accounts,
               (SELECT count(*) FROM stg_identity i JOIN stg_accounts a USING (platform, account_id)
                WHERE i.employee_id = p.employee_id AND a.is_guest) AS guest_accounts,
               c.top_post_ids
        FROM stg_people p
        LEFT JOIN marts_person_activity a USING (employee_id)
        LEFT JOIN marts_culture c USING (employee_id)
        LEFT JOIN marts_graph_features g USING (employee_id)
        WHERE NOT p.opt_out
        ORDER BY p.employee_id
        """
    ).df()
    weights = ctx.settings.weights.normalised()
    ranked = rank_frame(frame, weights, ctx.settings.shortlist.exclude_departments, ctx.settings.shortlist.min_posts)
    ranked["evidence"] = _evidence(con, ranked)
    replace_rows(con, "marts_person_scores", ranked[column_names("marts_person_scores")])
    check_unique(con, "marts_person_scores", "employee_id")
    check_not_null(con, "marts_person_scores", "score", "reasons", "eligible")
    eligible = int(ranked["eligible"].sum())
    return {
        "people_scored": len(ranked),
        "eligible": eligible,
        "ineligible_by_reason": ranked["ineligible_reason"].value_counts().sort_index().to_dict(),
        "seconds": round(time.perf_counter() - started, 2),
    }


def _evidence(con: duckdb.DuckDBPyConnection, ranked: pd.DataFrame, per_person: int = 3) -> list[str | None]:
    """Permalinks of each person's posts most in line with the values."""
    ids = ranked["top_post_ids"].tolist()
    wanted = sorted({p for lst in ids if lst is not None for p in list(lst)[:per_person]})
    links = dict(
        con.execute("SELECT post_id, permalink FROM stg_posts WHERE post_id IN (SELECT unnest($ids))", {"ids": wanted or [""]}).fetchall()
    )
    out: list[str | None] = []
    for lst in ids:
        found = [links[p] for p in (list(lst)[:per_person] if lst is not None else []) if links.get(p)]
        out.append(" ".join(found) if found else None)
    return out
