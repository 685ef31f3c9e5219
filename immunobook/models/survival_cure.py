"""A mixture-cure survival model: a cured fraction plus a Weibull survival for everyone else.

    S(t) = cured + (1 - cured) * exp(-(t / scale) ** shape)

``cured`` is the fraction of patients who never die of the cancer in the model; the rest follow a
Weibull survival curve with ``scale`` (months) and ``shape``. As t grows, S(t) falls towards
``cured``: the flat "tail" or plateau seen in long-term follow-up of checkpoint-inhibitor trials.

This is a teaching illustration fitted to a few published landmarks (a median and a 3-year
survival rate), not a reanalysis of trial data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

__all__ = [
    "MixtureCure",
    "Landmarks",
    "IPILIMUMAB_POOLED",
    "fit_to_landmarks",
    "with_median",
    "no_tail_twin",
]


@dataclass(frozen=True)
class MixtureCure:
    """Survival of a group in which a fraction ``cured`` is cured and the rest follow a Weibull."""

    cured: float
    scale: float
    shape: float

    def __post_init__(self) -> None:
        _check_cured(self.cured)
        _check_positive("scale", self.scale)
        _check_positive("shape", self.shape)

    def survival(self, months) -> np.ndarray:
        """Fraction alive at each time in ``months`` (array or number; negative times are an error)."""
        t = np.asarray(months, dtype=float)
        if np.any(t < 0) or np.any(~np.isfinite(t)):
            raise ValueError(f"months must be finite and >= 0; got {months!r}")
        uncured = np.exp(-np.power(t / self.scale, self.shape))
        return self.cured + (1.0 - self.cured) * uncured

    def median(self) -> float:
        """Time at which half the group has died; ``math.inf`` if the cured fraction is 0.5 or more."""
        if self.cured >= 0.5:
            return math.inf
        # Solve cured + (1 - cured) * exp(-(t/scale)^shape) = 0.5 for t.
        target = (0.5 - self.cured) / (1.0 - self.cured)
        return self.scale * (-math.log(target)) ** (1.0 / self.shape)

    def with_(self, **changes) -> "MixtureCure":
        return replace(self, **changes)


@dataclass(frozen=True)
class Landmarks:
    """Published summary points of a survival curve, with the source they come from."""

    label: str
    median_months: float
    landmark_months: float
    landmark_survival: float
    plateau: float
    source: str


#: Schadendorf et al. (2015), pooled ipilimumab trials in advanced melanoma (1,861 patients):
#: median overall survival 11.4 months and 3-year survival 22 % (both published in the abstract),
#: curve flattening from about year 3. The 20 % plateau is an approximate reading of that curve
#: (The ASCO Post's summary: "approximately 20%"); the abstract gives a number, 21 %, only for the
#: larger pool that adds expanded-access patients. doi:10.1200/JCO.2014.56.2736
IPILIMUMAB_POOLED = Landmarks(
    label="Pooled ipilimumab trials, advanced melanoma",
    median_months=11.4,
    landmark_months=36.0,
    landmark_survival=0.22,
    plateau=0.20,
    source="Schadendorf et al., J Clin Oncol 2015",
)


def _check_cured(cured: float) -> None:
    if not isinstance(cured, (int, float)) or not math.isfinite(cured) or not 0.0 <= cured < 1.0:
        raise ValueError(f"cured fraction must be a number in [0, 1); got {cured!r}")


def _check_positive(name: str, value: float) -> None:
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number; got {value!r}")


def fit_to_landmarks(cured: float, median_months: float, landmark_months: float,
                     landmark_survival: float) -> MixtureCure:
    """The one model with this cured fraction that passes exactly through both landmarks.

    The uncured group must be below 50 % alive at the median and below the landmark survival
    later on, so we need cured < landmark_survival < 0.5 and landmark_months > median_months.
    """
    _check_cured(cured)
    _check_positive("median_months", median_months)
    _check_positive("landmark_months", landmark_months)
    if landmark_months <= median_months:
        raise ValueError(
            f"landmark_months ({landmark_months}) must be later than median_months ({median_months})"
        )
    if not cured < landmark_survival < 0.5:
        raise ValueError(
            f"landmark_survival must lie between the cured fraction ({cured}) and 0.5; "
            f"got {landmark_survival!r}"
        )
    # Cumulative hazard of the uncured group at each landmark: H = (t/scale)^shape.
    h_median = -math.log((0.5 - cured) / (1.0 - cured))
    h_late = -math.log((landmark_survival - cured) / (1.0 - cured))
    shape = math.log(h_late / h_median) / math.log(landmark_months / median_months)
    scale = median_months / h_median ** (1.0 / shape)
    return MixtureCure(cured=cured, scale=scale, shape=shape)


def with_median(cured: float, median_months: float, shape: float) -> MixtureCure:
    """The model with this cured fraction and Weibull shape whose overall median is ``median_months``."""
    _check_cured(cured)
    _check_positive("median_months", median_months)
    _check_positive("shape", shape)
    if cured >= 0.5:
        raise ValueError(f"a median exists only if the cured fraction is below 0.5; got {cured!r}")
    h_median = -math.log((0.5 - cured) / (1.0 - cured))
    return MixtureCure(cured=cured, scale=median_months / h_median ** (1.0 / shape), shape=shape)


def no_tail_twin(model: MixtureCure) -> MixtureCure:
    """A curve with no cured fraction and the same median and shape: the "no tail" comparison."""
    return with_median(0.0, model.median(), model.shape)
