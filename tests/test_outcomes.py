"""Learning the weights from invitation outcomes (ambassador/outcomes.py)."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.utils.estimator_checks import check_estimator
from threadpoolctl import threadpool_limits

from ambassador.errors import InputError
from ambassador.outcomes import OutcomeModel, blend_weights, decided_outcomes, learn_weights
from ambassador.settings import LearningSettings, Settings, load_settings

# Test-local weights: the module takes component names from the defaults' keys, so these
# tests do not depend on which components the package has today.
DEFAULTS = {"culture_fit": 0.30, "influence": 0.20, "recognition": 0.10, "external_reach": 0.20, "reach": 0.20}
ON = LearningSettings()  # the shipped defaults: 30 outcomes, 8 per class, C 1, blend 0.5


def people(n: int, names=tuple(DEFAULTS), seed: int = 0) -> pd.DataFrame:
    """``n`` people with uniform random components in [0, 1]."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({c: rng.uniform(size=n) for c in names})
    frame.insert(0, "employee_id", [f"e{i:04d}" for i in range(n)])
    return frame


def ledger_from(components: pd.DataFrame, effects: dict[str, float], seed: int = 1, base: float = 0.0) -> pd.DataFrame:
    """One invitation per person; P(accept) = sigmoid(base + sum effect x (component - 0.5))."""
    rng = np.random.default_rng(seed)
    logit = base + sum(e * (components[c] - 0.5) for c, e in effects.items())
    accepted = rng.uniform(size=len(components)) < 1 / (1 + np.exp(-logit))
    refused = np.where(rng.uniform(size=len(components)) < 0.5, "declined", "no_response")
    return pd.DataFrame({"employee_id": components["employee_id"], "outcome": np.where(accepted, "accepted", refused)})


