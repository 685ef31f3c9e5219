"""Static results of the toy neoantigen pipeline for the HTML book.

``ranking_figure`` draws the best-scoring mutant peptides as stacked bars (one colour per part of
the toy score) with one button per peptide length, so a reader without a kernel can still switch
lengths. ``mutation_table`` and ``top_peptides_table`` are small tables for the page.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..approvals.charts import MENU_STYLE
from ..theme import OKABE_ITO, apply_theme
from .neoantigen_toy import (
    PEPTIDE_LENGTHS,
    all_mutant_peptides,
    find_mutations,
    rank_peptides,
    validate_length,
)

__all__ = ["SCORE_PARTS", "mutation_table", "top_peptides_table", "ranking_figure"]

#: Score part -> (legend label, colour, bar pattern). Patterns keep the parts apart without colour.
SCORE_PARTS = {
    "anchor_2": ("Residue 2 anchor", OKABE_ITO["blue"], ""),
    "anchor_c": ("Last-residue anchor", OKABE_ITO["orange"], "/"),
    "middle": ("Mutation in middle", OKABE_ITO["bluish_green"], "."),
}


def mutation_table(normal: str, tumour: str) -> pd.DataFrame:
    """One row per mutation: its name, position (from 1) and the residues before and after."""
    rows = [{"mutation": m.label, "position": m.position + 1, "normal residue": m.normal,
             "tumour residue": m.tumour} for m in find_mutations(normal, tumour)]
    return pd.DataFrame(rows, columns=["mutation", "position", "normal residue", "tumour residue"])


def top_peptides_table(normal: str, tumour: str, k: int = 9, n: int = 5) -> pd.DataFrame:
    """The ``n`` best-scoring mutant peptides of length ``k``, with the score broken down."""
    ranked = rank_peptides(all_mutant_peptides(normal, tumour, validate_length(k)))
    columns = ["rank", "peptide", "normal_peptide", "mutation", "mutation_at", "anchor_2", "anchor_c",
               "middle", "score"]
    return ranked.head(n)[columns].reset_index(drop=True)


def ranking_figure(normal: str, tumour: str, n: int = 6, lengths=PEPTIDE_LENGTHS,
                   initial_k: int = 9) -> go.Figure:
    """Top ``n`` mutant peptides per length as stacked toy-score bars, with one button per length."""
    lengths = [validate_length(k) for k in lengths]
    if initial_k not in lengths:
        raise ValueError(f"initial_k={initial_k!r} is not one of the lengths {lengths}")
    fig = go.Figure()
    ticks: dict[int, tuple[list[int], list[str]]] = {}
    best = {}
    for k in lengths:
        top = rank_peptides(all_mutant_peptides(normal, tumour, k)).head(n)
        ranks = top["rank"].tolist()
        # Tick labels are the peptides alone (short enough for a phone); the mutation is in the hover.
        ticks[k] = (ranks, list(top["peptide"]))
        best[k] = (top["peptide"].iloc[0], int(top["score"].iloc[0])) if len(top) else ("none", 0)
        for part, (label, colour, shape) in SCORE_PARTS.items():
            # Whole points as ints and no per-trace metadata: this JSON is inlined in the page.
            # Hidden traces stay out of the legend, so only the visible length's parts show there.
            fig.add_bar(
                x=[int(v) for v in top[part]], y=ranks, orientation="h", name=label,
                visible=(k == initial_k),
                marker=dict(color=colour, pattern=dict(shape=shape)) if shape else dict(color=colour),
                customdata=list(top["mutation"]),
                hovertemplate=label + ": %{x}<extra>%{customdata}</extra>",
            )
    n_parts = len(SCORE_PARTS)
    buttons = []
    for i, k in enumerate(lengths):
        visible = [j // n_parts == i for j in range(len(lengths) * n_parts)]
        buttons.append(dict(
            label=f"{k} aa", method="update",
            args=[{"visible": visible},
                  {"yaxis.tickvals": ticks[k][0], "yaxis.ticktext": ticks[k][1],
                   "title.text": f"Toy ranking of mutant {k}-mers"}],
        ))
    fig.update_layout(
        barmode="stack",
        title=dict(text=f"Toy ranking of mutant {initial_k}-mers"),
        xaxis=dict(title=dict(text="Toy score (points)"), range=[0, 5.2], dtick=1),
        yaxis=dict(title=dict(text="Peptide"), autorange="reversed",
                   tickvals=ticks[initial_k][0], ticktext=ticks[initial_k][1],
                   tickfont=dict(family="ui-monospace, Menlo, Consolas, monospace")),
        legend=dict(orientation="h", y=-0.25),
        updatemenus=[dict(type="buttons", direction="right", x=1, xanchor="right", y=1.12,
                          yanchor="bottom", active=lengths.index(initial_k), buttons=buttons,
                          showactive=True, pad=dict(l=0, r=0, t=0, b=0), **MENU_STYLE)],
        margin=dict(l=10, r=10, t=110, b=10),
        meta={"lengths": lengths, "n": n,
              "summary": (f"Toy score of the top {n} mutant {initial_k}-mers; the best, {best[initial_k][0]}, "
                          f"scores {best[initial_k][1]} of 5 points. The buttons switch the peptide length.")},
    )
    return apply_theme(fig, height=420)
