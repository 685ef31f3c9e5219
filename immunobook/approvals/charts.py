"""Plotly figures of the FDA approvals data.

Each function takes the DataFrame from ``immunobook.approvals.data.load_approvals`` (optionally narrowed with
``filter_approvals``) and returns a ``go.Figure``. Interactions work in the static book with no
kernel: drop-down menus and buttons (Plotly ``updatemenus``), legend clicks and hover. An empty
selection gives a figure that says so instead of raising.

Every figure carries a one-sentence, data-derived summary in ``layout.meta["summary"]``, which the
book prints under the chart (so no fact lives only in the picture), and phone hints in
``layout.meta["phone"]`` that the book's chart loader applies on narrow screens (see
``immunobook.book.plotly_renderer``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from .data import split_agents
from ..theme import CLASS_COLORS, CLASS_PATTERNS, apply_theme, class_color

SOURCE_NOTE = "Source: FDA approval actions dataset of this book, current to {date}."
MAX_HOVER_ITEMS = 12
# Menus keep dark text on a light face in both page themes: plotly.js paints the active item a
# fixed pale blue, so text that followed a dark theme would vanish on it.
MENU_STYLE = dict(bgcolor="#f3f4f6", bordercolor="#9ca3af", font=dict(color="#1f2937"))


# --- selection ----------------------------------------------------------------------------------

def filter_approvals(
    df: pd.DataFrame,
    classes: Iterable[str] | None = None,
    cancer_groups: Iterable[str] | None = None,
    cancer_types: Iterable[str] | None = None,
    targets: Iterable[str] | None = None,
    approval_types: Iterable[str] | None = None,
    years: tuple[int, int] | None = None,
    agent: str | None = None,
) -> pd.DataFrame:
    """Rows matching every given filter; ``None`` (or an empty list) means no filter."""
    mask = pd.Series(True, index=df.index)
    for column, wanted in (
        ("therapy_class", classes),
        ("cancer_group", cancer_groups),
        ("cancer_type", cancer_types),
        ("target", targets),
        ("approval_type", approval_types),
    ):
        if wanted:
            mask &= df[column].isin(list(wanted))
    if years is not None:
        mask &= df["year"].between(years[0], years[1])
    if agent:
        mask &= df["agents"].map(lambda a: agent in split_agents(a)).astype(bool)
    out = df[mask]
    out.attrs = dict(df.attrs)
    return out


def present_classes(df: pd.DataFrame) -> list[str]:
    """Therapy classes that occur in ``df``, in the book's legend order."""
    seen = set(df["therapy_class"].astype(str))
    return [c for c in CLASS_COLORS if c in seen]


# --- shared pieces ------------------------------------------------------------------------------

def _note(df: pd.DataFrame) -> str:
    date = df.attrs.get("current_to")
    if date is None and len(df):
        date = df["approval_date"].max().date()
    return SOURCE_NOTE.format(date=date)