def fixed_ledger(accepted: int, refused: int, pending: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A ledger with exactly these counts, and components for everyone on it."""
    n = accepted + refused + pending
    comps = people(n)
    outcome = ["accepted"] * accepted + ["declined", "no_response"] * (refused // 2) + ["declined"] * (refused % 2)
    outcome += [None] * pending
    return pd.DataFrame({"employee_id": comps["employee_id"], "outcome": outcome}), comps


def learned(result) -> bool:
    """A model was fitted (whether or not its weights were adopted)."""
    return bool(result.coefficients) and result.auc_learned is not None and result.model is not None


# ---- thresholds ------------------------------------------------------------------------------


def test_stays_off_one_below_min_outcomes_and_learns_at_it():
    ledger, comps = fixed_ledger(accepted=14, refused=15)
    off = learn_weights(ledger, comps, DEFAULTS, ON)
    assert not off.active and not learned(off)
    assert off.weights == DEFAULTS and off.weights is not DEFAULTS
    assert (off.n_outcomes, off.n_accepted) == (29, 14)
    assert off.summary == "29 decided invitations so far; learning starts at 30. The default weights hold."

    ledger, comps = fixed_ledger(accepted=15, refused=15)
    on = learn_weights(ledger, comps, DEFAULTS, ON)
    assert learned(on) and on.n_outcomes == 30
    assert on.summary.startswith("Learned from 30 decided invitations (15 accepted, 15 declined or unanswered).")


@pytest.mark.parametrize("accepted, refused", [(7, 40), (40, 7)])
def test_stays_off_with_too_few_of_either_class(accepted, refused):
    ledger, comps = fixed_ledger(accepted, refused)
    result = learn_weights(ledger, comps, DEFAULTS, ON)
    assert not result.active and not learned(result) and result.weights == DEFAULTS
    assert result.summary == (
        f"47 decided invitations so far, {accepted} accepted and {refused} declined or unanswered; "
        "learning needs at least 8 of each. The default weights hold."
    )


@pytest.mark.parametrize("accepted, refused", [(8, 40), (40, 8)])
def test_learns_with_exactly_min_per_class(accepted, refused):
    ledger, comps = fixed_ledger(accepted, refused)
    result = learn_weights(ledger, comps, DEFAULTS, ON)
    assert learned(result) and (result.n_outcomes, result.n_accepted) == (48, accepted)


def test_custom_thresholds_are_used():
    ledger, comps = fixed_ledger(accepted=5, refused=5)
    settings = LearningSettings(min_outcomes=10, min_per_class=5)
    assert learned(learn_weights(ledger, comps, DEFAULTS, settings))
    assert not learned(learn_weights(ledger, comps, DEFAULTS, LearningSettings(min_outcomes=11, min_per_class=5)))
    assert not learned(learn_weights(ledger, comps, DEFAULTS, LearningSettings(min_outcomes=10, min_per_class=6)))


def test_switched_off_keeps_the_defaults_whatever_the_ledger():
    comps = people(300)
    ledger = ledger_from(comps, {"recognition": 8.0})
    result = learn_weights(ledger, comps, DEFAULTS, LearningSettings(enabled=False))
    assert not result.active and not learned(result) and result.weights == DEFAULTS
    assert result.n_outcomes == 300
    assert result.summary.startswith("Learning from outcomes is switched off (learning.enabled = false); 300 decided")


# ---- which invitations count -----------------------------------------------------------------


def test_pending_rows_are_ignored():
    ledger, comps = fixed_ledger(accepted=14, refused=15, pending=50)
    result = learn_weights(ledger, comps, DEFAULTS, ON)
    assert not result.active and (result.n_outcomes, result.n_pending) == (29, 50)
    assert result.summary.startswith("29 decided invitations so far (50 still pending); learning starts at 30.")

    comps = people(200)
    decided = ledger_from(comps, {"recognition": 6.0})
    extra = people(40, seed=9).assign(employee_id=lambda f: "p" + f["employee_id"])
    pending = pd.DataFrame({"employee_id": extra["employee_id"], "outcome": [None, "", "  ", pd.NA] * 10})
    with_pending = learn_weights(pd.concat([decided, pending]), pd.concat([comps, extra]), DEFAULTS, ON)
    without = learn_weights(decided, comps, DEFAULTS, ON)
    assert with_pending.weights == without.weights and with_pending.n_pending == 40
    assert with_pending.coefficients == without.coefficients


def test_each_persons_latest_decided_invitation_counts_once():
    ledger = pd.DataFrame(
        {
            "employee_id": ["a", "a", "a", "b", "b", "c", "c", "d"],
            "invited_at": pd.to_datetime(
                ["2026-01-01", "2026-06-01", "2026-09-01", "2026-05-01", "2026-05-01", "2026-02-01", "2026-01-01", None]
            ),
            "line": [1, 2, 3, 5, 4, 6, 7, 8],
            "outcome": ["declined", "accepted", None, "accepted", "no_response", "declined", "accepted", "Accepted "],
        }
    )
    decided, pending = decided_outcomes(ledger)
    # a: the pending re-invitation does not hide the earlier acceptance; b: same day, line 5 is
    # later than line 4; c: the ledger's row order does not matter, invited_at does.
    assert decided.to_dict("list") == {"employee_id": ["a", "b", "c", "d"], "accepted": [1, 1, 0, 1]}
    assert pending == 1


def test_without_invited_at_the_row_order_decides():
    ledger = pd.DataFrame({"employee_id": ["a", "a", "b"], "outcome": ["accepted", "no response", "No-Response"]})
    decided, _ = decided_outcomes(ledger)
    assert decided.to_dict("list") == {"employee_id": ["a", "b"], "accepted": [0, 0]}


def test_unknown_outcome_names_the_value_the_person_and_the_fix():
    ledger = pd.DataFrame({"employee_id": ["a", "b"], "outcome": ["accepted", "maybe"]})
    with pytest.raises(ValueError, match=r"unknown invitation outcome 'maybe' \(employee_id b\); use one of accepted"):
        decided_outcomes(ledger)
    with pytest.raises(ValueError, match="outcomes has no column outcome"):
        decided_outcomes(ledger.drop(columns="outcome"))


def test_invited_people_without_components_are_left_out_and_counted():
    comps = people(200)
    ledger = ledger_from(comps, {"recognition": 6.0})
    gone = pd.DataFrame({"employee_id": ["left1", "left2", "left3"], "outcome": ["accepted", "declined", "accepted"]})
    result = learn_weights(pd.concat([ledger, gone]), comps, DEFAULTS, ON)
    assert (result.n_outcomes, result.n_unscored) == (200, 3)
    assert "; 3 invited people with no current scores left out)." in result.summary


# ---- what it learns --------------------------------------------------------------------------


def test_a_component_that_drives_acceptance_gains_weight_and_irrelevant_ones_do_not():
    comps = people(300)
    result = learn_weights(ledger_from(comps, {"recognition": 8.0}), comps, DEFAULTS, ON)
    assert result.active
    assert result.weights["recognition"] > DEFAULTS["recognition"] + 0.2
    for irrelevant in ("culture_fit", "external_reach", "influence", "reach"):
        assert result.weights[irrelevant] < DEFAULTS[irrelevant]
    assert max(result.coefficients, key=result.coefficients.get) == "recognition"
    assert abs(sum(result.weights.values()) - 1) < 1e-12 and min(result.weights.values()) >= 0
    assert result.auc_learned > result.auc_default


def test_a_component_that_goes_with_declines_gains_nothing():
    comps = people(300)
    result = learn_weights(ledger_from(comps, {"recognition": 6.0, "external_reach": -6.0}), comps, DEFAULTS, ON)
    assert result.active and result.coefficients["external_reach"] < -0.5
    assert result.weights["external_reach"] < DEFAULTS["external_reach"]
    against = next(s for s in result.summary.split(". ") if "went with declines" in s)
    assert against.startswith("External reach") and against.endswith("no learned weight")


def test_when_everything_goes_with_declines_the_defaults_hold():
    comps = people(300)
    ledger = ledger_from(comps, {c: -4.0 for c in DEFAULTS})
    result = learn_weights(ledger, comps, DEFAULTS, ON)
    assert not result.active and learned(result) and result.weights == DEFAULTS
    assert all(b < 0 for b in result.coefficients.values())
    assert result.summary.endswith("Nothing to reward, so the default weights hold.")


def test_when_learned_weights_rank_no_better_the_defaults_hold_and_it_says_so():
    comps = people(300)
    # acceptance follows the defaults themselves: nothing the defaults miss
    ledger = ledger_from(comps, {c: 12 * w for c, w in DEFAULTS.items()}, seed=3)
    noise = learn_weights(ledger_from(comps, {}, seed=4), comps, DEFAULTS, ON)
    for result in (learn_weights(ledger, comps, DEFAULTS, LearningSettings(blend=0.0)), noise):
        assert learned(result)
        assert not result.active and result.weights == DEFAULTS
        assert not result.auc_learned > result.auc_default
        assert "no better; the default weights hold." in result.summary


def test_blend_weights_mixes_and_normalises():
    defaults = {"a": 2.0, "b": 1.0, "c": 1.0}  # normalised: 0.5, 0.25, 0.25
    coef = {"a": -1.0, "b": 3.0, "c": 1.0}  # learned: 0, 0.75, 0.25
    assert blend_weights(defaults, coef, blend=1.0) == {"a": 0.0, "b": 0.75, "c": 0.25}
    assert blend_weights(defaults, coef, blend=0.0) == {"a": 0.5, "b": 0.25, "c": 0.25}
    mixed = blend_weights(defaults, coef, blend=0.5)
    assert mixed == pytest.approx({"a": 0.25, "b": 0.5, "c": 0.25})
    with pytest.raises(ValueError, match=">= 0"):
        blend_weights({"a": -1.0, "b": 2.0}, coef, blend=0.5)


def test_component_names_come_from_the_defaults():
    defaults = {"culture_fit": 0.5, "storytelling": 0.25, "reach": 0.25}
    comps = people(300, names=tuple(defaults)).assign(ignored_extra=1.0)
    result = learn_weights(ledger_from(comps, {"storytelling": 8.0}), comps, defaults, ON)
    assert set(result.weights) == set(result.coefficients) == set(defaults)
    assert result.active and result.weights["storytelling"] > 0.25
    assert "Acceptance went most with storytelling" in result.summary
    with pytest.raises(ValueError, match="components has no column storytelling"):
        learn_weights(ledger_from(comps, {}), comps.drop(columns="storytelling"), defaults, ON)


def test_learns_over_the_packages_own_default_weights():
    defaults = Settings().weights.normalised()
    comps = people(300, names=tuple(defaults))
    result = learn_weights(ledger_from(comps, {"recognition": 8.0}), comps, defaults, ON)
    assert result.active and set(result.weights) == set(defaults)
    assert result.weights["recognition"] > defaults["recognition"]


def test_unknown_component_values_count_as_the_middle():
    """An unknown component (a language without values text or tone model) sits at the middle
    percentile: it tells the model nothing either way."""
    comps = people(300)
    ledger = ledger_from(comps, {"recognition": 8.0})
    holes = comps.astype({"reach": object})
    holes.loc[holes["reach"] < 0.3, "reach"] = None
    zeros = comps.assign(reach=comps["reach"].where(comps["reach"] >= 0.3, 0.5))
    assert learn_weights(ledger, holes, DEFAULTS, ON).weights == learn_weights(ledger, zeros, DEFAULTS, ON).weights


def test_duplicate_people_in_components_are_refused():
    comps = people(40)
    with pytest.raises(ValueError, match="lists employee_id e0000 more than once"):
        learn_weights(ledger_from(comps, {}), pd.concat([comps, comps.head(1)]), DEFAULTS, ON)


# ---- determinism and the report --------------------------------------------------------------


def test_same_input_same_weights_whatever_the_row_order():
    comps = people(250)
    ledger = ledger_from(comps, {"recognition": 5.0, "culture_fit": 2.0})
    first = learn_weights(ledger, comps, DEFAULTS, ON)
    again = learn_weights(ledger.copy(), comps.copy(), DEFAULTS, ON)
    shuffled = learn_weights(ledger.sample(frac=1, random_state=7), comps.sample(frac=1, random_state=8), DEFAULTS, ON)
    assert first == again == shuffled  # dataclass equality: weights, coefficients, AUCs, summary
    assert first.weights == shuffled.weights and first.summary == shuffled.summary


def test_summary_states_the_numbers_in_plain_words():
    comps = people(300)
    ledger = ledger_from(comps, {"recognition": 8.0})
    ledger.loc[:4, "outcome"] = None
    r = learn_weights(ledger, comps, DEFAULTS, ON)
    assert r.active and r.n_pending == 5
    n_refused = r.n_outcomes - r.n_accepted
    assert r.summary.startswith(
        f"Learned from 295 decided invitations ({r.n_accepted} accepted, {n_refused} declined or unanswered; "
        "5 still pending). Acceptance went most with recognition"
    )
    assert (
        f"Ranking by the new weights puts someone who accepted above someone who did not {r.auc_learned:.0%} of the time "
        f"in cross-validation (the default weights: {r.auc_default:.0%})."
    ) in r.summary
    assert f"recognition {r.weights['recognition']:.2f} (was 0.10)" in r.summary
    assert f"culture fit {r.weights['culture_fit']:.2f} (was 0.30)" in r.summary
    assert "made little difference" in r.summary and "_" not in r.summary


# ---- the estimator ---------------------------------------------------------------------------


def test_probabilities_are_in_range_and_calibrated():
    rng = np.random.default_rng(5)
    X = rng.uniform(size=(600, 3))
    y = (rng.uniform(size=600) < 1 / (1 + np.exp(-(4 * X[:, 0] - 3)))).astype(int)  # base rate about 0.27
    model = OutcomeModel().fit(X, y)
    p = model.predict_proba(X)
    assert p.shape == (600, 2) and np.all((p >= 0) & (p <= 1)) and np.allclose(p.sum(axis=1), 1)
    assert abs(p[:, 1].mean() - y.mean()) < 0.02
    # better than always predicting the base rate, and higher where acceptance is likelier
    assert np.mean((p[:, 1] - y) ** 2) < np.mean((y.mean() - y) ** 2)
    order = np.argsort(X[:, 0])
    assert p[order[-100:], 1].mean() > y.mean() > p[order[:100], 1].mean()
    assert model.calibration_ == "sigmoid calibration over 5 stratified folds"
    assert model.coef_[0] > 0.5 and np.all(np.abs(model.coef_[1:]) < 0.2)


def test_calibration_folds_never_outnumber_the_smaller_class():
    rng = np.random.default_rng(6)
    X = rng.uniform(size=(40, 2))
    y = np.array([1] * 3 + [0] * 37)
    model = OutcomeModel().fit(X, y)
    assert model.calibration_ == "sigmoid calibration over 3 stratified folds"


def test_too_small_a_class_is_not_calibrated_and_says_so():
    rng = np.random.default_rng(7)
    X = rng.uniform(size=(20, 2))
    y = np.array([1] + [0] * 19)
    with pytest.warns(UserWarning, match="not calibrated: the smaller class has 1 example"):
        model = OutcomeModel().fit(X, y)
    assert model.calibrated_ is None and "logistic regression's own" in model.calibration_
    p = model.predict_proba(X)[:, 1]
    assert np.all((p >= 0) & (p <= 1))
    with pytest.raises(ValueError, match="got 1 class"):
        OutcomeModel().fit(X, np.zeros(20))


def test_outcome_model_is_deterministic_and_follows_scikit_learn_conventions():
    rng = np.random.default_rng(8)
    X, y = rng.uniform(size=(80, 3)), np.array([0, 1] * 40)
    a, b = OutcomeModel(C=0.5).fit(X, y), OutcomeModel(C=0.5).fit(X, y)
    assert np.array_equal(a.predict_proba(X), b.predict_proba(X)) and np.array_equal(a.coef_, b.coef_)
    assert OutcomeModel(C=0.5).get_params() == {"C": 0.5, "calibrate": True, "max_folds": 5, "random_state": 0}
    with warnings.catch_warnings(), threadpool_limits(limits=1, user_api="blas"):
        warnings.simplefilter("ignore")
        results = check_estimator(OutcomeModel(), on_fail=None)
    failed = [r["check_name"] for r in results if r["status"] == "failed"]
    assert failed == [] and sum(r["status"] == "passed" for r in results) > 40


# ---- settings and purity ---------------------------------------------------------------------


def test_learning_settings_defaults_file_and_environment(tmp_path, monkeypatch):
    s = load_settings(tmp_path)
    assert s.learning == LearningSettings(enabled=True, min_outcomes=30, min_per_class=8, C=1.0, blend=0.5)
    (tmp_path / "ambassador.toml").write_text("[learning]\nmin_outcomes = 50\nC = 0.3\n")
    assert (load_settings(tmp_path).learning.min_outcomes, load_settings(tmp_path).learning.C) == (50, 0.3)
    monkeypatch.setenv("AMBASSADOR_LEARNING__BLEND", "0.25")
    assert load_settings(tmp_path).learning.blend == 0.25
    (tmp_path / "ambassador.toml").write_text("[learning]\nblend = 1.5\n")
    monkeypatch.delenv("AMBASSADOR_LEARNING__BLEND")
    with pytest.raises(InputError, match="setting 'learning.blend'"):
        load_settings(tmp_path)


def test_outcomes_module_needs_no_warehouse_and_no_orchestrator():
    code = "import sys, ambassador.outcomes; print(sorted(m for m in ('duckdb', 'prefect') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
