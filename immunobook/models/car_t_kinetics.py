"""CAR T cellular kinetics: the Stein et al. (2019) tisagenlecleucel model, and a labelled extension.

**Published model.** Stein, Grupp, Levine *et al.*, "Tisagenlecleucel model-based cellular kinetic
analysis of chimeric antigen receptor-T cells", *CPT Pharmacometrics Syst. Pharmacol.* 8 (2019)
285–295, doi:10.1002/psp4.12388, fitted one model to the blood levels of the CAR transgene (copies
per microgram of genomic DNA, measured by qPCR) in 90 children and young adults with B-cell acute
lymphoblastic leukaemia from the ELIANA and ENSIGN trials. Its Figure 2 describes exponential
expansion to Tmax, then effector cells ``E`` that contract while a fraction FB passes to long-lived
(memory-like) cells ``M``. This module writes that as the ODEs below; the transfer rate
``k = FB * (alpha - beta)`` is our parameterisation, chosen so that the ODEs reproduce the published
closed form exactly (it is not a value reported in the paper)::

    t <  Tmax:  dE/dt = rho * E,          E(0) = Cmax / foldx,   M = 0
    t >= Tmax:  dE/dt = -alpha * E
                dM/dt = k * E - beta * M,  k = FB * (alpha - beta)

with ``rho = ln(foldx) / Tmax``. The model's closed form after the peak is
``C(t) = Cmax * ((1 - FB) * exp(-alpha * s) + FB * exp(-beta * s))``, ``s = t - Tmax``. The published
typical values (Stein 2019, Table 1) are foldx = 3,900, Tmax = 9.3 days, Cmax = 24,000 copies/ug,
alpha = 0.16/day, FB = 0.0079 and beta = 0.0032/day: a doubling time of 0.78 days, a contraction
half-life of 4.3 days and a persistence half-life of about 220 days.

Integrating these two equations from ``E(Tmax) = Cmax``, ``M(Tmax) = 0`` gives that closed form
exactly; the tests check one against the other.

**Extension (ours, not in the paper).** Stein's model is descriptive: the peak time and height are
fitted, not caused by anything. To show *why* CAR T cells expand, :func:`solve_with_targets` makes
expansion depend on antigen. Target cells ``T`` (leukaemia plus normal B cells, as a multiple of a
reference burden) stimulate expansion through a saturating term ``s = T / (T + K)``; without
stimulation the effector pool contracts at the published ``alpha``; CAR T cells kill targets at a
rate proportional to ``(E + M) * T`` (long-lived CAR T cells still kill); targets grow at rate ``g``::

    dE/dt = rho * s * E - alpha * (1 - s) * E
    dM/dt = k * E - beta * M
    dT/dt = g * T - kill * (E + M) * T

``rho``, ``alpha``, ``k`` and ``beta`` are Stein's; ``K``, ``kill`` and ``g`` are *illustrative*
values chosen so that the reference case peaks near the published Tmax with a peak of the published
order of magnitude. The extension has no antigen-independent expansion: with no targets the
CAR T cells only contract. It is a teaching caricature, not a fitted or validated model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

import numpy as np
from scipy.integrate import solve_ivp

__all__ = [
    "SteinParams",
    "TargetParams",
    "KineticsResult",
    "stein_closed_form",
    "solve_stein_ode",
    "solve_with_targets",
    "peak_summary",
]


def _check_positive(name: str, value: float, allow_zero: bool = False) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        bound = "zero or more" if allow_zero else "greater than zero"
        raise ValueError(f"{name} must be {bound}, got {value!r}")


@dataclass(frozen=True)
class SteinParams:
    """Typical values of Stein et al. (2019), Table 1 (tisagenlecleucel, paediatric B-ALL)."""

    foldx: float = 3900.0   # fold expansion from the starting level to the peak
    tmax: float = 9.3       # days from infusion to the peak
    cmax: float = 24000.0   # peak transgene level, copies per microgram of genomic DNA
    alpha: float = 0.16     # contraction rate, per day
    fb: float = 0.0079      # fraction of the peak that becomes long-lived (memory-like) cells
    beta: float = 0.0032    # persistence (memory) decay rate, per day

    def __post_init__(self):
        for f in fields(self):
            _check_positive(f.name, getattr(self, f.name))
        if self.foldx <= 1:
            raise ValueError(f"foldx must be greater than 1 (the cells must expand), got {self.foldx!r}")
        if self.fb >= 1:
            raise ValueError(f"fb must be a fraction below 1, got {self.fb!r}")
        if self.beta >= self.alpha:
            raise ValueError(f"beta ({self.beta}) must be smaller than alpha ({self.alpha}): "
                             "persistence is the slow phase")

    def with_(self, **changes) -> "SteinParams":
        return replace(self, **changes)

    @property
    def rho(self) -> float:
        """Expansion rate per day, ln(foldx)/Tmax."""
        return math.log(self.foldx) / self.tmax

    @property
    def c0(self) -> float:
        """Starting level just after infusion, Cmax/foldx."""
        return self.cmax / self.foldx

    @property
    def k(self) -> float:
        """Rate at which expanding cells become long-lived cells, FB*(alpha - beta)."""
        return self.fb * (self.alpha - self.beta)

    def doubling_time(self) -> float:
        return math.log(2) / self.rho

    def contraction_half_life(self) -> float:
        return math.log(2) / self.alpha

    def persistence_half_life(self) -> float:
        return math.log(2) / self.beta


@dataclass(frozen=True)
class TargetParams:
    """Extension parameters (illustrative, not from a paper): antigen-driven expansion and killing."""

    target0: float = 1.0       # starting target burden, multiples of the reference burden
    half_stimulation: float = 0.01  # K: burden at which stimulation is half-maximal
    kill: float = 2e-4         # killing per (copies/ug) per day
    growth: float = 0.03       # target growth rate per day (about a 23-day doubling time)

    def __post_init__(self):
        _check_positive("target0", self.target0, allow_zero=True)
        _check_positive("half_stimulation", self.half_stimulation)
        _check_positive("kill", self.kill, allow_zero=True)
        _check_positive("growth", self.growth, allow_zero=True)

    def with_(self, **changes) -> "TargetParams":
        return replace(self, **changes)


@dataclass(frozen=True)
class KineticsResult:
    days: np.ndarray
    effector: np.ndarray
    memory: np.ndarray
    targets: np.ndarray | None = None

    @property
    def total(self) -> np.ndarray:
        """CAR T level in blood (what qPCR measures): expanding plus long-lived cells."""
        return self.effector + self.memory


def _time_grid(t_end: float, n: int) -> np.ndarray:
    _check_positive("t_end", t_end)
    if not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer of at least 2, got {n!r}")
    return np.linspace(0.0, float(t_end), n)


def stein_closed_form(days, params: SteinParams | None = None) -> np.ndarray:
    """Transgene level at ``days`` after infusion from the published closed form."""
    p = params or SteinParams()
    t = np.asarray(days, dtype=float)
    if np.any(t < 0):
        raise ValueError("days must be zero or more (the model starts at the infusion)")
    before = p.c0 * np.exp(p.rho * np.minimum(t, p.tmax))  # capped: only used before the peak
    s = np.maximum(t - p.tmax, 0.0)
    after = p.cmax * ((1 - p.fb) * np.exp(-p.alpha * s) + p.fb * np.exp(-p.beta * s))
    return np.where(t < p.tmax, before, after)


def solve_stein_ode(params: SteinParams | None = None, t_end: float = 365.0, n: int = 400) -> KineticsResult:
    """Integrate Stein's two-pool equations numerically (an independent check of the closed form)."""
    p = params or SteinParams()
    days = _time_grid(t_end, n)

    def rhs(t, y):
        e, m = y
        if t < p.tmax:
            return [p.rho * e, 0.0]
        return [-p.alpha * e, p.k * e - p.beta * m]

    sol = solve_ivp(rhs, (0.0, days[-1]), [p.c0, 0.0], t_eval=days, method="LSODA",
                    rtol=1e-9, atol=1e-9, max_step=0.25)
    if not sol.success:
        raise RuntimeError(f"integration failed: {sol.message}")
    return KineticsResult(days=days, effector=sol.y[0], memory=sol.y[1])