def _finish(fig: go.Figure, df: pd.DataFrame, title: str, height: int, summary: str,
            phone: dict | None = None) -> go.Figure:
    meta = {"summary": summary}
    if phone:
        meta["phone"] = phone
    fig.update_layout(title=dict(text=title, subtitle=dict(text=_note(df), font=dict(size=12))),
                      legend=dict(traceorder="normal"), meta=meta)
    return apply_theme(fig, height=height)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "es" if word.endswith("s") else "s")


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def empty_figure(df: pd.DataFrame, title: str, message: str = "No approvals match this selection.") -> go.Figure:
    """A figure that says the selection is empty (an explorer keeps working)."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(size=16))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _finish(fig, df, title, height=320, summary=message)


def _hover_list(rows: pd.DataFrame) -> str:
    """'agent (YYYY-MM-DD)' lines for a hover box, newest first, capped."""
    rows = rows.sort_values("approval_date", ascending=False)
    lines = [f"{a} ({d:%Y-%m-%d})" for a, d in zip(rows["agents"], rows["approval_date"])]
    if len(lines) > MAX_HOVER_ITEMS:
        lines = lines[:MAX_HOVER_ITEMS] + [f"... and {len(lines) - MAX_HOVER_ITEMS} more"]
    return "<br>".join(lines)


def _pattern(shape: str) -> dict:
    """A pattern drawn over the full bar colour, so bars stay solid on light and dark pages."""
    return dict(shape=shape, fillmode="overlay", fgcolor="rgba(0,0,0,0.45)", size=7, solidity=0.25)


def _bar_marker(therapy_class: str) -> dict:
    return dict(color=class_color(therapy_class), pattern=_pattern(CLASS_PATTERNS.get(therapy_class, "")),
                line=dict(width=0.5, color="rgba(0,0,0,0.35)"))


def _class_menu(classes: list[str], trace_classes: list[str], x: float = 0.0, y: float = 1.01) -> dict:
    """A drop-down that shows all classes or one class at a time."""
    buttons = [dict(label="All therapy classes", method="restyle", args=[{"visible": [True] * len(trace_classes)}])]
    for wanted in classes:
        buttons.append(dict(label=wanted, method="restyle",
                            args=[{"visible": [c == wanted for c in trace_classes]}]))
    # Top left, above the plot: the top right belongs to Plotly's toolbar. The book shows it as an
    # HTML drop-down labelled with its name.
    return dict(type="dropdown", name="Therapy class", buttons=buttons, x=x, y=y, xanchor="left",
                yanchor="bottom", showactive=True, active=0, **MENU_STYLE)


# --- 1. approvals by cancer type ----------------------------------------------------------------

def approvals_by_cancer_type(df: pd.DataFrame, by: str = "cancer_type") -> go.Figure:
    """Horizontal bars of approval actions per cancer type (or ``by="cancer_group"``), stacked by
    therapy class, longest bar on top; a drop-down shows one class at a time."""
    label = "cancer type" if by == "cancer_type" else "cancer group"
    title = f"FDA immunotherapy approval actions by {label}"
    if df.empty:
        return empty_figure(df, title)
    totals = df.groupby(by, observed=True).size().sort_values()
    order = [str(c) for c in totals.index]
    classes = present_classes(df)
    fig = go.Figure()
    for therapy_class in classes:
        subset = df[df["therapy_class"] == therapy_class]
        grouped = {str(k): g for k, g in subset.groupby(by, observed=True)}
        counts = [len(grouped[c]) if c in grouped else 0 for c in order]
        hovers = [_hover_list(grouped[c]) if c in grouped else "" for c in order]
        fig.add_trace(go.Bar(
            y=order, x=counts, orientation="h", name=therapy_class, marker=_bar_marker(therapy_class),
            customdata=hovers,
            hovertemplate=f"<b>%{{y}}</b><br>{therapy_class}: %{{x}}<br>%{{customdata}}<extra></extra>",
        ))
    fig.update_layout(
        barmode="stack",
        xaxis_title="Number of FDA approval actions",
        yaxis_title=None,
        legend=dict(orientation="h", y=-0.08, yanchor="top", x=0),
        updatemenus=[_class_menu(classes, classes)],
        margin=dict(t=130),
    )
    height = max(420, 26 * len(order) + 220)
    top = [f"{c} ({int(totals[c])})" for c in reversed(order[-3:])]
    summary = (f"{_count(len(df), 'approval action')} across {_count(len(order), label)}; "
               f"the most are for {_listing(top)}.")
    return _finish(fig, df, title, height, summary, phone={"layout": {"xaxis.title.text": "Approval actions"}})


# --- 2. approvals over time ---------------------------------------------------------------------

LANDMARKS = (
    ("First cytokine", dict(therapy_class="Cytokine")),
    ("First therapeutic vaccine", dict(therapy_class="Therapeutic cancer vaccine")),
    ("First checkpoint inhibitor", dict(therapy_class="Checkpoint inhibitor")),
    ("First T-cell engager", dict(therapy_class="T-cell engager")),
    ("First tumor-agnostic approval", dict(cancer_group="Tumor-agnostic")),
    ("First CAR T", dict(therapy_class="CAR T cell therapy")),
    ("First TIL therapy", dict(therapy_class="TIL therapy")),
)


def landmarks(df: pd.DataFrame) -> pd.DataFrame:
    """The earliest row for each landmark 'first' that occurs in ``df``."""
    found = []
    for label, where in LANDMARKS:
        mask = pd.Series(True, index=df.index)
        for column, value in where.items():
            mask &= df[column] == value
        if mask.any():
            row = df[mask].sort_values("approval_date").iloc[0]
            found.append({"label": label, "agents": row["agents"], "approval_date": row["approval_date"],
                          "year": int(row["year"]), "therapy_class": str(row["therapy_class"])})
    return pd.DataFrame(found, columns=["label", "agents", "approval_date", "year", "therapy_class"])


def approvals_over_time(df: pd.DataFrame, landmarks_from: pd.DataFrame | None = None) -> go.Figure:
    """Approval actions per year stacked by class, with buttons to switch to cumulative totals and
    the landmark 'firsts' marked. With ``landmarks_from`` (the full dataset, when ``df`` is a
    filtered selection) the firsts are the true ones, marked when the selection contains them."""
    title = "FDA immunotherapy approval actions per year"
    if df.empty:
        return empty_figure(df, title)
    years = list(range(int(df["year"].min()), int(df["year"].max()) + 1))
    classes = present_classes(df)
    table = (df.groupby(["year", "therapy_class"], observed=True).size()
             .unstack(fill_value=0).reindex(index=years, fill_value=0))
    fig = go.Figure()
    for therapy_class in classes:
        per_year = table[therapy_class] if therapy_class in table else pd.Series(0, index=years)
        fig.add_trace(go.Bar(
            x=years, y=per_year.tolist(), name=therapy_class, marker=_bar_marker(therapy_class),
            legendgroup=therapy_class,
            hovertemplate=f"%{{x}}: %{{y}} {therapy_class} action(s)<extra></extra>",
        ))
    for therapy_class in classes:
        per_year = table[therapy_class] if therapy_class in table else pd.Series(0, index=years)
        fig.add_trace(go.Scatter(
            x=years, y=per_year.cumsum().tolist(), name=therapy_class, mode="lines",
            stackgroup="cumulative", line=dict(width=0.5, color=class_color(therapy_class)),
            fillcolor=class_color(therapy_class), legendgroup=therapy_class, showlegend=False,
            visible=False, hovertemplate=f"By end of %{{x}}: %{{y}} {therapy_class} action(s)<extra></extra>",
        ))
    n = len(classes)
    # Headroom above the bars keeps the landmark labels clear of the data in both views.
    top_year = float(table.sum(axis=1).max()) * 1.8
    top_cumulative = float(table.sum(axis=1).cumsum().max()) * 1.8
    fig.update_layout(
        barmode="stack",
        xaxis=dict(title="Year of FDA action", range=[years[0] - 0.8, years[-1] + 0.8]),
        yaxis=dict(title="Approval actions per year", range=[0, top_year]),
        legend=dict(orientation="h", y=-0.15, yanchor="top", x=0),
        margin=dict(t=130),
        updatemenus=[dict(
            type="buttons", name="Count", direction="right", x=0, y=1.01, xanchor="left", yanchor="bottom", active=0,
            **MENU_STYLE,
            buttons=[
                dict(label="Per year", method="update",
                     args=[{"visible": [True] * n + [False] * n},
                           {"yaxis.title.text": "Approval actions per year", "yaxis.range": [0, top_year]}]),
                dict(label="Cumulative", method="update",
                     args=[{"visible": [False] * n + [True] * n},
                           {"yaxis.title.text": "Approval actions to date", "yaxis.range": [0, top_cumulative]}]),
            ],
        )],
    )
    marks = landmarks(df if landmarks_from is None else landmarks_from)
    if landmarks_from is not None:
        shown = set(zip(df["agents"], df["approval_date"]))
        marks = marks[[(a, d) in shown for a, d in zip(marks["agents"], marks["approval_date"])]]
    marks = marks.sort_values("approval_date").reset_index(drop=True)
    middle = (years[0] + years[-1]) / 2
    for i, mark in enumerate(marks.itertuples()):
        fig.add_annotation(
            x=mark.year, y=0.94 - 0.065 * i, xref="x", yref="paper", yanchor="middle",
            xanchor="left" if mark.year < middle else "right",
            text=f"{mark.label}: {mark.agents} ({mark.year})", showarrow=False, font=dict(size=11),
            hovertext=f"{mark.label}: {mark.agents}, approved {mark.approval_date:%Y-%m-%d}", name="landmark",
        )
        fig.add_shape(type="line", name="landmark", x0=mark.year, x1=mark.year, xref="x", yref="paper",
                      y0=0, y1=0.94 - 0.065 * i, line=dict(width=1, dash="dot", color="rgba(128,128,128,0.6)"))
    per_year = table.sum(axis=1)
    busiest = int(per_year.idxmax())
    summary = (f"{_count(len(df), 'approval action')} from {years[0]} to {years[-1]}; the busiest year was "
               f"{busiest} ({int(per_year[busiest])}).")
    if len(marks):
        summary += " Milestones: " + "; ".join(f"{m.label}: {m.agents} ({m.year})"
                                               for m in marks.itertuples()) + "."
    # On a phone the milestone labels cannot fit beside the bars: they are in the summary instead.
    return _finish(fig, df, title, height=560, summary=summary, phone={"hide": ["landmark"], "height": 700,
                                                              "layout": {"yaxis.range": [0, top_year / 1.8 * 1.1]}})


# --- 3. which drugs treat which cancers ---------------------------------------------------------

def agent_cancer_pairs(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (agent, cancer type) with the number of approval actions and the agent's class.
    Combination regimens count for each of their agents."""
    records = []
    for row in df.itertuples():
        for agent in split_agents(row.agents):
            records.append({"agent": agent, "cancer_type": str(row.cancer_type),
                            "therapy_class": str(row.therapy_class)})
    pairs = pd.DataFrame(records, columns=["agent", "cancer_type", "therapy_class"])
    if pairs.empty:
        return pairs.assign(actions=pd.Series(dtype=int))
    return (pairs.groupby(["agent", "cancer_type", "therapy_class"]).size()
            .rename("actions").reset_index())


