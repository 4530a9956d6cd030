"""Shrinkage toward a population value: one formula for every per-person average.

A mean over few observations is noisy: someone with one post that happened to draw ten
replies is not ten times as listened to as a colleague with forty posts. Every per-person
average in the ranking (culture fit, tone, resonance, consistency) is therefore pulled toward
the population's value by a prior worth ``prior_n`` observations:

    shrunk = (n x mean + prior_n x prior) / (n + prior_n)
"""

from __future__ import annotations

import numpy as np

__all__ = ["shrink"]


def shrink(mean, n, prior_n: float, prior) -> np.ndarray:
    """``(n * mean + prior_n * prior) / (n + prior_n)``, elementwise; ``prior`` where ``n`` is 0.

    Parameters
    ----------
    mean : array-like
        Each person's own average (any value where ``n`` is 0).
    n : array-like
        How many observations each average is over.
    prior_n : float
        Strength of the prior: someone with this many observations is pulled halfway.
    prior : float or array-like
        The value to pull toward (usually the population's).

    Examples
    --------
    >>> shrink([1.0, 1.0, 0.0], [1, 9, 0], prior_n=3, prior=0.5).tolist()
    [0.625, 0.875, 0.5]
    >>> shrink([0.2], [4], prior_n=0, prior=0.9).tolist()
    [0.2]
    """
    mean = np.nan_to_num(np.asarray(mean, dtype=float), nan=0.0)
    n = np.asarray(n, dtype=float)
    prior = np.asarray(prior, dtype=float)
    total = n + prior_n
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (n * mean + prior_n * prior) / total
    return np.where(total > 0, out, np.broadcast_to(prior, out.shape))
