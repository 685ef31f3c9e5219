"""The Kuznetsov–Makalkin–Taylor–Perelson (1994) model of effector cells and tumour cells.

Kuznetsov, Makalkin, Taylor & Perelson, *Bull. Math. Biol.* 56 (1994) 295–321,
doi:10.1007/BF02460644, describe a tumour (``T`` cells) attacked by cytotoxic effector cells
(``E`` cells). In the paper's non-dimensional form, with ``x = E/E0`` and ``y = T/T0``
(``E0 = T0 = 10**6`` cells, so one unit is one million cells) and time ``tau = n * T0 * t``::

    dx/dtau = sigma + rho*x*y/(eta + y) - mu*x*y - delta*x
    dy/dtau = alpha*y*(1 - beta*y) - kill*x*y

- ``sigma``  steady supply of effector cells to the tumour site (from outside it);
- ``rho``, ``eta``  recruitment of more effector cells, stimulated by the tumour and saturating
  (half-maximal when ``y = eta``);
- ``mu``     effector cells inactivated by their encounters with tumour cells;
- ``delta``  natural death of effector cells;
- ``alpha``  tumour growth rate; ``1/beta`` the tumour's carrying capacity (its largest size);
- ``kill``   *not in the paper*: a multiplier on the killing term, 1 by default (the paper's own
  model). It lets a reader ask "what if each effector cell killed more (or fewer) tumour cells?".

The default values are the paper's estimates for the BCL1 lymphoma in chimeric mice
(sigma=0.1181, rho=1.131, eta=20.19, mu=0.00311, delta=0.3743, alpha=1.636, beta=0.002). They
follow from the dimensional estimates s=1.3e4 cells/day, p=0.1245/day, g=2.019e7 cells,
m=3.422e-10 /cell/day, d=0.0412/day, a=0.18/day, b=2.0e-9 /cell and n=1.101e-7 /cell/day, so one
unit of model time is 1/(n*T0) ≈ 9.08 days.

The model is a caricature: two numbers stand for a whole tumour and a whole immune response.
It shows *kinds* of behaviour (elimination, a long equilibrium, escape), not predictions for a
patient.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import fsolve

__all__ = [
    "CELLS_PER_UNIT",
    "DAYS_PER_TIME_UNIT",
    "ELIMINATION",
    "EQUILIBRIUM",
    "ESCAPE",
    "REGIME_LABELS",
    "SHRINKING",
    "Equilibrium",
    "KuznetsovParams",
    "Trajectory",
    "classify",
    "equilibria",
    "jacobian",
    "logistic",
    "resting_effectors",
    "rhs",
    "scan_regimes",
    "solve",
    "x_nullcline",
    "y_nullcline",
]

#: One model unit of cells is one million cells (E0 = T0 = 10**6 in the paper).
CELLS_PER_UNIT = 1.0e6
#: The killing rate constant n of the paper, per cell per day.
KILL_RATE_PER_CELL_DAY = 1.101e-7
#: One unit of model time in days: 1 / (n * T0).
DAYS_PER_TIME_UNIT = 1.0 / (KILL_RATE_PER_CELL_DAY * CELLS_PER_UNIT)

#: Fewer tumour cells than this (one cell, in model units) counts as elimination.
ONE_CELL = 1.0 / CELLS_PER_UNIT

ELIMINATION = "elimination"
EQUILIBRIUM = "equilibrium"
ESCAPE = "escape"
SHRINKING = "shrinking"
REGIME_LABELS = {
    ELIMINATION: "Elimination",
    SHRINKING: "Shrinking, not yet gone",
    EQUILIBRIUM: "Equilibrium (dormancy)",
    ESCAPE: "Escape",
}

_POSITIVE = {"eta", "beta"}  # these appear in denominators / define the carrying capacity


@dataclass(frozen=True)
class KuznetsovParams:
    """Non-dimensional parameters of the model (defaults: Kuznetsov et al. 1994, BCL1 lymphoma).

    Every value must be a finite number ``>= 0``; ``eta`` and ``beta`` must be ``> 0``.
    An invalid value raises ``ValueError`` naming the parameter and the value.
    """

    sigma: float = 0.1181
    rho: float = 1.131
    eta: float = 20.19
    mu: float = 0.00311
    delta: float = 0.3743
    alpha: float = 1.636
    beta: float = 0.002
    kill: float = 1.0

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise ValueError(f"parameter {field.name} must be a number, got {value!r}")
            value = float(value)
            if not math.isfinite(value):
                raise ValueError(f"parameter {field.name} must be finite, got {value!r}")
            if value < 0:
                raise ValueError(f"parameter {field.name} must not be negative, got {value!r}")
            if field.name in _POSITIVE and value == 0:
                raise ValueError(f"parameter {field.name} must be greater than zero, got {value!r}")
            object.__setattr__(self, field.name, value)

    @property
    def carrying_capacity(self) -> float:
        """The largest tumour the model allows, ``1/beta`` (model units of 10**6 cells)."""
        return 1.0 / self.beta

    def with_(self, **changes: float) -> "KuznetsovParams":
        """A copy with some values changed (validated again)."""
        return replace(self, **changes)


def resting_effectors(params: KuznetsovParams) -> float:
    """Effector cells at the tumour site with no tumour at all: ``sigma/delta``."""
    if params.delta == 0:
        return math.inf
    return params.sigma / params.delta


def rhs(t: float, state, params: KuznetsovParams) -> np.ndarray:
    """Right-hand side ``[dx/dtau, dy/dtau]`` at ``state = [x, y]``."""
    x, y = float(state[0]), float(state[1])
    p = params
    dx = p.sigma + p.rho * x * y / (p.eta + y) - p.mu * x * y - p.delta * x
    dy = p.alpha * y * (1.0 - p.beta * y) - p.kill * x * y
    return np.array([dx, dy])


def jacobian(x: float, y: float, params: KuznetsovParams) -> np.ndarray:
    """The Jacobian matrix of :func:`rhs` at ``(x, y)``."""
    p = params
    return np.array(
        [
            [p.rho * y / (p.eta + y) - p.mu * y - p.delta, p.rho * p.eta * x / (p.eta + y) ** 2 - p.mu * x],
            [-p.kill * y, p.alpha * (1.0 - 2.0 * p.beta * y) - p.kill * x],
        ]
    )


def x_nullcline(y, params: KuznetsovParams) -> np.ndarray:
    """Effector cells ``x`` at which ``dx/dtau = 0``, for tumour sizes ``y``.

    NaN where no positive ``x`` exists (there effector cells grow whatever their number).
    """
    y = np.asarray(y, dtype=float)
    p = params
    denominator = p.delta + p.mu * y - p.rho * y / (p.eta + y)
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(denominator > 0, p.sigma / denominator, np.nan)
    return x


def y_nullcline(y, params: KuznetsovParams) -> np.ndarray:
    """Effector cells ``x`` at which ``dy/dtau = 0`` with ``y > 0``: ``(alpha/kill)(1 - beta*y)``."""
    y = np.asarray(y, dtype=float)
    if params.kill == 0:
        return np.full_like(y, np.nan)
    return params.alpha / params.kill * (1.0 - params.beta * y)


@dataclass(frozen=True)
class Equilibrium:
    """A steady state and its stability from the eigenvalues of the Jacobian."""

    x: float
    y: float
    eigenvalues: tuple[complex, complex]
    stability: str  # "stable", "saddle", "unstable" or "non-hyperbolic"

    @property
    def is_stable(self) -> bool:
        return self.stability == "stable"

    @property
    def oscillates(self) -> bool:
        """True when nearby trajectories spiral (complex eigenvalues)."""
        return any(abs(ev.imag) > 1e-12 for ev in self.eigenvalues)


def _stability(eigenvalues: np.ndarray, tol: float = 1e-9) -> str:
    real = np.real(eigenvalues)
    if np.any(np.abs(real) <= tol):
        return "non-hyperbolic"
    if np.all(real < 0):
        return "stable"
    if np.all(real > 0):
        return "unstable"
    return "saddle"


def _make_equilibrium(x: float, y: float, params: KuznetsovParams) -> Equilibrium:
    eigenvalues = np.linalg.eigvals(jacobian(x, y, params))
    eigenvalues = tuple(complex(ev) for ev in sorted(eigenvalues, key=lambda v: (v.real, v.imag)))
    return Equilibrium(float(x), float(y), eigenvalues, _stability(np.array(eigenvalues)))


def equilibria(params: KuznetsovParams) -> list[Equilibrium]:
    """All steady states with ``x >= 0`` and ``0 <= y <= 1/beta``, sorted by tumour size.

    The tumour-free state is ``(sigma/delta, 0)``. The others are where the two nullclines cross:
    substituting ``x = (alpha/kill)(1 - beta*y)`` into ``dx/dtau = 0`` and multiplying by
    ``eta + y`` gives a cubic in ``y``, whose real roots are then polished with ``fsolve``
    on the full two-dimensional system.
    """
    p = params
    found: list[Equilibrium] = []
    if p.delta > 0:
        found.append(_make_equilibrium(p.sigma / p.delta, 0.0, p))
    if p.kill == 0:
        # With no killing the tumour simply grows to its carrying capacity.
        y = p.carrying_capacity
        denominator = p.delta + p.mu * y - p.rho * y / (p.eta + y)
        if denominator > 0:
            found.append(_make_equilibrium(p.sigma / denominator, y, p))
        return found

    a = p.alpha / p.kill
    line = np.poly1d([-p.beta * a, a])  # x on the tumour nullcline, as a polynomial in y
    bracket = np.poly1d([p.mu, p.delta]) * np.poly1d([1.0, p.eta]) - np.poly1d([p.rho, 0.0])
    cubic = line * bracket - p.sigma * np.poly1d([1.0, p.eta])
    roots = cubic.roots if cubic.order > 0 else np.array([])
    upper = p.carrying_capacity
    for root in roots:
        if abs(root.imag) > 1e-7 * max(1.0, abs(root.real)):
            continue
        y = float(root.real)
        if not (0.0 < y <= upper * (1 + 1e-9)):
            continue
        x = float(line(y))
        if x < 0:
            continue
        polished, _info, status, _msg = fsolve(
            lambda z: rhs(0.0, z, p), [x, y], fprime=lambda z: jacobian(z[0], z[1], p), full_output=True, xtol=1e-13
        )
        if status == 1 and np.all(np.isfinite(polished)) and polished[1] > 0:
            x, y = float(polished[0]), float(polished[1])
        found.append(_make_equilibrium(x, y, p))

    unique: list[Equilibrium] = []
    for eq in sorted(found, key=lambda e: e.y):
        if not any(abs(eq.y - u.y) <= 1e-8 * max(1.0, u.y) and abs(eq.x - u.x) <= 1e-8 * max(1.0, u.x) for u in unique):
            unique.append(eq)
    return unique


@dataclass(frozen=True)
class Trajectory:
    """A solution of the model: model time ``t`` and populations ``x``, ``y`` (units of 10**6 cells)."""

    t: np.ndarray
    x: np.ndarray
    y: np.ndarray
    params: KuznetsovParams

    @property
    def days(self) -> np.ndarray:
        return self.t * DAYS_PER_TIME_UNIT

    @property
    def effector_cells(self) -> np.ndarray:
        return self.x * CELLS_PER_UNIT

    @property
    def tumour_cells(self) -> np.ndarray:
        return self.y * CELLS_PER_UNIT

    @property
    def regime(self) -> str:
        return classify(self)


def _check_start(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return value


def solve(
    params: KuznetsovParams,
    x0: float,
    y0: float,
    t_end: float,
    n: int = 300,
) -> Trajectory:
    """Solve the model from ``(x0, y0)`` over ``0 <= tau <= t_end`` (model time units).

    Returns ``n`` evenly spaced samples. The tumour equation is integrated for ``log y``, which
    keeps ``y`` positive and accurate when the tumour shrinks to a tiny fraction of a cell (the
    continuous model can do that; :func:`classify` reads it as elimination). A start with
    ``y0 = 0`` stays tumour-free.
    """
    if not isinstance(params, KuznetsovParams):
        raise TypeError("params must be a KuznetsovParams")
    x0 = _check_start("x0", x0)
    y0 = _check_start("y0", y0)
    t_end = _check_start("t_end", t_end)
    if t_end == 0:
        raise ValueError("t_end must be greater than zero, got 0")
    if int(n) < 2:
        raise ValueError(f"n must be at least 2, got {n!r}")
    t = np.linspace(0.0, t_end, int(n))
    p = params

    if y0 == 0:
        # No tumour: x relaxes to sigma/delta (exactly solvable, linear).
        if p.delta > 0:
            rest = p.sigma / p.delta
            x = rest + (x0 - rest) * np.exp(-p.delta * t)
        else:
            x = x0 + p.sigma * t
        return Trajectory(t, x, np.zeros_like(t), p)

    def log_rhs(_t, z):
        x, u = z
        y = math.exp(min(u, 700.0))
        dx = p.sigma + p.rho * x * y / (p.eta + y) - p.mu * x * y - p.delta * x
        du = p.alpha * (1.0 - p.beta * y) - p.kill * x
        return [dx, du]

    solution = solve_ivp(
        log_rhs,
        (0.0, t_end),
        [x0, math.log(y0)],
        method="LSODA",
        t_eval=t,
        rtol=1e-8,
        atol=1e-10,
    )
    if not solution.success:  # pragma: no cover - LSODA copes with this system
        raise RuntimeError(f"ODE solver failed: {solution.message}")
    return Trajectory(solution.t, solution.y[0], np.exp(solution.y[1]), p)


def logistic(t, y0: float, alpha: float, beta: float) -> np.ndarray:
    """Closed-form logistic growth ``y' = alpha*y*(1 - beta*y)`` from ``y0`` (no immune cells)."""
    t = np.asarray(t, dtype=float)
    growth = np.exp(alpha * t)
    return y0 * growth / (1.0 + beta * y0 * (growth - 1.0))