def agent_cancer_matrix(df: pd.DataFrame) -> go.Figure:
    """A dot matrix: agents (rows) by cancer types (columns, grouped by cancer group); dot size grows
    with the number of approval actions, colour gives the therapy class. Agents that reach the most
    cancer types are at the top."""
    title = "Which immunotherapies are approved for which cancers"
    pairs = agent_cancer_pairs(df)
    if pairs.empty:
        return empty_figure(df, title)
    breadth = pairs.groupby("agent")["cancer_type"].nunique().sort_values(ascending=False, kind="stable")
    agents = list(breadth.index)
    group_of = dict(zip(df["cancer_type"].astype(str), df["cancer_group"].astype(str)))
    group_order = {g: i for i, g in enumerate(df["cancer_group"].cat.categories)}
    totals = pairs.groupby("cancer_type")["actions"].sum()
    cancers = sorted(totals.index, key=lambda c: (group_order.get(group_of.get(c), 99), -totals[c], c))
    fig = go.Figure()
    for therapy_class in [c for c in CLASS_COLORS if c in set(pairs["therapy_class"])]:
        part = pairs[pairs["therapy_class"] == therapy_class]
        fig.add_trace(go.Scatter(
            x=part["cancer_type"], y=part["agent"], mode="markers", name=therapy_class,
            marker=dict(size=(5 + 2.5 * part["actions"].clip(upper=6)).tolist(), color=class_color(therapy_class),
                        line=dict(width=0.5, color="rgba(0,0,0,0.4)")),
            customdata=part["actions"],
            hovertemplate=f"<b>%{{y}}</b> ({therapy_class})<br>%{{x}}<br>%{{customdata}} approval action(s)<extra></extra>",
        ))
    fig.update_layout(
        # Every label is shown: Plotly would otherwise skip labels on a narrow page.
        xaxis=dict(title="Cancer type (grouped by cancer group)", categoryorder="array", categoryarray=cancers,
                   tickmode="array", tickvals=cancers, tickangle=-90, tickfont=dict(size=10), side="bottom"),
        yaxis=dict(title=None, categoryorder="array", categoryarray=list(reversed(agents)),
                   tickmode="array", tickvals=agents, tickfont=dict(size=11)),
        # No legend: it cannot fit beside 40-odd columns on a phone-sized page. The colours are the
        # book-wide class colours, and the hover names the class.
        showlegend=False,
    )
    height = max(480, 19 * len(agents) + 330)
    widest = breadth.index[0]
    summary = (f"{_count(len(agents), 'agent')} approved across {_count(len(cancers), 'cancer type')}; "
               f"{widest} reaches the most ({_count(int(breadth.iloc[0]), 'cancer type')}).")
    # Forty-odd columns cannot shrink to a phone: the matrix keeps its width and scrolls sideways.
    return _finish(fig, df, title, height, summary, phone={"min_width": 900})


