"""Learning the component weights from invitation outcomes (issue 6).

Comms leads record in the invitation ledger whether each person they invited accepted,
declined or did not answer. Once enough invitations are decided, :func:`learn_weights` fits an
:class:`OutcomeModel` (standardised components -> L2 logistic regression, with calibrated
probabilities) and moves the ``[weights]`` toward the components that went with acceptance;
until then, or when the learned weights would not rank accepters better, the defaults hold.
Pure functions of data frames: no warehouse, no orchestrator.

Which invitations count
-----------------------
Only decided outcomes: ``accepted`` is 1, ``declined`` and ``no_response`` are 0; pending rows
(empty outcome) are ignored. A person invited several times counts **once, with their latest
decided invitation** (by ``invited_at``, then the ledger ``line``, then row order). The components
are today's picture of a person, not of each invitation's day, so several rows for one person
would be the same point with several, possibly conflicting, labels, weigh frequently invited
people more, and put one person in both a training and a test fold, flattering the
cross-validated AUC. Invited people with no components (left, opted out) are not used; the
summary counts them.

How the weights move
--------------------
``learned`` = the positive standardised coefficients, normalised to sum 1 (a component that goes
with declines gets 0: it is not rewarded and keeps only ``1 - blend`` of its default weight). The
new weight is ``(1 - blend) x default + blend x learned``, normalised to sum 1, so a component
whose default weight is 0 can gain weight when it goes with acceptance. The new weights are kept only
when, in stratified cross-validation, ranking by them puts accepters above the others more often
(higher ROC AUC) than ranking by the defaults on the same folds.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data
from threadpoolctl import threadpool_limits

from ambassador.settings import LearningSettings

__all__ = [
    "ACCEPTED",
    "NOT_ACCEPTED",
    "LearnedWeights",
    "OutcomeModel",
    "blend_weights",
    "decided_outcomes",
    "learn_weights",
]

ACCEPTED = "accepted"
NOT_ACCEPTED = ("declined", "no_response")
MAX_FOLDS = 5  # cross-validation and calibration folds at most (fewer when a class is smaller)
RANDOM_STATE = 0  # fixed: same ledger, same folds, same weights
LITTLE_DIFFERENCE = 0.1  # |change in log-odds per standard deviation| below this "made little difference"
MOST_NAMED = 3  # components named as going most with acceptance, at most


class OutcomeModel(ClassifierMixin, BaseEstimator):
    """P(accept) from the components: standardise, L2 logistic regression, sigmoid calibration.

    Parameters
    ----------
    C : float, default=1.0
        Inverse strength of the L2 penalty (smaller pulls the coefficients harder toward 0).
    calibrate : bool, default=True
        Calibrate the probabilities with :class:`~sklearn.calibration.CalibratedClassifierCV`
        (sigmoid). ``False`` skips it (the coefficients are the same either way).
    max_folds : int, default=5
        Calibration folds at most. Stratified folds, never more than the smaller class has
        examples, so every fold holds both classes; with fewer than 2 examples of a class the
        probabilities are left uncalibrated and a ``UserWarning`` says so.
    random_state : int, default=0
        Seeds the fold shuffling (and the solver, where it uses one).

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The class labels; ``predict_proba(X)[:, 1]`` is the probability of ``classes_[1]``
        (P(accept) with labels 0/1).
    coef_ : ndarray of shape (n_features,)
        Coefficients on standardised features: the change in log-odds of ``classes_[1]`` per
        standard deviation of each feature.
    intercept_ : float
        The logistic regression's intercept (log-odds at the feature means).
    logistic_ : Pipeline
        The scaler and logistic regression fitted on all the data.
    calibrated_ : CalibratedClassifierCV or None
        The calibrated classifier (``ensemble=False``: the logistic regression fitted on all the
        data, with one sigmoid fitted on its out-of-fold scores, so P(accept) rises with
        ``decision_function``), or ``None`` when the classes were too small to calibrate.
    calibration_ : str
        In words: how the probabilities were calibrated, or why they were not.
    n_features_in_ : int
        Number of features seen in ``fit``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(size=(200, 2))
    >>> y = (rng.uniform(size=200) < 0.1 + 0.8 * X[:, 0]).astype(int)
    >>> model = OutcomeModel().fit(X, y)
    >>> bool(model.coef_[0] > 1 > abs(model.coef_[1]))
    True
    >>> p = model.predict_proba(X)[:, 1]
    >>> bool(abs(p.mean() - y.mean()) < 0.05), model.calibration_
    (True, 'sigmoid calibration over 5 stratified folds')
    """

    def __init__(self, C: float = 1.0, calibrate: bool = True, max_folds: int = MAX_FOLDS, random_state: int = RANDOM_STATE):
        self.C = C
        self.calibrate = calibrate
        self.max_folds = max_folds
        self.random_state = random_state

    def _logistic(self) -> Pipeline:
        return Pipeline(
            [
                ("scale", StandardScaler()),
                ("logistic", LogisticRegression(C=self.C, max_iter=1000, random_state=self.random_state)),
            ]
        )

    def fit(self, X, y) -> OutcomeModel:
        """Fit the logistic regression, then calibrate its probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The components (any scale; they are standardised).
        y : array-like of shape (n_samples,)
            Two classes, e.g. 1 = accepted, 0 = declined or no response.

        Returns
        -------
        self : OutcomeModel
            The fitted model.
        """
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        y_type = type_of_target(y, input_name="y", raise_unknown=True)
        if y_type != "binary":
            raise ValueError(f"Only binary classification is supported (accepted or not). The type of the target is {y_type}.")
        self.classes_, counts = np.unique(y, return_counts=True)
        if len(self.classes_) != 2:
            raise ValueError(f"OutcomeModel needs both classes in y (accepted and not); got 1 class: {self.classes_.tolist()}")
        self.logistic_ = self._logistic().fit(X, y)
        self.coef_ = self.logistic_["logistic"].coef_[0].copy()
        self.intercept_ = float(self.logistic_["logistic"].intercept_[0])
        folds = int(min(self.max_folds, counts.min()))
        self.calibrated_ = None
        if not self.calibrate:
            self.calibration_ = "not calibrated (calibrate=False)"
        elif folds < 2:
            self.calibration_ = (
                f"not calibrated: the smaller class has {counts.min()} example(s), and calibration needs at least 2 "
                "so that every fold holds both classes; the probabilities are the logistic regression's own"
            )
            warnings.warn(f"OutcomeModel: {self.calibration_}", UserWarning, stacklevel=2)
        else:
            cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
            self.calibrated_ = CalibratedClassifierCV(self._logistic(), method="sigmoid", cv=cv, ensemble=False).fit(X, y)
            self.calibration_ = f"sigmoid calibration over {folds} stratified folds"
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    def decision_function(self, X) -> np.ndarray:
        """Log-odds of ``classes_[1]`` from the uncalibrated logistic regression."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return self.logistic_.decision_function(X)

    def predict_proba(self, X) -> np.ndarray:
        """Calibrated class probabilities, shape (n_samples, 2); column 1 is ``classes_[1]``.

        The logistic regression's own probabilities when the model could not be calibrated.
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return (self.calibrated_ if self.calibrated_ is not None else self.logistic_).predict_proba(X)

    def predict(self, X) -> np.ndarray:
        """The more probable class of each row."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


