"""Small-cell suppression: hand-computed tables, and random ones checked by an independent linear program.

The reference reading is an attacker's: knowing every shown figure and that counts are not negative, what are the
smallest and largest values a hidden count can take? ``scipy.optimize.linprog`` answers for each hidden quantity;
if both are equal, the quantity is exposed.
"""

import itertools
import random

import numpy as np
import pytest
from scipy.optimize import linprog

from matching.reporting.suppression import suppress


def _table(rows: dict[str, list[int]]) -> tuple[dict, dict]:
    """A table of lines × months with its line totals, month totals and grand total."""
    cells = {(line, month): value for line, values in rows.items() for month, value in enumerate(values)}
    months = range(len(next(iter(rows.values()))))
    totals = {("line", line): [(line, month) for month in months] for line in rows}
    totals |= {("month", month): [(line, month) for line in rows] for month in months}
    totals["all"] = list(cells)
    return cells, totals


def _bounds_of_hidden(cells, totals, result) -> dict:
    """For each small hidden cell or total, the (min, max) an attacker can reach from what is shown."""
    keys = sorted(cells, key=repr)
    index = {key: i for i, key in enumerate(keys)}
    equalities, right = [], []
    for key, members in totals.items():
        if key in result.hidden_totals:
            continue
        row = np.zeros(len(keys))
        for cell in members:
            row[index[cell]] = 1
        equalities.append(row)
        right.append(sum(cells[cell] for cell in members))
    bounds = [(cells[key], cells[key]) if key not in result.hidden_cells else (0, None) for key in keys]
    # Only the small counts must stay out of reach; a larger one hidden for their sake may be derivable.
    quantities = {("cell", key): {key} for key in result.hidden_cells if 0 < cells[key] < 5}
    quantities |= {
        ("total", key): set(totals[key])
        for key in result.hidden_totals
        if 0 < sum(cells[cell] for cell in totals[key]) < 5
    }
    reach = {}
    for name, members in quantities.items():
        objective = np.array([1.0 if key in members else 0.0 for key in keys])
        found = []
        for sign in (1, -1):
            answer = linprog(
                sign * objective,
                A_eq=np.array(equalities) if equalities else None,
                b_eq=np.array(right) if right else None,
                bounds=bounds,
                method="highs",
            )
            found.append(sign * answer.fun if answer.status == 0 else -sign * float("inf"))
        reach[name] = tuple(found)
    return reach


def _assert_nothing_small_is_derivable(cells, totals, result):
    for key, value in cells.items():
        if 0 < value < 5:
            assert key in result.hidden_cells, key
    for key, members in totals.items():
        if 0 < sum(cells[cell] for cell in members) < 5:
            assert key in result.hidden_totals, key
    for name, (low, high) in _bounds_of_hidden(cells, totals, result).items():
        assert high - low > 0.5, f"{name} is exposed: between {low} and {high}"


def test_a_hand_computed_table():
    # Lille: 3 hires in February, the only small cell. With its line total and the month total shown, it would be
    # their difference: a second cell of its line and of its month must go (the smallest ones: Lille's 6 in January
    # and Amiens's 7 in February), and then Amiens's January (12) as the fourth corner.
    cells, totals = _table({"lille": [6, 3, 9], "amiens": [12, 7, 20], "calais": [15, 25, 30]})
    result = suppress(cells, totals)
    assert result.hidden_cells == {("lille", 1), ("lille", 0), ("amiens", 1), ("amiens", 0)}
    assert result.hidden_totals == frozenset()
    _assert_nothing_small_is_derivable(cells, totals, result)


def test_zero_is_shown_and_a_table_without_small_cells_loses_nothing():
    cells, totals = _table({"lille": [0, 8, 9], "amiens": [12, 0, 20]})
    result = suppress(cells, totals)
    assert result.hidden_cells == frozenset()
    assert result.hidden_totals == frozenset()