# --- 4. timeline of first approvals -------------------------------------------------------------

def first_approvals(df: pd.DataFrame) -> pd.DataFrame:
    """Each agent's earliest row in ``df`` (its entry into the dataset)."""
    records = []
    for row in df.sort_values("approval_date").itertuples():
        for agent in split_agents(row.agents):
            records.append({"agent": agent, "approval_date": row.approval_date,
                            "therapy_class": str(row.therapy_class), "target": str(row.target),
                            "cancer_type": str(row.cancer_type), "brand_names": str(row.brand_names or "")})
    firsts = pd.DataFrame(records, columns=["agent", "approval_date", "therapy_class", "target",
                                            "cancer_type", "brand_names"])
    return firsts.drop_duplicates("agent", keep="first").reset_index(drop=True)


def first_approvals_timeline(df: pd.DataFrame) -> go.Figure:
    """One mark per agent at its first FDA approval in the dataset, one row per therapy class."""
    title = "When each immunotherapy was first approved"
    firsts = first_approvals(df)
    if firsts.empty:
        return empty_figure(df, title)
    fig = go.Figure()
    classes = [c for c in CLASS_COLORS if c in set(firsts["therapy_class"])]
    for therapy_class in classes:
        part = firsts[firsts["therapy_class"] == therapy_class]
        fig.add_trace(go.Scatter(
            x=part["approval_date"], y=[therapy_class] * len(part), mode="markers", name=therapy_class,
            marker=dict(size=13, color=class_color(therapy_class), symbol="diamond",
                        line=dict(width=1, color="rgba(0,0,0,0.5)")),
            customdata=part[["agent", "brand_names", "target", "cancer_type"]].to_numpy(),
            hovertemplate=("<b>%{customdata[0]}</b> (%{customdata[1]})<br>First approved %{x|%Y-%m-%d}"
                           "<br>Target: %{customdata[2]}<br>First cancer: %{customdata[3]}<extra></extra>"),
        ))
    fig.update_layout(
        xaxis_title="Date of first FDA approval in the dataset",
        yaxis=dict(title=None, categoryorder="array", categoryarray=list(reversed(classes))),
        showlegend=False,
    )
    first, last = firsts.iloc[0], firsts.iloc[-1]
    summary = (f"{_count(len(firsts), 'agent')} in {_count(len(classes), 'therapy class')}; the earliest is "
               f"{first['agent']} ({first['approval_date']:%Y}) and the most recent {last['agent']} "
               f"({last['approval_date']:%Y}).")
    return _finish(fig, df, title, height=max(360, 44 * len(classes) + 200), summary=summary,
                   phone={"layout": {"xaxis.nticks": 5, "xaxis.title.text": "First FDA approval"}})


# --- 5. accelerated approval and withdrawals ----------------------------------------------------

def approval_types_by_year(df: pd.DataFrame) -> go.Figure:
    """New approval actions per year split into accelerated and regular, with conversions of
    accelerated approvals to regular approval as a separate series."""
    title = "Accelerated and regular approvals per year"
    if df.empty:
        return empty_figure(df, title)
    years = list(range(int(df["year"].min()), int(df["year"].max()) + 1))
    conversions = df["action"] == "conversion to regular approval"
    new = df[~conversions]
    counts = new.groupby(["year", "approval_type"], observed=True).size().unstack(fill_value=0)
    counts = counts.reindex(index=years, fill_value=0)
    converted = df[conversions].groupby("year").size().reindex(years, fill_value=0)
    fig = go.Figure()
    for kind, color, pattern in (("regular", "#0072B2", ""), ("accelerated", "#E69F00", "/")):
        values = counts[kind] if kind in counts else pd.Series(0, index=years)
        fig.add_trace(go.Bar(x=years, y=values.tolist(), name=f"{kind.capitalize()} approval",
                             marker=dict(color=color, pattern=_pattern(pattern)),
                             hovertemplate=f"%{{x}}: %{{y}} {kind} approval(s)<extra></extra>"))
    fig.add_trace(go.Scatter(x=years, y=converted.tolist(), name="Accelerated converted to regular",
                             mode="lines+markers", line=dict(color="#009E73", width=2),
                             marker=dict(symbol="circle-open", size=8),
                             hovertemplate="%{x}: %{y} conversion(s)<extra></extra>"))
    fig.update_layout(barmode="stack", xaxis_title="Year of FDA action", yaxis_title="Approval actions",
                      legend=dict(orientation="h", y=-0.15, yanchor="top", x=0))
    accelerated = int(counts["accelerated"].sum()) if "accelerated" in counts else 0
    summary = (f"Of {_count(int(counts.to_numpy().sum()), 'new approval action')} from {years[0]} to {years[-1]}, "
               f"{accelerated} were accelerated approvals; {_count(int(converted.sum()), 'accelerated approval')} "
               "were later converted to regular approval.")
    return _finish(fig, df, title, height=480, summary=summary)