@dataclass(frozen=True)
class LearnedWeights:
    """What :func:`learn_weights` decided, and why.

    Attributes
    ----------
    weights : dict of str to float
        The weights to use: learned ones (summing to 1) when ``active``, else the defaults
        exactly as given.
    active : bool
        True when the learned weights are in use. False below the thresholds, when learning is
        switched off, and when the learned weights did not rank accepters better than the
        defaults (then ``coefficients`` and the AUCs still say what was learned).
    n_outcomes : int
        People with a decided invitation and components: the examples learned from.
    n_accepted : int
        Of those, how many accepted.
    coefficients : dict of str to float
        Standardised logistic-regression coefficient per component (empty when no model was fitted).
    auc_learned, auc_default : float or None
        Cross-validated ROC AUC of ranking by the learned and by the default weights (the mean
        over the same stratified folds): the chance an accepter is ranked above someone who
        did not accept. ``None`` when no model was fitted.
    summary : str
        A few plain sentences for comms leads.
    n_pending : int
        Ledger rows still pending (ignored).
    n_unscored : int
        People with a decided invitation but no components (left out).
    model : OutcomeModel or None
        The model fitted on all decided invitations (``predict_proba`` gives P(accept)).
    """

    weights: dict[str, float]
    active: bool
    n_outcomes: int
    n_accepted: int
    coefficients: dict[str, float]
    auc_learned: float | None
    auc_default: float | None
    summary: str
    n_pending: int = 0
    n_unscored: int = 0
    model: OutcomeModel | None = field(default=None, repr=False, compare=False)


