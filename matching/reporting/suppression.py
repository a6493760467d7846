"""Small-cell suppression that holds across a table, its totals and every period published from the same cells.

Pure Python and numpy, no Django: ``suppress`` takes the atomic cells of one figure (a count of people per month and
per line of a dimension: a platform, an EPCI…) and the totals that will be published from them (each a set of
atomic cells: a line over a period, a month over the lines, a period's grand total), and returns which cells and
totals must be hidden.

1. **Primary suppression**: any published quantity (cell or total) counting 1 to ``threshold - 1`` people is hidden.
   Zero is shown: it tells nothing about anyone.
2. **No differencing**: a small count must not follow from what is shown. Everything published is a sum of
   atomic cells, so what is shown is a system of linear equations over the hidden atomic cells; a hidden quantity
   is exposed exactly when its vector (over the hidden cells) lies in the row space of the shown totals. The check
   is exact (an orthonormal basis of that row space, from the eigenvectors of its Gram matrix), and covers two
   tables or two periods sharing cells (a rolling year and a calendar year, a summary and its monthly table) as long
   as they are given together.
3. **Secondary suppression**: while some small quantity is exposed, one more quantity is hidden for it: the
   smallest positive cell shown in a total that pins it (the least information lost), or such a total itself when
   every cell in it is already hidden or zero. Each round hides at least one more quantity, so it ends. A larger
   count hidden for a small one's sake may still be derivable: that tells nothing about a few people.

``tests/matching/reporting/test_suppression.py`` checks the result against an independent reading: for each hidden
small quantity, the smallest and largest values a linear program finds under the shown figures (and non-negative
cells) must differ.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

SUPPRESSION_THRESHOLD = 5
"""Below this many people, a count is not published (CNIL guidance on small cells)."""

# Singular values below this are zero: the matrices hold small integers, so their non-zero singular values are far
# above it.
_RANK_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Suppression:
    """The cells and totals to hide, by their keys."""

    hidden_cells: frozenset[Hashable]
    hidden_totals: frozenset[Hashable]

    def cell_value(self, key: Hashable, value: int) -> int | None:
        return None if key in self.hidden_cells else value

    def total_value(self, key: Hashable, value: int) -> int | None:
        return None if key in self.hidden_totals else value


def is_small(value: int, threshold: int = SUPPRESSION_THRESHOLD) -> bool:
    return 0 < value < threshold


def suppress(
    cells: Mapping[Hashable, int],
    totals: Mapping[Hashable, Sequence[Hashable]],
    *,
    unpublished: frozenset[Hashable] = frozenset(),
    threshold: int = SUPPRESSION_THRESHOLD,
) -> Suppression:
    """The quantities to hide so that no count below ``threshold`` (other than zero) is shown or can be derived.

    ``cells`` maps each atomic cell's key to its count (a missing cell is zero and never published: give it if it is
    shown as 0); ``totals`` maps each published total's key to the keys of the cells it adds up. Cells in
    ``unpublished`` are never shown (a table of totals only), yet a small one must not follow from the totals either.
    Deterministic: the same input hides the same quantities, whatever the order of the mappings.
    """
    if any(value < 0 for value in cells.values()):
        raise ValueError("Counts of people are never negative.")
    cell_keys = sorted(cells, key=_sort_key)
    total_keys = sorted(totals, key=_sort_key)
    position = {key: index for index, key in enumerate(cell_keys)}
    values = np.array([cells[key] for key in cell_keys], dtype=np.int64)
    membership = np.zeros((len(total_keys), len(cell_keys)), dtype=np.float64)
    for row, key in enumerate(total_keys):
        for cell in totals[key]:
            if cell in position:
                membership[row, position[cell]] = 1.0
    total_values = membership @ values.astype(np.float64)

    small = np.array([is_small(int(value), threshold) for value in values], dtype=bool)
    hidden_cells = small | np.array([key in unpublished for key in cell_keys], dtype=bool)
    hidden_totals = np.array([is_small(round(value), threshold) for value in total_values], dtype=bool)
    # Only the small counts need protecting: a larger count hidden for their sake may be derivable, which tells
    # nothing about a few people, as long as the small ones stay out of reach.
    small_cells, small_totals = small, hidden_totals.copy()
    while True:
        _hide_beside_lone_cells(membership, values, hidden_cells, hidden_totals, small_cells, small_totals)
        exposed = _exposed(membership, hidden_cells, hidden_totals, small_cells, small_totals)
        if not exposed:
            break
        _hide_for_exposed(membership, values, hidden_cells, hidden_totals, exposed)
    return Suppression(
        hidden_cells=frozenset(
            key for key, hidden in zip(cell_keys, hidden_cells, strict=True) if hidden and key not in unpublished
        ),
        hidden_totals=frozenset(key for key, hidden in zip(total_keys, hidden_totals, strict=True) if hidden),
    )


def _sort_key(key: Hashable) -> str:
    return repr(key)


def _hide_beside_lone_cells(
    membership: np.ndarray,
    values: np.ndarray,
    hidden_cells: np.ndarray,
    hidden_totals: np.ndarray,
    small_cells: np.ndarray,
    small_totals: np.ndarray,
) -> None:
    """The quick part of secondary suppression, without linear algebra: a shown total with a single hidden cell
    gives it away, and a small hidden total with no hidden cell is the sum of what is shown; hide the smallest
    positive cell beside it until neither remains (hidden cells then come in rectangles, the classic pattern). What
    is left (differences of several totals) is for the exact check."""
    cells_in = membership > 0
    # A total of zero is made of zeros, which are no secret.
    is_positive = (membership @ values) > 0
    while True:
        hidden_per_total = (cells_in & hidden_cells).sum(axis=1)
        lone = np.flatnonzero(
            is_positive & (((hidden_per_total == 1) & ~hidden_totals) | ((hidden_per_total == 0) & small_totals))
        )
        if lone.size == 0:
            return
        total = lone[0]
        shown = _by_size(np.flatnonzero(cells_in[total] & ~hidden_cells), values)
        if shown:
            hidden_cells[shown[0]] = True
        else:
            # Nothing but zeros beside the hidden cell: the total is that cell, and goes with it.
            hidden_totals[total] = True


def _exposed(
    membership: np.ndarray,
    hidden_cells: np.ndarray,
    hidden_totals: np.ndarray,
    small_cells: np.ndarray,
    small_totals: np.ndarray,
) -> list[tuple[str, int]]:
    """The small quantities (``("cell", i)`` or ``("total", j)``) that the shown totals determine.

    One SVD: a vector lies in the row space when its projection on the orthonormal basis keeps its whole length.
    """
    unknown = np.flatnonzero(hidden_cells)
    basis = _shown_basis(membership, hidden_cells, hidden_totals)
    exposed: list[tuple[str, int]] = []
    if basis.shape[0]:
        kept = (basis**2).sum(axis=0)  # the squared length of each unit vector's projection
        exposed = [("cell", int(unknown[i])) for i in np.flatnonzero(kept > 1 - 1e-7) if small_cells[unknown[i]]]
    totals = np.flatnonzero(small_totals)
    vectors = membership[totals][:, unknown]
    if totals.size:
        projected = vectors @ basis.T @ basis if basis.shape[0] else np.zeros_like(vectors)
        residual = np.linalg.norm(vectors - projected, axis=1)
        lengths = np.linalg.norm(vectors, axis=1)
        for total, rest, length in zip(totals, residual, lengths, strict=True):
            if length == 0 or rest <= 1e-7 * max(1.0, length):
                exposed.append(("total", int(total)))
    return exposed


def _shown_basis(membership: np.ndarray, hidden_cells: np.ndarray, hidden_totals: np.ndarray) -> np.ndarray:
    """An orthonormal basis (as rows) of what the shown totals tell about the hidden cells."""
    unknown = np.flatnonzero(hidden_cells)
    rows = membership[~hidden_totals][:, unknown]
    rows = rows[rows.any(axis=1)]
    if rows.shape[0] == 0:
        return np.zeros((0, unknown.size))
    # The row space through the Gram matrix of the rows (as many as the shown totals, far fewer than the cells):
    # its eigenvectors give the left singular vectors, and A^T u / sigma the orthonormal right ones.
    eigenvalues, left = np.linalg.eigh(rows @ rows.T)
    kept = eigenvalues > _RANK_TOLERANCE * max(1.0, float(eigenvalues[-1]))
    return (left[:, kept].T @ rows) / np.sqrt(eigenvalues[kept])[:, None]


def _in_span(vector: np.ndarray, basis: np.ndarray) -> bool:
    if basis.shape[0] == 0:
        return False
    residual = vector - basis.T @ (basis @ vector)
    return bool(np.linalg.norm(residual) <= 1e-7 * max(1.0, float(np.linalg.norm(vector))))


def _hide_for_exposed(
    membership: np.ndarray,
    values: np.ndarray,
    hidden_cells: np.ndarray,
    hidden_totals: np.ndarray,
    exposed: list[tuple[str, int]],
) -> None:
    """Hide one more quantity for each exposed one, unless what was hidden this round already sits in a total that
    pins it: the first of its candidates (``_candidates``)."""
    hidden_now: list[tuple[str, int]] = []
    for kind, index in exposed:
        candidates = _candidates(membership, values, hidden_cells, hidden_totals, kind, index)
        if not candidates or any(candidate in hidden_now for candidate in candidates):
            continue
        candidate_kind, candidate = candidates[0]
        (hidden_cells if candidate_kind == "cell" else hidden_totals)[candidate] = True
        hidden_now.append(candidates[0])


def _candidates(
    membership: np.ndarray,
    values: np.ndarray,
    hidden_cells: np.ndarray,
    hidden_totals: np.ndarray,
    kind: str,
    index: int,
) -> list[tuple[str, int]]:
    if kind == "cell":
        own_cells = np.zeros(membership.shape[1], dtype=bool)
        own_cells[index] = True
    else:
        own_cells = (membership[index] > 0) & hidden_cells
        if not own_cells.any():
            # A small total made only of shown cells: one of its cells must go.
            return [
                ("cell", cell) for cell in _by_size(np.flatnonzero((membership[index] > 0) & ~hidden_cells), values)
            ]
    touching = np.flatnonzero((membership[:, own_cells] > 0).any(axis=1) & ~hidden_totals)
    cells: list[tuple[str, int]] = []
    if touching.size:
        hidden_counts = (membership[touching][:, hidden_cells] > 0).sum(axis=1)
        sizes = (membership[touching] > 0).sum(axis=1)
        closeness = list(zip(hidden_counts.tolist(), sizes.tolist(), strict=True))
        closest = touching[[rank == min(closeness) for rank in closeness]]
        shown = np.flatnonzero((membership[closest] > 0).any(axis=0) & ~hidden_cells)
        cells = [("cell", cell) for cell in _by_size(shown, values)]
    totals_over_hidden = np.flatnonzero((membership[:, hidden_cells] > 0).any(axis=1) & ~hidden_totals)
    totals_over_hidden = sorted(
        (int(row) for row in totals_over_hidden),
        key=lambda row: (int((membership[row] > 0).sum()), float(membership[row] @ values), row),
    )
    return cells + [("total", row) for row in totals_over_hidden]


def _by_size(cells: np.ndarray, values: np.ndarray) -> list[int]:
    """The positive cells, smallest first: hiding a zero protects nothing, since zeros are shown everywhere else."""
    return sorted((int(cell) for cell in cells if values[cell]), key=lambda cell: (int(values[cell]), cell))