def withdrawn_indications(df: pd.DataFrame) -> go.Figure:
    """Each withdrawn indication as a bar from its approval to its withdrawal."""
    title = "Indications later withdrawn"
    gone = df[df["withdrawn_date"].notna()].sort_values("approval_date")
    if gone.empty:
        return empty_figure(df, title, "No withdrawn indications in this selection.")
    def label(rows):
        return [f"{a}: {c} ({d:%Y})" for a, c, d in
                zip(rows["agents"], rows["cancer_type"].astype(str), rows["approval_date"])]

    labels = label(gone)
    fig = go.Figure()
    for kind, color in (("accelerated", "#E69F00"), ("regular", "#0072B2")):
        part = gone[gone["approval_type"] == kind]
        if part.empty:
            continue
        part_labels = label(part)
        days = (part["withdrawn_date"] - part["approval_date"]).dt.days
        fig.add_trace(go.Bar(
            y=part_labels, x=(days * 86_400_000).tolist(), base=part["approval_date"].dt.strftime("%Y-%m-%d").tolist(),
            orientation="h", name=f"Approved as {kind}", marker=dict(color=color),
            customdata=list(zip(part["approval_date"].dt.strftime("%Y-%m-%d"),
                                part["withdrawn_date"].dt.strftime("%Y-%m-%d"),
                                part["indication"].astype(str), (days / 365.25).round(1))),
            hovertemplate=("<b>%{y}</b><br>%{customdata[2]}<br>Approved %{customdata[0]}, withdrawal announced "
                           "%{customdata[1]} (%{customdata[3]} years)<extra></extra>"),
        ))
    fig.update_layout(
        xaxis=dict(type="date", title="Approval (bar start) to withdrawal (bar end)"),
        yaxis=dict(title=None, categoryorder="array", categoryarray=list(reversed(labels))),
        legend=dict(orientation="h", y=-0.2, yanchor="top", x=0),
    )
    years = ((gone["withdrawn_date"] - gone["approval_date"]).dt.days / 365.25)
    summary = (f"{_count(len(gone), 'indication')} later withdrawn, after a median of {years.median():.1f} years "
               f"(range {years.min():.1f} to {years.max():.1f}).")
    return _finish(fig, df, title, height=max(320, 34 * len(gone) + 220), summary=summary,
                   phone={"layout": {"xaxis.nticks": 4, "xaxis.title.text": "Approved to withdrawn"}})


# --- 6. the cancer finder: every approval action for one cancer type ----------------------------

from dataclasses import dataclass  # noqa: E402  (imported here: other helpers edit the top of the file)
from html import escape as _escape  # noqa: E402

FINDER_TITLE = "Immunotherapy approvals, cancer by cancer"
FINDER_COLUMNS = ("approval_date", "agents", "therapy_class", "cancer_type", "cancer_group",
                  "indication", "setting", "approval_type", "action", "trial", "withdrawn_date")
# One symbol per kind of action, so the chart never relies on colour alone. An action value the
# book does not know yet falls back to its approval type's symbol; its hover still names it.
ACTION_SYMBOLS = {"label restriction": "triangle-down"}
APPROVAL_SYMBOLS = {"regular": "circle", "accelerated": "diamond"}
FALLBACK_SYMBOL = "star"
WITHDRAWAL_SYMBOL = "x-thin-open"
KEY_COLOR = "#888888"  # mid grey: visible on the light and the dark page
SYMBOL_KEY = (
    ("Regular approval", "circle"),
    ("Accelerated approval", "diamond"),
    ("Label restricted", "triangle-down"),
    ("Later withdrawn (× = date)", WITHDRAWAL_SYMBOL),
)
# Settings in the order treatment usually moves when a drug proves itself: from after other
# treatments, to first treatment, to treatment around surgery; used to break ties in a year.
SETTING_ORDER = ("later line", "any line", "first line", "maintenance or consolidation",
                 "neoadjuvant or perioperative", "adjuvant", "prevention", "multiple")
# Shorter menu labels, so the drop-down stays narrow on a 390 px phone screen.
SHORT_CANCER_LABELS = {
    "Gastric or gastroesophageal junction cancer": "Gastric / GEJ cancer",
    "Oropharyngeal and other head and neck cancers": "Other head and neck cancers",
    "Head and neck squamous cell carcinoma": "Head and neck SCC",
    "Cutaneous squamous cell carcinoma": "Cutaneous SCC",
    "Non-muscle invasive bladder cancer": "Bladder, non-muscle-invasive",
    "Primary mediastinal large B-cell lymphoma": "Primary mediastinal LBCL",
    "B-cell acute lymphoblastic leukemia": "B-cell ALL",
}
MENU_LABEL_WIDTH = 30
# Short names for the bracket after a regimen when one view shows several cancer types.
ROW_ABBREVIATIONS = {
    "Classical Hodgkin lymphoma": "cHL", "Large B-cell lymphoma": "LBCL", "Follicular lymphoma": "FL",
    "Primary mediastinal large B-cell lymphoma": "PMBCL", "Mantle cell lymphoma": "MCL",
    "Marginal zone lymphoma": "MZL", "Non-small cell lung cancer": "NSCLC", "Small cell lung cancer": "SCLC",
}
ROUTINE_ACTIONS = {"first approval", "new indication", "new line or setting", "new combination", "new population"}


@dataclass
class FinderView:
    """One menu state of the finder: its rows on the y axis, their labels and the x range."""

    name: str
    n_actions: int
    tickvals: list[str]
    ticktext: list[str]
    x_range: list[str]
    classes: set[str]


