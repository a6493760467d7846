"""The report figures of the fixed data set (``report_world``) against hand-computed ones."""

import datetime

import pytest

from accounts.access import ReportScope
from matching.reporting.facts import report_facts_refresh
from matching.reporting.tables import DIMENSIONS, report_figures
from tests.matching.reporting.report_world import TODAY, build_report_world

REGION = ReportScope(platform_ids=None)
MARCH, APRIL = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)


@pytest.fixture
def world(db, settings):
    built = build_report_world()
    report_facts_refresh()
    return built


def _lines(figures, key, period="rolling"):
    return {line: figures.line_totals[key][(period, line)] for line in figures.lines}


def test_counts_of_needs_and_openings_are_shown_whole(world):
    figures = report_figures(scope=REGION, dimension=DIMENSIONS["platform"], today=TODAY)
    lille, amiens = str(world["lille"].pk), str(world["amiens"].pk)
    assert figures.lines == sorted([lille, amiens])
    assert _lines(figures, "needs_received") == {lille: 1, amiens: 1}
    assert _lines(figures, "openings") == {lille: 20, amiens: 12}
    assert figures.month_totals["openings"][datetime.date(2026, 1, 1)] == 20
    assert figures.grand_totals["openings"] == {"rolling": 32, "2026": 32, "2025": 0}


def test_people_counts_by_hand(world):
    figures = report_figures(scope=REGION, dimension=DIMENSIONS["platform"], today=TODAY)
    lille, amiens = str(world["lille"].pk), str(world["amiens"].pk)
    # Presentations: Lille 9 in January, 6 in February, 2 in March (the small cell); Amiens 22 in February and 9
    # in March. Lille's March goes, and with it the three other corners of its rectangle.
    assert _lines(figures, "presentations") == {lille: 17, amiens: 31}
    assert figures.month_totals["presentations"] == {
        **dict.fromkeys(figures.month_totals["presentations"], 0),
        datetime.date(2026, 1, 1): 9,
        datetime.date(2026, 2, 1): 28,
        datetime.date(2026, 3, 1): 11,
    }
    cells = figures.line_months["presentations"]
    assert cells[(lille, datetime.date(2026, 1, 1))] == 9
    for corner in (
        (lille, MARCH),
        (lille, datetime.date(2026, 2, 1)),
        (amiens, MARCH),
        (amiens, datetime.date(2026, 2, 1)),
    ):
        assert cells[corner] is None
    # Hires (8 and 16, the temporary one included) and solutions (8 and 15) are shown by platform.
    assert _lines(figures, "hires") == {lille: 8, amiens: 16}
    assert _lines(figures, "solutions") == {lille: 8, amiens: 15}
    assert figures.grand_totals["solutions"] == {"rolling": 23, "2026": 23, "2025": 0}


def test_a_small_cell_cannot_be_had_by_difference(world):
    figures = report_figures(scope=REGION, dimension=DIMENSIONS["platform"], today=TODAY)
    lille, amiens = str(world["lille"].pk), str(world["amiens"].pk)
    # Lille's 2 CDDs: hidden, and since Lille's 8 solutions are shown, so is its CDI count (8 - 6 = 2); then
    # Amiens's, which the kinds' grand totals (13 CDI, 10 CDD) would give back.
    for key in ("solutions_cdi", "solutions_cdd"):
        for period in ("rolling", "2026"):
            assert figures.line_totals[key][(period, lille)] is None
            assert figures.line_totals[key][(period, amiens)] is None
    assert figures.grand_totals["solutions_cdi"]["rolling"] == 13
    assert figures.grand_totals["solutions_cdd"]["rolling"] == 10
    # Retention: 6 checks answered at Amiens, 5 in work: the one not in work would be their difference.
    assert figures.line_totals["retention_checked"][("rolling", amiens)] == 6
    assert figures.line_totals["retention_in_work"][("rolling", amiens)] is None
    assert figures.grand_totals["retention_in_work"] == {"rolling": None, "2026": None, "2025": 0}
    # Under 26 among solutions: 2 at Lille (hidden), so Amiens's 5 goes too, the total of 7 stays.
    assert _lines(figures, "solutions_group:is_under_26") == {lille: None, amiens: None}
    assert figures.grand_totals["solutions_group:is_under_26"]["rolling"] == 7


def test_the_same_cells_are_hidden_in_every_period(world):
    figures = report_figures(scope=REGION, dimension=DIMENSIONS["platform"], today=TODAY)
    for key in ("solutions_cdi", "solutions_cdd", "retention_in_work", "solutions_group:is_under_26"):
        for line in figures.lines:
            # The rolling year and 2026 hold the same months with figures: both hide, or both show the same.
            assert figures.line_totals[key][("rolling", line)] == figures.line_totals[key][("2026", line)]


def test_a_mean_of_days_needs_five_needs(world):
    figures = report_figures(scope=REGION, dimension=DIMENSIONS["platform"], today=TODAY)
    # One need opened and presented (10 days), filled (30 days): fewer than five, no mean.
    assert set(figures.grand_totals["to_first_presentation"].values()) == {None}
    assert set(figures.grand_totals["to_filling"].values()) == {None}


def test_a_departement_observer_reads_only_its_departement(world):
    figures = report_figures(
        scope=ReportScope(platform_ids=None, departement_code="80"), dimension=DIMENSIONS["platform"], today=TODAY
    )
    assert figures.lines == [str(world["amiens"].pk)]
    assert figures.grand_totals["hires"]["rolling"] == 16


def test_sectors_and_families_split_the_same_totals(world):
    sectors = report_figures(scope=REGION, dimension=DIMENSIONS["naf_section"], today=TODAY)
    assert sectors.lines == ["H", "N"]
    assert _lines(sectors, "hires") == {"H": 16, "N": 8}
    families = report_figures(scope=REGION, dimension=DIMENSIONS["rome_family"], today=TODAY)
    assert _lines(families, "openings") == {"D14": 20, "N11": 12}
    epcis = report_figures(scope=REGION, dimension=DIMENSIONS["epci"], today=TODAY)
    assert _lines(epcis, "openings") == {"200093201": 20, "": 12}


def test_days_from_first_contact_to_visit(world):
    figures = report_figures(scope=REGION, dimension=DIMENSIONS["platform"], today=TODAY)
    lille, amiens = str(world["lille"].pk), str(world["amiens"].pk)
    # Lille: 3 + 5 + 8 + 12 + 9 + 7 = 44 days over 6 visits; Amiens: one visit, too few for a mean.
    assert _lines(figures, "visits") == {lille: 7.3, amiens: None}
    assert _lines(figures, "visits_within_promise") == {lille: 5, amiens: 1}
    # The region: (44 + 4) / 7 = 6.857 days, six of seven within 10 days.
    assert figures.grand_totals["visits"]["rolling"] == 6.9
    assert figures.grand_totals["visits_within_promise"]["rolling"] == 6
    assert figures.month_totals["visits"][datetime.date(2026, 2, 1)] == 6.9