def classify(
    trajectory: Trajectory,
    extinction: float = ONE_CELL,
    escape_fraction: float = 0.5,
) -> str:
    """Name the outcome of a trajectory within its simulated time.

    - *elimination*: the tumour falls below ``extinction`` (default: one cell) during the run.
      The continuous model can shrink a tumour to a fraction of a cell and regrow it; real cells
      cannot, so below one cell the tumour is gone.
    - otherwise the final state is matched to the nearest stable steady state (distance in ``x``
      and in ``log10 y``). If that is the tumour-free state, the tumour is *shrinking*: it is
      heading for elimination but still holds at least one cell when the run ends (just past the
      elimination threshold the decline takes decades of model time). A steady state with at
      least ``escape_fraction`` of the carrying capacity is *escape*; a smaller one is
      *equilibrium* (dormancy: a tumour held in check but not removed).

    Elimination is thus judged on the simulated time only: choose ``t_end`` to match the
    question asked.
    """
    y = np.asarray(trajectory.y)
    p = trajectory.params
    if y.size == 0:
        raise ValueError("empty trajectory")
    if np.min(y) < extinction:
        return ELIMINATION
    x_end, y_end = float(trajectory.x[-1]), float(y[-1])
    stable = [eq for eq in equilibria(p) if eq.is_stable]
    if stable:
        def distance(eq: Equilibrium) -> float:
            ly = math.log10(max(eq.y, extinction))
            return abs(eq.x - x_end) + abs(ly - math.log10(max(y_end, extinction)))

        target = min(stable, key=distance)
        y_ref = target.y
    else:  # no stable state (e.g. sustained oscillation): judge by the final size
        y_ref = y_end
    if y_ref < extinction:
        return SHRINKING
    if y_ref >= escape_fraction * p.carrying_capacity:
        return ESCAPE
    return EQUILIBRIUM


def scan_regimes(
    params: KuznetsovParams,
    name: str,
    values,
    x0: float,
    y0: float,
    t_end: float = 150.0,
) -> list[tuple[float, str]]:
    """The regime reached from ``(x0, y0)`` as parameter ``name`` takes each of ``values``."""
    if name not in {f.name for f in fields(KuznetsovParams)}:
        raise ValueError(f"unknown parameter {name!r}")
    out = []
    for value in values:
        trajectory = solve(params.with_(**{name: float(value)}), x0, y0, t_end, n=400)
        out.append((float(value), classify(trajectory)))
    return out