def _check_finder_columns(df: pd.DataFrame) -> None:
    missing = [c for c in FINDER_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"the approvals table lacks the column(s) {missing} that the cancer finder needs")


def finder_cancer_order(df: pd.DataFrame) -> list[str]:
    """Every cancer type in ``df``, grouped by cancer group (the dataset's group order), and within a
    group the cancer with the most approval actions first."""
    if df.empty:
        return []
    group = df["cancer_group"]
    groups = list(group.cat.categories) if isinstance(group.dtype, pd.CategoricalDtype) else sorted(set(group.astype(str)))
    rank = {g: i for i, g in enumerate(groups)}
    counts = df.groupby(df["cancer_type"].astype(str)).size()
    group_of = dict(zip(df["cancer_type"].astype(str), group.astype(str)))
    return sorted(counts.index, key=lambda c: (rank.get(group_of[c], len(rank)), -counts[c], c))


def menu_label(cancer: str) -> str:
    """The drop-down label of a cancer type: short enough for a phone."""
    label = SHORT_CANCER_LABELS.get(cancer, cancer)
    return label if len(label) <= MENU_LABEL_WIDTH else label[:MENU_LABEL_WIDTH - 1] + "…"


def action_symbol(action, approval_type, withdrawn: bool = False) -> str:
    """The marker symbol of one action: its kind, drawn open when the indication was withdrawn."""
    symbol = ACTION_SYMBOLS.get(str(action)) or APPROVAL_SYMBOLS.get(str(approval_type), FALLBACK_SYMBOL)
    return f"{symbol}-open" if withdrawn else symbol


def _wrap(text: str, width: int = 18) -> str:
    """Break a long name into short lines, for a label or hover box on a narrow screen."""
    lines, line = [], ""
    for word in str(text).split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else _escape(str(value), quote=False)


def _hover(row, detail: bool = True) -> str:
    """Hover text of one action: indication, setting, approval type, trial; the date comes from the
    point itself (``%{x}``). Without ``detail`` only the setting and approval type."""
    kind = f"{_text(row.setting)} · {_text(row.approval_type)}"
    # The common "new ..." actions are clear from the setting; rarer ones are named.
    if str(row.action) not in ROUTINE_ACTIONS:
        kind += f" · {_text(row.action)}"
    if not detail:
        return kind
    # No regimen name: the row label beside the mark already gives it, and bytes count on a phone.
    parts = [_wrap(_text(row.indication), width=44), kind]
    if _text(row.trial):
        parts.append(f"Trial: {_text(row.trial)}")
    if pd.notna(row.withdrawn_date):
        parts.append(f"Withdrawal announced {row.withdrawn_date:%Y-%m-%d}")
    return "<br>".join(parts)


def _row_label(row, several_cancers: bool) -> str:
    label = str(row.agents)
    cancer = str(row.cancer_type)
    return f"{label} ({ROW_ABBREVIATIONS.get(cancer, menu_label(cancer))})" if several_cancers else label


def _finder_data(groups: list[tuple[str, pd.DataFrame]], several_cancers: bool,
                 detail: bool) -> tuple[list[go.Scatter], list[FinderView]]:
    """Traces (one per therapy class, shared by every menu state) and one view per group of rows.

    Every action is one marker on a y category ``"<view>:<row>"`` that belongs to exactly one view,
    so a menu state only changes the y axis (which categories are in range, and their labels): the
    data are stored once however many cancers the menu offers. A withdrawn action is drawn open and
    gets a second marker, a cross, at its withdrawal date.
    """
    points, views = [], []
    for index, (name, rows) in enumerate(groups):
        rows = rows.sort_values(["approval_date", "agents"])
        labels = [_row_label(r, several_cancers) for r in rows.itertuples()]
        order = list(dict.fromkeys(labels))
        category = {label: f"{index}:{i}" for i, label in enumerate(order)}
        for row, label in zip(rows.itertuples(), labels):
            points.append((row, category[label], False))
            if pd.notna(row.withdrawn_date):
                points.append((row, category[label], True))
        start = rows["approval_date"].min()
        end = max(rows["approval_date"].max(), rows["withdrawn_date"].max()
                  if rows["withdrawn_date"].notna().any() else rows["approval_date"].max())
        pad = pd.Timedelta(days=500)
        views.append(FinderView(name=name, n_actions=len(rows), tickvals=[category[o] for o in order],
                                ticktext=[_wrap(o) for o in order],
                                x_range=[f"{start - pad:%Y-%m-%d}", f"{end + pad:%Y-%m-%d}"],
                                classes=set(rows["therapy_class"].astype(str))))
    classes = {str(p[0].therapy_class) for p in points}
    ordered = [c for c in CLASS_COLORS if c in classes] + sorted(classes - set(CLASS_COLORS))
    traces = []
    for therapy_class in ordered:
        mine = [p for p in points if str(p[0].therapy_class) == therapy_class]
        traces.append(go.Scatter(
            x=[f"{(r.withdrawn_date if cross else r.approval_date):%Y-%m-%d}" for r, _, cross in mine],
            y=[c for _, c, _ in mine], mode="markers", name=therapy_class, legendgroup=therapy_class,
            showlegend=False,
            marker=dict(size=13, color=class_color(therapy_class),
                        symbol=[WITHDRAWAL_SYMBOL if cross else
                                action_symbol(r.action, r.approval_type, pd.notna(r.withdrawn_date))
                                for r, _, cross in mine],
                        line=dict(width=2, color=class_color(therapy_class))),
            hovertext=[f"withdrawal of the {r.approval_date:%Y} indication announced"
                       if cross else _hover(r, detail) for r, _, cross in mine],
            hovertemplate="%{hovertext}<br>%{x|%Y-%m-%d}<extra></extra>",
        ))
    return traces, views