def decided_outcomes(outcomes: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Each person's latest decided invitation, as ``employee_id, accepted`` (1 or 0).

    Parameters
    ----------
    outcomes : DataFrame
        The ledger: ``employee_id`` and ``outcome`` (accepted, declined, no_response, or empty
        for pending; case and surrounding blanks ignored, ``no response`` and ``no-response``
        read as no_response); optionally ``invited_at`` and ``line``, which order a person's
        invitations (else the row order does).

    Returns
    -------
    decided : DataFrame
        One row per person with a decided invitation, sorted by employee_id.
    n_pending : int
        Rows with an empty outcome (ignored).

    Raises
    ------
    ValueError
        When a column is missing or an outcome is none of the known values (names the value,
        a person with it and the fix).

    Examples
    --------
    >>> ledger = pd.DataFrame({
    ...     "employee_id": ["e2", "e1", "e1", "e3"],
    ...     "invited_at": pd.to_datetime(["2026-03-01", "2026-01-10", "2026-04-02", "2026-05-01"]),
    ...     "outcome": ["no_response", "declined", "Accepted", None]})
    >>> decided, pending = decided_outcomes(ledger)
    >>> decided.to_dict("list"), pending
    ({'employee_id': ['e1', 'e2'], 'accepted': [1, 0]}, 1)
    """
    missing = [c for c in ("employee_id", "outcome") if c not in outcomes.columns]
    if missing:
        raise ValueError(f"outcomes has no column {', '.join(missing)} (needs employee_id and outcome)")
    frame = outcomes.reset_index(drop=True)
    raw = frame["outcome"].astype("string").str.strip().str.lower().str.replace(r"[\s-]+", "_", regex=True)
    pending = raw.isna() | (raw == "")
    known = raw.isin([ACCEPTED, *NOT_ACCEPTED])
    bad = ~pending & ~known
    if bad.any():
        row = frame[bad].iloc[0]
        raise ValueError(
            f"unknown invitation outcome '{row['outcome']}' (employee_id {row['employee_id']}); "
            f"use one of {ACCEPTED}, {', '.join(NOT_ACCEPTED)}, or leave it empty while pending"
        )
    order = [c for c in ("invited_at", "line") if c in frame.columns]
    decided = frame.loc[~pending, ["employee_id", *order]].assign(accepted=(raw[~pending] == ACCEPTED).astype(int))
    if order:
        decided = decided.sort_values(order, kind="mergesort", na_position="first")
    decided = decided.drop_duplicates("employee_id", keep="last").sort_values("employee_id", kind="mergesort")
    return decided[["employee_id", "accepted"]].reset_index(drop=True), int(pending.sum())


def blend_weights(defaults: dict[str, float], coefficients: dict[str, float], blend: float) -> dict[str, float]:
    """``(1 - blend) x default + blend x learned``, normalised to sum 1.

    ``learned`` is the positive coefficients normalised to sum 1 (negative ones count 0). With no
    positive coefficient there is nothing learned to blend in: the normalised defaults come back.

    Examples
    --------
    >>> blend_weights({"a": 0.5, "b": 0.5}, {"a": 2.0, "b": -1.0}, blend=0.5)
    {'a': 0.75, 'b': 0.25}
    >>> blend_weights({"a": 3, "b": 1}, {"a": -1.0, "b": -1.0}, blend=0.5)
    {'a': 0.75, 'b': 0.25}
    """
    total = sum(defaults.values())
    if total <= 0 or any(w < 0 for w in defaults.values()):
        raise ValueError("default weights must be >= 0 with at least one positive")
    base = {c: w / total for c, w in defaults.items()}
    positive = {c: max(float(coefficients.get(c, 0.0)), 0.0) for c in defaults}
    learned_total = sum(positive.values())
    if learned_total <= 0:
        return base
    mixed = {c: (1 - blend) * base[c] + blend * positive[c] / learned_total for c in defaults}
    mixed_total = sum(mixed.values())
    return {c: w / mixed_total for c, w in mixed.items()}


def _cross_validated_auc(
    X: np.ndarray, y: np.ndarray, names: list[str], defaults: dict[str, float], settings: LearningSettings
) -> tuple[float, float]:
    """Mean ROC AUC over stratified folds of ranking by the weights learned on the other folds,
    and by the defaults on the same folds."""
    folds = int(min(MAX_FOLDS, y.sum(), len(y) - y.sum()))
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=RANDOM_STATE)
    default_vector = np.array([defaults[c] for c in names])
    learned, default = [], []
    for train, test in cv.split(X, y):
        model = OutcomeModel(C=settings.C, calibrate=False).fit(X[train], y[train])
        weights = blend_weights(defaults, dict(zip(names, model.coef_, strict=True)), settings.blend)
        learned.append(roc_auc_score(y[test], X[test] @ np.array([weights[c] for c in names])))
        default.append(roc_auc_score(y[test], X[test] @ default_vector))
    return float(np.mean(learned)), float(np.mean(default))


def _label(component: str) -> str:
    return component.replace("_", " ")


def _join(names: list[str]) -> str:
    """
    >>> _join(["reach"]), _join(["reach", "culture fit"]), _join(["a", "b", "c"])
    ('reach', 'reach and culture fit', 'a, b and c')
    """
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _not_counted(pending: int, unscored: int) -> str:
    """What the ledger holds that was not learned from (or nothing).

    >>> _not_counted(2, 1), _not_counted(0, 3)
    ('2 still pending, 1 invited person with no current scores left out', '3 invited people with no current scores left out')
    """
    notes = []
    if pending:
        notes.append(f"{pending} still pending")
    if unscored:
        notes.append(f"{unscored} invited {'person' if unscored == 1 else 'people'} with no current scores left out")
    return ", ".join(notes)


def _comparison(what: str, auc_learned: float, auc_default: float) -> str:
    return (
        f"ranking by the {what} puts someone who accepted above someone who did not {auc_learned:.0%} of the time "
        f"in cross-validation (the default weights: {auc_default:.0%})"
    )


def _what_went_with_acceptance(coefficients: dict[str, float]) -> str:
    ordered = sorted(coefficients, key=lambda c: (-coefficients[c], c))
    most = [c for c in ordered if coefficients[c] >= LITTLE_DIFFERENCE][:MOST_NAMED]
    little = [c for c in ordered if abs(coefficients[c]) < LITTLE_DIFFERENCE]
    against = [c for c in reversed(ordered) if coefficients[c] <= -LITTLE_DIFFERENCE]
    sentences = []
    if most:
        sentences.append(f"Acceptance went most with {_join([_label(c) for c in most])}")
    else:
        sentences.append("No component clearly went with acceptance")
    if little:
        sentences[-1] += f"; {_join([_label(c) for c in little])} made little difference"
    if against:
        who = "it gets" if len(against) == 1 else "they get"
        sentences.append(
            f"{_sentence(_join([_label(c) for c in against]))} went with declines and unanswered invitations, "
            f"so {who} no learned weight"
        )
    return ". ".join(sentences) + "."


def _weights_now(new: dict[str, float], old: dict[str, float]) -> str:
    ordered = sorted(new, key=lambda c: (-new[c], c))
    return "; ".join(f"{_label(c)} {new[c]:.2f} (was {old[c]:.2f})" for c in ordered)


def learn_weights(
    outcomes: pd.DataFrame, components: pd.DataFrame, defaults: dict[str, float], settings: LearningSettings
) -> LearnedWeights:
    """Re-weight the components from invitation outcomes, once there are enough of them.

    Parameters
    ----------
    outcomes : DataFrame
        The invitation ledger: ``employee_id``, ``outcome`` and optionally ``invited_at`` and
        ``line`` (see :func:`decided_outcomes`; each person's latest decided invitation counts).
    components : DataFrame
        ``employee_id`` and one column per component named in ``defaults`` (others are ignored;
        missing values count as 0, as in the ranking).
    defaults : dict of str to float
        The current weights (``settings.weights.normalised()``); their keys name the components.
    settings : LearningSettings
        The ``[learning]`` section: ``enabled``, ``min_outcomes``, ``min_per_class``, ``C``, ``blend``.

    Returns
    -------
    LearnedWeights
        The weights to use and a plain-words summary. The defaults, unchanged, with
        ``active=False`` while learning is off, below ``min_outcomes`` decided invitations or
        ``min_per_class`` of either class, or when the learned weights do not rank accepters
        above the others better than the defaults in cross-validation.

    Raises
    ------
    ValueError
        When a needed column is missing, an outcome is unknown, a person appears twice in
        ``components``, or the defaults are negative or all 0.

    Examples
    --------
    >>> ledger = pd.DataFrame({"employee_id": ["e1", "e2", "e3"], "outcome": ["accepted", "declined", None]})
    >>> comps = pd.DataFrame({"employee_id": ["e1", "e2", "e3"], "culture_fit": [0.9, 0.2, 0.5], "reach": [0.1, 0.4, 0.3]})
    >>> result = learn_weights(ledger, comps, {"culture_fit": 0.6, "reach": 0.4}, LearningSettings())
    >>> result.active, result.weights
    (False, {'culture_fit': 0.6, 'reach': 0.4})
    >>> result.summary
    '2 decided invitations so far (1 still pending); learning starts at 30. The default weights hold.'
    """
    names = list(defaults)
    if not names:
        raise ValueError("defaults names no component")
    if sum(defaults.values()) <= 0 or any(w < 0 for w in defaults.values()):
        raise ValueError("default weights must be >= 0 with at least one positive")
    missing = [c for c in ("employee_id", *names) if c not in components.columns]
    if missing:
        raise ValueError(
            f"components has no column {', '.join(missing)} (every component of the default weights is needed)"
        )
    duplicated = components["employee_id"][components["employee_id"].duplicated()]
    if len(duplicated):
        raise ValueError(f"components lists employee_id {duplicated.iloc[0]} more than once")

    decided, n_pending = decided_outcomes(outcomes)
    table = decided.merge(components[["employee_id", *names]], on="employee_id", how="inner", validate="one_to_one")
    n_unscored = len(decided) - len(table)
    n = len(table)
    n_accepted = int(table["accepted"].sum())
    n_not = n - n_accepted

    def unchanged(summary: str, coefficients=None, auc_learned=None, auc_default=None, model=None) -> LearnedWeights:
        """The defaults, inactive, with what was found so far (``replace`` turns it into the learned result)."""
        return LearnedWeights(
            weights=dict(defaults),
            active=False,
            n_outcomes=n,
            n_accepted=n_accepted,
            coefficients=coefficients or {},
            auc_learned=auc_learned,
            auc_default=auc_default,
            summary=summary,
            n_pending=n_pending,
            n_unscored=n_unscored,
            model=model,
        )

    not_counted = _not_counted(n_pending, n_unscored)
    so_far = f"{_plural(n, 'decided invitation')} so far" + (f" ({not_counted})" if not_counted else "")
    if not settings.enabled:
        return unchanged(
            f"Learning from outcomes is switched off (learning.enabled = false); {so_far}. The default weights hold."
        )
    if n < settings.min_outcomes:
        return unchanged(f"{so_far}; learning starts at {settings.min_outcomes}. The default weights hold.")
    if min(n_accepted, n_not) < settings.min_per_class:
        return unchanged(
            f"{so_far}, {n_accepted} accepted and {n_not} declined or unanswered; learning needs at least "
            f"{settings.min_per_class} of each. The default weights hold."
        )

    # an unknown component (a language without values text or tone model) sits at the middle
    # percentile: it tells the model nothing either way
    X = table[names].astype(float).fillna(0.5).to_numpy()
    y = table["accepted"].to_numpy()
    base = {c: w / sum(defaults.values()) for c, w in defaults.items()}
    # A few hundred rows by a dozen columns: BLAS threads only add overhead (about 7x slower
    # on a busy 2-core machine), so the fits run single-threaded.
    with threadpool_limits(limits=1, user_api="blas"):
        model = OutcomeModel(C=settings.C).fit(X, y)
        auc_learned, auc_default = _cross_validated_auc(X, y, names, base, settings)
    coefficients = {c: float(b) for c, b in zip(names, model.coef_, strict=True)}
    new = blend_weights(base, coefficients, settings.blend)

    learned_from = (
        f"Learned from {_plural(n, 'decided invitation')} ({n_accepted} accepted, {n_not} declined or unanswered"
        + (f"; {not_counted}" if not_counted else "")
        + "). "
    )
    found = _what_went_with_acceptance(coefficients)
    if all(coefficients[c] <= 0 for c in names):
        return unchanged(
            learned_from + found + " Nothing to reward, so the default weights hold.",
            coefficients=coefficients, auc_learned=auc_learned, auc_default=auc_default, model=model,
        )
    if not auc_learned > auc_default:
        return unchanged(
            learned_from + found + " But " + _comparison("learned weights", auc_learned, auc_default) + ", no better; "
            "the default weights hold.",
            coefficients=coefficients, auc_learned=auc_learned, auc_default=auc_default, model=model,
        )
    learned = unchanged(
        learned_from + found + " " + _sentence(_comparison("new weights", auc_learned, auc_default)) + ". "
        f"Weights now: {_weights_now(new, base)}.",
        coefficients=coefficients, auc_learned=auc_learned, auc_default=auc_default, model=model,
    )
    return replace(learned, weights=new, active=True)
