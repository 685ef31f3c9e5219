"""Live ipywidgets explorer of the toy neoantigen pipeline (needs a running kernel).

``neoantigen_explorer()`` returns the widget panel in JupyterLab or Binder and a short launch note
in the static HTML build. ``NeoantigenExplorer`` keeps the widgets and the current table, so tests
can change a control in Python and check that the table changed.
"""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML, display

from ..book.live import is_static_build, launch_note
from .neoantigen_toy import (
    PEPTIDE_LENGTHS,
    all_mutant_peptides,
    find_mutations,
    make_synthetic_pair,
    rank_peptides,
)

__all__ = ["ALL_MUTATIONS", "NeoantigenExplorer", "neoantigen_explorer"]

ALL_MUTATIONS = "All mutations"
_STYLE = {"description_width": "initial"}
_SHOWN_COLUMNS = ["rank", "peptide", "normal_peptide", "mutation", "mutation_at", "anchor_2", "anchor_c",
                  "middle", "score"]


class NeoantigenExplorer:
    """Choose a seed, a mutation and a peptide length; the ranked table redraws on every change."""

    def __init__(self, seed: int = 7, k: int = 9, n_rows: int = 10):
        self.n_rows = n_rows
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=10_000, description="Random seed (new synthetic protein)",
                                           style=_STYLE)
        self.mutation = widgets.Dropdown(options=[ALL_MUTATIONS], value=ALL_MUTATIONS,
                                         description="Mutation", style=_STYLE)
        self.length = widgets.SelectionSlider(options=list(PEPTIDE_LENGTHS), value=k,
                                              description="Peptide length (residues)", style=_STYLE,
                                              continuous_update=False)
        self.sequences = widgets.HTML()
        self.output = widgets.Output()
        self.table = None
        self.normal = self.tumour = ""
        self.seed.observe(self._on_seed, names="value")
        self.mutation.observe(self._on_change, names="value")
        self.length.observe(self._on_change, names="value")
        self.panel = widgets.VBox([
            widgets.HTML("<p>A random, synthetic protein pair: not a real gene. "
                         "The score is the toy rule from this chapter, not a binding prediction.</p>"),
            self.seed, self.mutation, self.length, self.sequences, self.output,
        ])
        self._new_pair()

    def _new_pair(self) -> None:
        self.normal, self.tumour = make_synthetic_pair(seed=self.seed.value)
        labels = [m.label for m in find_mutations(self.normal, self.tumour)]
        with self.mutation.hold_trait_notifications():
            self.mutation.unobserve(self._on_change, names="value")
            self.mutation.options = [ALL_MUTATIONS, *labels]
            self.mutation.value = ALL_MUTATIONS
            self.mutation.observe(self._on_change, names="value")
        self.sequences.value = (
            "<pre style='white-space:pre-wrap;word-break:break-all'>"
            f"normal  {self.normal}\ntumour  {self.tumour}</pre>"
        )
        self.update()

    def update(self) -> None:
        """Rank the peptides for the chosen mutation and length and redraw the table."""
        ranked = rank_peptides(all_mutant_peptides(self.normal, self.tumour, self.length.value))
        if self.mutation.value != ALL_MUTATIONS:
            ranked = ranked[ranked["mutation"] == self.mutation.value]
            ranked = ranked.assign(rank=range(1, len(ranked) + 1))
        self.table = ranked.reset_index(drop=True)
        self.output.clear_output(wait=True)
        with self.output:
            display(HTML(self.table.head(self.n_rows)[_SHOWN_COLUMNS].to_html(index=False)))

    def _on_seed(self, _change) -> None:
        self._new_pair()

    def _on_change(self, _change) -> None:
        self.update()


def neoantigen_explorer(**kwargs):
    """The live explorer panel, or a launch note in the static HTML build."""
    if is_static_build():
        return launch_note("The neoantigen explorer")
    return NeoantigenExplorer(**kwargs).panel