def _key(name: str, symbol: str, color: str, group: str) -> go.Scatter:
    """A legend entry that holds no data (``meta="key"``); clicking it toggles its legend group."""
    return go.Scatter(x=[None], y=[None], mode="markers", name=name, legendgroup=group, meta="key",
                      marker=dict(size=11, symbol=symbol, color=color, line=dict(width=2, color=color)),
                      hoverinfo="skip")


def _class_key(classes: list[str]) -> list[go.Scatter]:
    """One colour swatch (a square, a shape no action uses) per therapy class: the data traces' own
    first mark could be any symbol, and a circle would read as "regular approval"."""
    return [_key(c, "square", class_color(c), c) for c in classes]


def _symbol_key() -> list[go.Scatter]:
    """Legend entries that explain the symbols; they show in every menu state."""
    return [_key(name, symbol, KEY_COLOR, f"key-{symbol}") for name, symbol in SYMBOL_KEY]


def _legend_shown(fig: go.Figure, view: FinderView) -> list[bool]:
    """Which traces the legend lists in one menu state: the view's class keys and the symbol key."""
    return [t.meta == "key" and (t.name in view.classes or t.name in dict(SYMBOL_KEY)) for t in fig.data]


def _view_layout(view: FinderView) -> dict:
    """The layout of one menu state, as ``relayout`` keys. Rows get room for their wrapped label;
    the legend sits a fixed distance below the plot, whatever the plot's height."""
    n = len(view.tickvals)
    lines = max(label.count("<br>") + 1 for label in view.ticktext)
    row = max(40, 15 * lines + 12)
    plot = row * n + 20
    legend_rows = len(view.classes) + len(SYMBOL_KEY)
    return {
        # Short enough for a phone's width: the short cancer name and "N actions".
        "title.text": f"{menu_label(view.name)}: {view.n_actions} action{'s' if view.n_actions != 1 else ''}",
        "height": plot + 140 + 90 + 24 * legend_rows,
        "legend.y": round(-80 / plot, 3),
        "yaxis.categoryarray": view.tickvals,
        "yaxis.tickvals": view.tickvals,
        "yaxis.ticktext": view.ticktext,
        "yaxis.range": [n - 0.5, -0.5],
        "xaxis.range": view.x_range,
    }


def cancer_finder(df: pd.DataFrame, default: str | Iterable[str] = "Melanoma", menu: bool = True,
                  detail: bool = True, name: str | None = None) -> go.Figure:
    """A timeline of every approval action for one cancer type: one row per agent or regimen, one
    marker per action, colour = therapy class, symbol = approval type (open when the indication was
    later withdrawn, with a cross at the withdrawal; a triangle for a label restriction).

    With ``menu=True`` a drop-down lists every cancer type in ``df`` (grouped by cancer group) and
    shows ``default`` first. With ``menu=False`` the figure shows ``default`` alone, which may also
    be a list of cancer types drawn together (rows then name their cancer), shown under ``name``.
    ``detail=False`` leaves the indication and trial out of the hover text, for small static views
    beside the full finder. Only the therapy classes of the cancer shown appear in the legend.
    """
    _check_finder_columns(df)
    if df.empty:
        return empty_figure(df, FINDER_TITLE)
    cancers = finder_cancer_order(df)
    wanted = [default] if isinstance(default, str) else list(default)
    unknown = [c for c in wanted if c not in cancers]
    if unknown or not wanted:
        raise ValueError(f"cancer type(s) {unknown or wanted} not in the approvals data; choose from {cancers}")
    cancer_type = df["cancer_type"].astype(str)
    if menu:
        if len(wanted) != 1:
            raise ValueError(f"with menu=True, default must be one cancer type, not {wanted}")
        groups = [(c, df[cancer_type == c]) for c in cancers]
        shown = cancers.index(wanted[0])
    else:
        name = name or (wanted[0] if len(wanted) == 1 else ", ".join(wanted[:-1]) + " and " + wanted[-1])
        groups = [(name, df[cancer_type.isin(wanted)])]
        shown = 0
    traces, views = _finder_data(groups, several_cancers=not menu and len(wanted) > 1, detail=detail)
    fig = go.Figure(traces + _class_key([t.name for t in traces]) + _symbol_key())
    layout = _view_layout(views[shown])
    for trace, show in zip(fig.data, _legend_shown(fig, views[shown])):
        trace.showlegend = show
    fig.update_layout(
        xaxis=dict(type="date", title="Date of FDA action", range=layout["xaxis.range"]),
        yaxis=dict(type="category", categoryorder="array", categoryarray=layout["yaxis.categoryarray"],
                   tickmode="array", tickvals=layout["yaxis.tickvals"], ticktext=layout["yaxis.ticktext"],
                   range=layout["yaxis.range"], title=None, tickfont=dict(size=11), fixedrange=True),
        legend=dict(orientation="h", y=layout["legend.y"], yanchor="top", x=0),
        margin=dict(t=140),
        hovermode="closest",
    )
    if menu:
        # "update": the legend lists only the chosen cancer's classes; the data never change. Only
        # the class keys' entries change, so only those traces (the third argument) are restyled.
        class_keys = [i for i, t in enumerate(fig.data) if t.meta == "key" and t.name not in dict(SYMBOL_KEY)]
        buttons = []
        for v in views:
            listed = _legend_shown(fig, v)
            buttons.append(dict(label=menu_label(v.name), name=v.name, method="update",
                                args=[{"showlegend": [listed[i] for i in class_keys]}, _view_layout(v), class_keys]))
        fig.update_layout(updatemenus=[dict(type="dropdown", buttons=buttons, active=shown, x=0, y=1.01,
                                            xanchor="left", yanchor="bottom", showactive=True, **MENU_STYLE)])
    view = views[shown]
    rows = groups[shown][1]
    summary = (f"{view.name}: {_count(view.n_actions, 'approval action')} for "
               f"{_count(len(view.tickvals), 'regimen')}, from {rows['approval_date'].min():%Y} to "
               f"{rows['approval_date'].max():%Y}." + (" Choose another cancer type in the menu." if menu else ""))
    return _finish(fig, df, layout["title.text"], layout["height"], summary=summary)


