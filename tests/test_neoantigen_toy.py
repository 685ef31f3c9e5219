"""Tests of the toy neoantigen pipeline, its static figure and its live explorer.

Expected peptides and scores below were worked out by hand, not produced by the code under test.
"""

from __future__ import annotations

import itertools
import re
import textwrap

import pytest

from immunobook.models.neoantigen_toy import (
    AMINO_ACIDS,
    PEPTIDE_LENGTHS,
    Mutation,
    all_mutant_peptides,
    find_mutations,
    make_synthetic_pair,
    mutant_peptides,
    rank_peptides,
    score_breakdown,
    toy_score,
    validate_length,
    validate_sequence,
)
from immunobook.models.neoantigen_toy_explorer import ALL_MUTATIONS, NeoantigenExplorer, neoantigen_explorer
from immunobook.models.neoantigen_toy_figures import (
    SCORE_PARTS,
    mutation_table,
    ranking_figure,
    top_peptides_table,
)

# G at position 6 (counted from 1) becomes W.
NORMAL = "ACDEFGHIKLMN"
TUMOUR = "ACDEFWHIKLMN"


def expected_count(length: int, position: int, k: int) -> int:
    """Windows of length k holding position p in a protein of length L: min(k, p+1, L-p, L-k+1)."""
    return max(0, min(k, position + 1, length - position, length - k + 1))


# ---------------------------------------------------------------------------------------------
# known small inputs -> known peptides
# ---------------------------------------------------------------------------------------------


def test_find_mutations_names_the_substitution():
    assert find_mutations(NORMAL, TUMOUR) == [Mutation(5, "G", "W")]
    assert find_mutations(NORMAL, TUMOUR)[0].label == "G6W"
    assert find_mutations(NORMAL, NORMAL) == []


def test_known_8mers_and_11mers():
    mutation = find_mutations(NORMAL, TUMOUR)[0]
    eight = [p.sequence for p in mutant_peptides(NORMAL, TUMOUR, mutation, 8)]
    assert eight == ["ACDEFWHI", "CDEFWHIK", "DEFWHIKL", "EFWHIKLM", "FWHIKLMN"]
    eleven = mutant_peptides(NORMAL, TUMOUR, mutation, 11)
    assert [p.sequence for p in eleven] == ["ACDEFWHIKLM", "CDEFWHIKLMN"]
    assert [p.normal_sequence for p in eleven] == ["ACDEFGHIKLM", "CDEFGHIKLMN"]
    assert [p.mutation_offset for p in eleven] == [5, 4]


def test_mutation_at_the_first_residue_gives_one_window_per_length():
    normal, tumour = "MAAAAAAAAAAA", "WAAAAAAAAAAA"
    mutation = find_mutations(normal, tumour)[0]
    for k in PEPTIDE_LENGTHS:
        peptides = mutant_peptides(normal, tumour, mutation, k)
        assert [p.sequence for p in peptides] == ["W" + "A" * (k - 1)]


def test_toy_score_worked_examples():
    # L at residue 2 (2 points), V last (2 points), mutation at residue 5 of 9 (1 point).
    assert score_breakdown("KLAAWAAAV", 4) == {"anchor_2": 2.0, "anchor_c": 2.0, "middle": 1.0}
    assert toy_score("KLAAWAAAV", 4) == 5.0
    # No anchors, mutation at residue 1: nothing.
    assert toy_score("WAAAAAAAA", 0) == 0.0
    # Mutation at residue 2 or at the last residue is an anchor, not "middle".
    assert score_breakdown("KMAAAAAAI", 1)["middle"] == 0.0
    assert score_breakdown("KMAAAAAAI", 8)["middle"] == 0.0
    assert toy_score("KMAAAAAAI", 2) == 5.0


def test_ranking_puts_the_hand_scored_best_peptide_first():
    normal = "SAAAAAAAAAAAAAAS"
    tumour = "SLAAWAAAVAAAAAAS"  # three changes: residue 2 -> L, 5 -> W, 9 -> V
    ranked = rank_peptides(all_mutant_peptides(normal, tumour, 9))
    best = ranked.iloc[0]
    # SLAAWAAAV holds all three mutations; via the W mutation (residue 5 of 9) it scores 5.
    assert (best["peptide"], best["mutation"], best["score"]) == ("SLAAWAAAV", "A5W", 5.0)
    assert list(ranked["rank"]) == list(range(1, len(ranked) + 1))
    assert list(ranked["score"]) == sorted(ranked["score"], reverse=True)