def solve_with_targets(stein: SteinParams | None = None, targets: TargetParams | None = None,
                       t_end: float = 365.0, n: int = 400) -> KineticsResult:
    """Solve the antigen-driven extension (see the module docstring); targets in reference units."""
    p = stein or SteinParams()
    q = targets or TargetParams()
    days = _time_grid(t_end, n)

    def rhs(_t, y):
        e, m, tgt = (max(v, 0.0) for v in y)
        s = tgt / (tgt + q.half_stimulation)
        de = p.rho * s * e - p.alpha * (1 - s) * e
        dm = p.k * e - p.beta * m
        dt = q.growth * tgt - q.kill * (e + m) * tgt
        return [de, dm, dt]

    sol = solve_ivp(rhs, (0.0, days[-1]), [p.c0, 0.0, q.target0], t_eval=days, method="LSODA",
                    rtol=1e-8, atol=1e-12, max_step=0.25)
    if not sol.success:
        raise RuntimeError(f"integration failed: {sol.message}")
    return KineticsResult(days=days, effector=sol.y[0], memory=sol.y[1], targets=np.maximum(sol.y[2], 0.0))


def peak_summary(result: KineticsResult) -> dict:
    """Peak day, peak level and fold expansion of the total CAR T level."""
    total = result.total
    i = int(np.argmax(total))
    return {"tmax": float(result.days[i]), "cmax": float(total[i]), "foldx": float(total[i] / total[0])}