def finder_view_points(fig: go.Figure, view: int = 0) -> list[dict]:
    """The markers that menu entry ``view`` shows (its y categories, ``"<view>:<row>"``), each as a
    dict of x, y, symbol and therapy class: what a reader sees after choosing that entry."""
    prefix = f"{view}:"
    shown = []
    for trace in fig.data:
        if trace.meta == "key" or trace.y is None:
            continue
        for x, y, symbol in zip(trace.x, trace.y, trace.marker.symbol):
            if str(y).startswith(prefix):
                shown.append({"x": x, "y": y, "symbol": symbol, "therapy_class": trace.name})
    return shown


def _settings_path(rows: pd.DataFrame) -> str:
    """Settings in the order a cancer first reached them, each with its year:
    'later line (2014) → first line (2015) → adjuvant (2017)'."""
    firsts = rows.groupby(rows["setting"].astype(str))["approval_date"].min()
    rank = {s: i for i, s in enumerate(SETTING_ORDER)}
    ordered = sorted(firsts.index, key=lambda s: (firsts[s], rank.get(s, len(rank)), s))
    return " → ".join(f"{s} ({firsts[s]:%Y})" for s in ordered)


SUMMARY_COLUMNS_BY_CANCER = ["cancer_group", "cancer_type", "actions", "agents", "regimens",
                             "first_action", "latest_action", "withdrawn", "settings_reached"]


def cancer_summary(df: pd.DataFrame) -> pd.DataFrame:
    """One row per cancer type, in the finder's order: the number of approval actions, distinct
    agents (a combination counts each of its agents) and regimens, the first and latest action,
    how many indications were withdrawn, and the settings in the order they were first reached."""
    _check_finder_columns(df)
    records = []
    cancer_type = df["cancer_type"].astype(str)
    for cancer in finder_cancer_order(df):
        rows = df[cancer_type == cancer]
        agents = {a for regimen in rows["agents"] for a in split_agents(regimen)}
        records.append({
            "cancer_group": str(rows["cancer_group"].iloc[0]),
            "cancer_type": cancer,
            "actions": len(rows),
            "agents": len(agents),
            "regimens": rows["agents"].astype(str).nunique(),
            "first_action": rows["approval_date"].min().date(),
            "latest_action": rows["approval_date"].max().date(),
            "withdrawn": int(rows["withdrawn_date"].notna().sum()),
            "settings_reached": _settings_path(rows),
        })
    return pd.DataFrame(records, columns=SUMMARY_COLUMNS_BY_CANCER)


EARLY_SETTINGS = ("adjuvant", "neoadjuvant or perioperative")


def cancer_facts(df: pd.DataFrame, cancer_types: Iterable[str], key: str) -> dict[str, int | str]:
    """Numbers a chapter quotes about one cancer (or a group of cancer types), keyed ``<key>_...``
    for gluing: actions, agents, withdrawn, the first action and the first checkpoint inhibitor,
    and the first first-line and first around-surgery actions ("none" when there is none)."""
    _check_finder_columns(df)
    wanted = list(cancer_types)
    rows = df[df["cancer_type"].astype(str).isin(wanted)].sort_values(["approval_date", "agents"])
    if rows.empty:
        raise ValueError(f"no approval actions for {wanted} in the data")

    def first(mask, what: str) -> dict[str, str]:
        hit = rows[mask]
        if hit.empty:
            return {f"{key}_{what}_year": "none", f"{key}_{what}_agent": "none"}
        return {f"{key}_{what}_year": f"{hit['approval_date'].iloc[0]:%Y}",
                f"{key}_{what}_agent": str(hit["agents"].iloc[0])}

    setting = rows["setting"].astype(str)
    facts: dict[str, int | str] = {
        f"{key}_actions": len(rows),
        f"{key}_agents": len({a for regimen in rows["agents"] for a in split_agents(regimen)}),
        f"{key}_withdrawn": int(rows["withdrawn_date"].notna().sum()),
        f"{key}_accelerated": int((rows["approval_type"].astype(str) == "accelerated").sum()),
        f"{key}_checkpoint": int((rows["therapy_class"].astype(str) == "Checkpoint inhibitor").sum()),
    }
    facts |= first(pd.Series(True, index=rows.index), "first")
    facts |= first(rows["therapy_class"].astype(str) == "Checkpoint inhibitor", "first_checkpoint")
    facts |= first(setting == "first line", "first_line")
    facts |= first(setting.isin(EARLY_SETTINGS), "early")
    return facts