# ---------------------------------------------------------------------------------------------
# properties on synthetic pairs
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 7, 42, 2024])
def test_every_peptide_contains_its_mutation(seed):
    normal, tumour = make_synthetic_pair(length=50, n_mutations=3, seed=seed)
    peptides = all_mutant_peptides(normal, tumour)
    assert peptides
    for p in peptides:
        assert p.length in PEPTIDE_LENGTHS
        assert tumour[p.start:p.start + p.length] == p.sequence
        assert p.sequence[p.mutation_offset] == p.mutation.tumour
        assert p.normal_sequence[p.mutation_offset] == p.mutation.normal
        assert p.sequence != p.normal_sequence


@pytest.mark.parametrize("seed", [0, 3, 11])
def test_count_of_kmers_matches_the_formula(seed):
    normal, tumour = make_synthetic_pair(length=40, n_mutations=3, seed=seed, min_gap=12)
    for mutation, k in itertools.product(find_mutations(normal, tumour), PEPTIDE_LENGTHS):
        got = mutant_peptides(normal, tumour, mutation, k)
        assert len(got) == expected_count(len(tumour), mutation.position, k)
        assert len({p.start for p in got}) == len(got)


def test_count_formula_holds_at_both_ends_of_a_short_protein():
    normal = "A" * 11
    for position, k in itertools.product(range(11), PEPTIDE_LENGTHS):
        tumour = normal[:position] + "W" + normal[position + 1:]
        mutation = Mutation(position, "A", "W")
        assert len(mutant_peptides(normal, tumour, mutation, k)) == expected_count(11, position, k)


def test_synthetic_pair_is_reproducible_and_valid():
    assert make_synthetic_pair(seed=5) == make_synthetic_pair(seed=5)
    assert make_synthetic_pair(seed=5) != make_synthetic_pair(seed=6)
    normal, tumour = make_synthetic_pair(length=60, n_mutations=4, seed=9, min_gap=12)
    assert len(normal) == len(tumour) == 60
    assert set(normal + tumour) <= set(AMINO_ACIDS)
    positions = [m.position for m in find_mutations(normal, tumour)]
    assert len(positions) == 4
    assert all(b - a >= 12 for a, b in zip(positions, positions[1:]))


# ---------------------------------------------------------------------------------------------
# bad input -> clear errors
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad, letter, position", [("ACDXF", "X", 4), ("BCDEF", "B", 1), ("ACD EF", " ", 4),
                                                   ("ACDEf", "f", 5)])
def test_invalid_letters_are_named(bad, letter, position):
    with pytest.raises(ValueError) as error:
        validate_sequence(bad, "tumour sequence")
    message = str(error.value)
    assert repr(letter) in message and f"position {position}" in message and "tumour sequence" in message


def test_invalid_letter_in_either_sequence_is_caught_by_find_mutations():
    with pytest.raises(ValueError, match="normal sequence has 'Z' at position 3"):
        find_mutations("ACZEF", "ACDEF")
    with pytest.raises(ValueError, match="tumour sequence has 'U' at position 5"):
        find_mutations("ACDEF", "ACDEU")


def test_empty_sequence_is_refused():
    with pytest.raises(ValueError, match="empty"):
        validate_sequence("", "normal sequence")


def test_length_mismatch_names_both_lengths():
    with pytest.raises(ValueError, match="12 residues but tumour sequence has 13"):
        find_mutations(NORMAL, TUMOUR + "A")


@pytest.mark.parametrize("k", [7, 12, 0, -9, 9.0, "9", True, None])
def test_bad_peptide_length_is_named(k):
    with pytest.raises(ValueError) as error:
        validate_length(k)
    assert f"k={k!r}" in str(error.value)
    with pytest.raises(ValueError):
        all_mutant_peptides(NORMAL, TUMOUR, k)


def test_mutation_that_does_not_match_the_tumour_is_refused():
    with pytest.raises(ValueError, match="G6Y"):
        mutant_peptides(NORMAL, TUMOUR, Mutation(5, "G", "Y"), 9)


def test_impossible_synthetic_requests_are_refused():
    with pytest.raises(ValueError, match="length=5"):
        make_synthetic_pair(length=5)
    with pytest.raises(ValueError, match="n_mutations=10"):
        make_synthetic_pair(length=30, n_mutations=10, min_gap=12)


# ---------------------------------------------------------------------------------------------
# figures and explorer
# ---------------------------------------------------------------------------------------------


