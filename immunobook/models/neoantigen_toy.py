"""A toy neoantigen pipeline: compare a tumour protein with its normal version, list the short
peptides that carry a mutation, and rank them with a simple, explained score.

This is a teaching model, not a predictor. Real pipelines sequence tumour and normal DNA and RNA,
type the patient's HLA genes and rank candidates with predictors trained on measured peptide–MHC
binding and mass-spectrometry data (for example NetMHCpan). The toy score below only mimics the
*idea* of such a ranking: it rewards a peptide whose second and last residues look like the
"anchor" residues that one common HLA type, HLA-A*02:01, prefers, and whose mutation sits in the
middle, where a T-cell receptor is most likely to notice it.

All sequences made here are random and synthetic; they are not real human proteins.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "AMINO_ACIDS",
    "PEPTIDE_LENGTHS",
    "ANCHOR_2_PREFERRED",
    "ANCHOR_C_PREFERRED",
    "Mutation",
    "Peptide",
    "validate_sequence",
    "validate_length",
    "make_synthetic_pair",
    "find_mutations",
    "mutant_peptides",
    "all_mutant_peptides",
    "score_breakdown",
    "toy_score",
    "rank_peptides",
]

#: The 20 standard amino acids in one-letter code.
AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY"
#: Peptide lengths that MHC class I molecules usually hold (8 to 11 residues).
PEPTIDE_LENGTHS = (8, 9, 10, 11)
#: Toy anchor preferences, loosely modelled on HLA-A*02:01 (L or M at position 2, an aliphatic
#: residue such as V at the end; Rötzschke et al. 1992); other HLA types differ.
ANCHOR_2_PREFERRED = frozenset("LM")
ANCHOR_C_PREFERRED = frozenset("VLI")
#: Points each part of the toy score can contribute.
ANCHOR_POINTS = 2.0
MIDDLE_POINTS = 1.0


@dataclass(frozen=True)
class Mutation:
    """A single amino-acid substitution; ``position`` counts from 0."""

    position: int
    normal: str
    tumour: str

    @property
    def label(self) -> str:
        """Conventional name such as ``G12D`` (normal residue, position counted from 1, new residue)."""
        return f"{self.normal}{self.position + 1}{self.tumour}"


@dataclass(frozen=True)
class Peptide:
    """A stretch of the tumour protein that contains one mutation."""

    sequence: str
    start: int  # index in the protein, counted from 0
    mutation: Mutation
    normal_sequence: str

    @property
    def length(self) -> int:
        return len(self.sequence)

    @property
    def mutation_offset(self) -> int:
        """Index of the mutated residue inside the peptide, counted from 0."""
        return self.mutation.position - self.start


def validate_sequence(sequence: str, name: str = "sequence") -> str:
    """Return ``sequence`` if it is a non-empty string of the 20 standard one-letter codes.

    Raises ``ValueError`` naming the first offending letter and its position (counted from 1).
    """
    if not isinstance(sequence, str):
        raise ValueError(f"{name} must be a string of amino-acid letters, got {type(sequence).__name__}")
    if not sequence:
        raise ValueError(f"{name} is empty; give at least one amino-acid letter")
    for index, letter in enumerate(sequence):
        if letter not in AMINO_ACIDS:
            hint = " (use capital letters)" if letter.upper() in AMINO_ACIDS else ""
            raise ValueError(
                f"{name} has {letter!r} at position {index + 1}, which is not one of the 20 standard "
                f"amino-acid letters {AMINO_ACIDS}{hint}"
            )
    return sequence


def validate_length(k) -> int:
    """Return ``k`` if it is a whole number from 8 to 11; otherwise raise ``ValueError`` naming it."""
    if isinstance(k, bool) or not isinstance(k, int) or k not in PEPTIDE_LENGTHS:
        raise ValueError(
            f"peptide length k={k!r} is not allowed: use a whole number from "
            f"{PEPTIDE_LENGTHS[0]} to {PEPTIDE_LENGTHS[-1]}, the lengths MHC class I usually holds"
        )
    return k


def make_synthetic_pair(length: int = 60, n_mutations: int = 3, seed: int = 7,
                        min_gap: int = 12) -> tuple[str, str]:
    """A random 'normal' protein and a 'tumour' copy with ``n_mutations`` substitutions.

    The same ``seed`` always gives the same pair. Mutations are at least ``min_gap`` residues apart
    (so, with the default, no peptide of 8–11 residues holds two of them) and each changes the
    residue to a different amino acid.
    """
    for value, label in ((length, "length"), (n_mutations, "n_mutations"), (min_gap, "min_gap")):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{label} must be a whole number, got {value!r}")
    if length < PEPTIDE_LENGTHS[-1]:
        raise ValueError(f"length={length} is too short: use at least {PEPTIDE_LENGTHS[-1]} residues")
    if n_mutations < 1:
        raise ValueError(f"n_mutations={n_mutations} must be at least 1")
    if min_gap < 1:
        raise ValueError(f"min_gap={min_gap} must be at least 1")
    if (n_mutations - 1) * min_gap >= length:
        raise ValueError(
            f"n_mutations={n_mutations} cannot be placed {min_gap} residues apart in a protein of "
            f"length {length}"
        )
    rng = random.Random(seed)
    normal = "".join(rng.choice(AMINO_ACIDS) for _ in range(length))
    # Spread the mutations: pick sorted offsets in the slack left after the minimum gaps.
    slack = length - 1 - (n_mutations - 1) * min_gap
    offsets = sorted(rng.randint(0, slack) for _ in range(n_mutations))
    positions = [offset + i * min_gap for i, offset in enumerate(offsets)]
    tumour = list(normal)
    for position in positions:
        tumour[position] = rng.choice([a for a in AMINO_ACIDS if a != normal[position]])
    return normal, "".join(tumour)


def find_mutations(normal: str, tumour: str) -> list[Mutation]:
    """Every position where the tumour protein differs from the normal one, in order."""
    validate_sequence(normal, "normal sequence")
    validate_sequence(tumour, "tumour sequence")
    if len(normal) != len(tumour):
        raise ValueError(
            f"normal sequence has {len(normal)} residues but tumour sequence has {len(tumour)}; "
            "this toy compares substitutions only, so the two must be the same length"
        )
    return [Mutation(i, n, t) for i, (n, t) in enumerate(zip(normal, tumour)) if n != t]


def mutant_peptides(normal: str, tumour: str, mutation: Mutation, k: int) -> list[Peptide]:
    """All peptides of length ``k`` from the tumour protein that contain ``mutation``.

    A window of length ``k`` holds the mutated residue when it starts no more than ``k - 1``
    residues before it and does not run past either end of the protein.
    """
    validate_length(k)
    validate_sequence(tumour, "tumour sequence")
    if not 0 <= mutation.position < len(tumour) or tumour[mutation.position] != mutation.tumour:
        raise ValueError(f"mutation {mutation.label} does not match the tumour sequence")
    first = max(0, mutation.position - k + 1)
    last = min(mutation.position, len(tumour) - k)
    return [
        Peptide(tumour[start:start + k], start, mutation, normal[start:start + k])
        for start in range(first, last + 1)
    ]


def all_mutant_peptides(normal: str, tumour: str, lengths=PEPTIDE_LENGTHS) -> list[Peptide]:
    """Mutant peptides of every requested length for every mutation (one entry per mutation)."""
    if isinstance(lengths, (list, tuple, range)):
        lengths = [validate_length(k) for k in lengths]
    else:  # one length given on its own (or something invalid, which validate_length names)
        lengths = [validate_length(lengths)]
    peptides: list[Peptide] = []
    for mutation in find_mutations(normal, tumour):
        for k in lengths:
            peptides += mutant_peptides(normal, tumour, mutation, k)
    return peptides


def score_breakdown(peptide: str, mutation_offset: int) -> dict[str, float]:
    """The three parts of the toy score for ``peptide`` with its mutation at ``mutation_offset``.

    - ``anchor_2``: 2 points if residue 2 is L or M (a toy anchor preference).
    - ``anchor_c``: 2 points if the last residue is V, L or I.
    - ``middle``: 1 point if the mutation is neither at residue 1, 2 nor at the last residue, so
      it faces the T-cell receptor instead of being buried as an anchor.
    """
    validate_sequence(peptide, "peptide")
    validate_length(len(peptide))
    if not 0 <= mutation_offset < len(peptide):
        raise ValueError(f"mutation_offset={mutation_offset} is outside a peptide of length {len(peptide)}")
    return {
        "anchor_2": ANCHOR_POINTS if peptide[1] in ANCHOR_2_PREFERRED else 0.0,
        "anchor_c": ANCHOR_POINTS if peptide[-1] in ANCHOR_C_PREFERRED else 0.0,
        "middle": MIDDLE_POINTS if 2 <= mutation_offset <= len(peptide) - 2 else 0.0,
    }


def toy_score(peptide: str, mutation_offset: int) -> float:
    """Sum of the three toy-score parts (0 to 5). Not a prediction of MHC binding."""
    return sum(score_breakdown(peptide, mutation_offset).values())


RANK_COLUMNS = ["rank", "peptide", "length", "mutation", "start", "mutation_at", "normal_peptide",
                "anchor_2", "anchor_c", "middle", "score"]


def rank_peptides(peptides: list[Peptide]) -> pd.DataFrame:
    """A table of peptides, best toy score first (ties: shorter, then earlier in the protein).

    ``start`` and ``mutation_at`` count from 1, as biologists do.
    """
    rows = []
    for p in peptides:
        parts = score_breakdown(p.sequence, p.mutation_offset)
        rows.append({
            "peptide": p.sequence,
            "length": p.length,
            "mutation": p.mutation.label,
            "start": p.start + 1,
            "mutation_at": p.mutation_offset + 1,
            "normal_peptide": p.normal_sequence,
            **parts,
            "score": sum(parts.values()),
        })
    table = pd.DataFrame(rows, columns=[c for c in RANK_COLUMNS if c != "rank"])
    table = table.sort_values(["score", "length", "start"], ascending=[False, True, True], kind="stable")
    table.insert(0, "rank", range(1, len(table) + 1))
    return table.reset_index(drop=True)