def test_a_small_total_is_hidden_with_its_cells_and_cannot_be_derived_from_the_grand_total():
    # Calais counts 1 + 2 = 3 in all: its total goes, and since the grand total and the other lines' totals would
    # give it back, more is hidden.
    cells, totals = _table({"lille": [10, 12], "amiens": [9, 14], "calais": [1, 2]})
    result = suppress(cells, totals)
    assert {("calais", 0), ("calais", 1)} <= result.hidden_cells
    assert ("line", "calais") in result.hidden_totals
    _assert_nothing_small_is_derivable(cells, totals, result)


def test_two_periods_sharing_months_cannot_be_differenced():
    # A rolling year (months 1 to 12) and a calendar year (months 0 to 11) of the same lines: the two line totals
    # differ by month 0 and month 12 only. Month 12 of Lille is 2: shown beside month 0, the difference of the two
    # totals would give it.
    months = 13
    lines = {"lille": [7] * 12 + [2], "amiens": [9] * months}
    cells = {(line, month): value for line, values in lines.items() for month, value in enumerate(values)}
    totals = {}
    for period, span in (("calendar", range(12)), ("rolling", range(1, 13))):
        for line in lines:
            totals[(period, line)] = [(line, month) for month in span]
        totals[(period, "all")] = [(line, month) for line in lines for month in span]
    for month in range(months):
        totals[("month", month)] = [(line, month) for line in lines]
    result = suppress(cells, totals)
    assert ("lille", 12) in result.hidden_cells
    _assert_nothing_small_is_derivable(cells, totals, result)


def test_the_same_input_gives_the_same_result_in_any_order():
    cells, totals = _table({"a": [1, 9, 8], "b": [7, 2, 6], "c": [5, 5, 3]})
    first = suppress(cells, totals)
    shuffled_cells = dict(reversed(list(cells.items())))
    shuffled_totals = dict(reversed(list(totals.items())))
    assert suppress(shuffled_cells, shuffled_totals) == first


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        suppress({"a": -1}, {})


@pytest.mark.parametrize("seed", range(60))
def test_random_tables_and_periods_expose_nothing(seed):
    generator = random.Random(seed)
    line_count, month_count = generator.randint(1, 5), generator.randint(2, 8)
    lines = [f"line{i}" for i in range(line_count)]
    cells = {
        (line, month): generator.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 30])
        for line, month in itertools.product(lines, range(month_count))
    }
    totals = {}
    spans = {"whole": range(month_count)}
    if month_count > 3:
        spans["early"] = range(month_count - 1)
        spans["late"] = range(1, month_count)
    for period, span in spans.items():
        for line in lines:
            totals[(period, line)] = [(line, month) for month in span]
        totals[(period, "all")] = [(line, month) for line in lines for month in span]
    for month in range(month_count):
        totals[("month", month)] = [(line, month) for line in lines]
    result = suppress(cells, totals)
    _assert_nothing_small_is_derivable(cells, totals, result)


def test_cells_never_published_are_protected_from_two_periods_totals():
    # Only totals are shown (a line per EPCI over each period): the month itself is never published, yet Lens's
    # last month (2 people) would be the difference of its two period totals.
    lines = {"lens": [8, 7, 9, 2], "arras": [6, 9, 11, 10], "douai": [7, 7, 12, 9]}
    cells = {(line, month): value for line, values in lines.items() for month, value in enumerate(values)}
    totals = {}
    for period, span in (("year to date", range(3)), ("whole", range(4))):
        for line in lines:
            totals[(period, line)] = [(line, month) for month in span]
        totals[(period, "all")] = [(line, month) for line in lines for month in span]
    for month in range(4):
        totals[("month", month)] = [(line, month) for line in lines]
    result = suppress(cells, totals, unpublished=frozenset(cells))
    assert result.hidden_cells == frozenset()
    assert result.hidden_totals, "something must go"
    _assert_nothing_small_is_derivable_with_unpublished(cells, totals, result)


def _assert_nothing_small_is_derivable_with_unpublished(cells, totals, result):
    hidden_everywhere = type(result)(hidden_cells=frozenset(cells), hidden_totals=result.hidden_totals)
    _assert_nothing_small_is_derivable(cells, totals, hidden_everywhere)