def test_ranking_figure_has_one_bar_per_score_part_and_length():
    normal, tumour = make_synthetic_pair(seed=7)
    fig = ranking_figure(normal, tumour, n=5)
    assert len(fig.data) == len(PEPTIDE_LENGTHS) * len(SCORE_PARTS)
    # Traces come in blocks of one per score part, one block per length, in PEPTIDE_LENGTHS order.
    nine = PEPTIDE_LENGTHS.index(9)
    shown = [i for i, trace in enumerate(fig.data) if trace.visible]
    assert shown == list(range(nine * len(SCORE_PARTS), (nine + 1) * len(SCORE_PARTS)))
    visible = [fig.data[i] for i in shown]
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == [f"{k} aa" for k in PEPTIDE_LENGTHS]
    # The stacked bars add up to the table's scores, rank by rank.
    table = rank_peptides(all_mutant_peptides(normal, tumour, 9)).head(5)
    stacked = [sum(t.x[i] for t in visible) for i in range(5)]
    assert stacked == list(table["score"])
    assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


def test_tables_for_the_page():
    normal, tumour = make_synthetic_pair(seed=7)
    mutations = mutation_table(normal, tumour)
    assert len(mutations) == 3 and list(mutations["position"]) == sorted(mutations["position"])
    top = top_peptides_table(normal, tumour, k=10, n=4)
    assert len(top) == 4 and set(top["peptide"].str.len()) == {10}


def test_explorer_reacts_to_its_controls(monkeypatch):
    monkeypatch.delenv("IMMUNOBOOK_STATIC_BUILD", raising=False)
    explorer = NeoantigenExplorer(seed=7, k=9)
    all_nine = len(explorer.table)
    explorer.length.value = 11
    assert set(explorer.table["length"]) == {11}
    chosen = explorer.mutation.options[1]
    explorer.mutation.value = chosen
    assert set(explorer.table["mutation"]) == {chosen}
    explorer.seed.value = 8
    assert explorer.mutation.value == ALL_MUTATIONS
    assert explorer.table is not None and all_nine > 0


def test_static_build_shows_a_launch_note(monkeypatch):
    monkeypatch.setenv("IMMUNOBOOK_STATIC_BUILD", "1")
    note = neoantigen_explorer()
    assert "needs a running Python kernel" in note.data


# ---------------------------------------------------------------------------------------------
# the chapter's solution code runs against the real package and data
# ---------------------------------------------------------------------------------------------


def _solution_code_blocks(text: str) -> list[str]:
    """Indented code blocks inside the chapter's ``{solution}`` directives."""
    blocks = []
    for body in re.findall(r"```\{solution\}.*?\n(.*?)\n```", text, re.S):
        lines = body.splitlines()
        current: list[str] = []
        for line in lines + [""]:
            if line.startswith("    ") or (current and not line.strip()):
                current.append(line)
            elif current:
                code = textwrap.dedent("\n".join(current)).strip()
                if code:
                    blocks.append(code)
                current = []
    return blocks


def test_chapter_solution_code_runs(capsys):
    from conftest import ROOT
    from immunobook.approvals import charts
    from immunobook.approvals.data import load_approvals

    text = (ROOT / "chapters" / "vaccines-viruses-cytokines.md").read_text(encoding="utf-8")
    classes = re.search(r"CLASSES = (\[.*?\])", text, re.S).group(1)
    blocks = _solution_code_blocks(text)
    assert len(blocks) >= 2
    namespace = {"approvals": load_approvals(), "charts": charts, "CLASSES": eval(classes)}
    for code in blocks:
        exec(compile(code, "<solution>", "exec"), namespace)
    printed = capsys.readouterr().out
    assert "Mutation(position=4" in printed
    assert "share_pct" in namespace["summary"].columns


def test_the_chapter_example_says_what_the_text_says():
    """The prose about seed 7 (three mutations, one near the end, an anchor-creating mutation, a top
    9-mer whose normal twin has the same anchors) must stay true of the code."""
    normal, tumour = make_synthetic_pair(length=60, n_mutations=3, seed=7)
    mutations = find_mutations(normal, tumour)
    assert len(mutations) == 3 and any(m.label == "E24M" for m in mutations)
    nine = all_mutant_peptides(normal, tumour, 9)
    assert len(nine) < 9 * len(mutations)  # one mutation sits near an end of the protein
    best = rank_peptides(nine).iloc[0]
    assert best["score"] == 5.0
    twin = score_breakdown(best["normal_peptide"], best["mutation_at"] - 1)
    assert twin["anchor_2"] == best["anchor_2"] and twin["anchor_c"] == best["anchor_c"]
    created = [p for p in all_mutant_peptides(normal, tumour)
               if score_breakdown(p.sequence, p.mutation_offset)["anchor_2"]
               > score_breakdown(p.normal_sequence, p.mutation_offset)["anchor_2"]]
    assert created, "no peptide whose mutation creates an anchor"
