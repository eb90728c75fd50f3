"""Survey statistics: sample size and confidence intervals. Pure functions (no ORM); floats are
fine here, since nothing is money or points."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist, fmean, stdev

MIN_FRACTION = 0.10  # the smallest share a survey may ask for instead of a margin


def z_for(confidence: float) -> float:
    """Two-sided critical value: 1.96 for 95 %."""
    return NormalDist().inv_cdf(0.5 + confidence / 2)


@dataclass(frozen=True, slots=True)
class SamplePlan:
    """How a sample size was reached, step by step, so staff can read why n is what it is."""

    population: int  # N
    confidence: float
    margin: float
    min_fraction: float
    z: float
    unlimited: int  # n0 rounded up: the size for a very large population
    corrected: int  # after the finite-population correction, rounded up
    floor: int  # the share of N asked for (min_fraction), rounded up
    size: int  # what is sent: max(corrected, floor), at most N

    @property
    def reason(self) -> str:
        """What decided the size: ``empty`` (nobody to ask), ``everyone`` (the margin needs
        the whole population), ``floor`` (the share asked for is larger) or ``margin``."""
        if self.population == 0:
            return "empty"
        if max(self.corrected, self.floor) >= self.population:
            return "everyone"
        return "floor" if self.floor > self.corrected else "margin"


def sample_plan(
    *, population: int, confidence: float, margin: float, min_fraction: float = 0.0
) -> SamplePlan:
    """Members to ask for a proportion within ±``margin`` at ``confidence``, assuming the worst
    case p = 0.5: n0 = z²·p(1−p)/e², with the finite-population correction
    n = n0 / (1 + (n0 − 1)/N), rounded up; at least ``min_fraction`` of N (a survey may ask
    for a share of the audience, 10 % or more, instead of or beside a margin) and at most N."""
    z = z_for(confidence)
    n0 = z * z * 0.25 / (margin * margin)
    # round() first so that float noise (369.9999…) cannot add a member
    unlimited = math.ceil(round(n0, 9))
    needed = 0
    if population > 0:
        needed = math.ceil(round(n0 / (1 + (n0 - 1) / population), 9))
    floor = math.ceil(round(population * min_fraction, 9)) if population > 0 else 0
    return SamplePlan(
        population=population,
        confidence=confidence,
        margin=margin,
        min_fraction=min_fraction,
        z=z,
        unlimited=unlimited,
        corrected=needed,
        floor=floor,
        size=min(population, max(needed, floor)) if population > 0 else 0,
    )


def sample_size(
    *, population: int, confidence: float, margin: float, min_fraction: float = 0.0
) -> int:
    """The size of ``sample_plan``."""
    return sample_plan(
        population=population, confidence=confidence, margin=margin, min_fraction=min_fraction
    ).size


@dataclass(frozen=True, slots=True)
class Interval:
    value: float
    low: float
    high: float
    n: int


def nps_interval(scores: Sequence[int], *, confidence: float = 0.95) -> Interval | None:
    """Net Promoter Score (promoters 9–10 minus detractors 0–6, in %) with the variance
    method's normal interval: Var = (P + D − (P − D)²)/n for the proportions P and D."""
    n = len(scores)
    if n == 0:
        return None
    promoters = sum(1 for score in scores if score >= 9) / n
    detractors = sum(1 for score in scores if score <= 6) / n
    nps = promoters - detractors
    error = z_for(confidence) * math.sqrt(max(promoters + detractors - nps * nps, 0.0) / n)
    return Interval(
        value=round(100 * nps, 1),
        low=round(max(-100.0, 100 * (nps - error)), 1),
        high=round(min(100.0, 100 * (nps + error)), 1),
        n=n,
    )


def mean_interval(values: Sequence[int], *, confidence: float = 0.95) -> Interval | None:
    """Mean with a normal interval (mean ± z·s/√n). With fewer than 30 answers a t interval
    would be wider; the standard library has no t quantiles, so small groups read as rough."""
    n = len(values)
    if n == 0:
        return None
    mean = fmean(values)
    error = z_for(confidence) * stdev(values) / math.sqrt(n) if n > 1 else 0.0
    return Interval(
        value=round(mean, 2), low=round(mean - error, 2), high=round(mean + error, 2), n=n
    )
