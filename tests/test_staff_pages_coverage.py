"""The browser's accessibility tour of the staff workspace covers every staff page (``tests/staff_pages.py``).

Every URL pattern of the ``staff`` and ``admin`` namespaces is either opened by a staff role in
``tests/e2e/test_staff_pages_axe.py`` or left out with its reason, and every model registered in the admin has its
list and object pages in the tour. These tests need no browser: they fail as soon as a page is added without its
access row, or an exclusion outlives its pattern.
"""

from tests.staff_pages import (
    NOT_CHECKED,
    registered_models_unchecked,
    staff_pages,
    staff_url_keys,
    uncovered_keys,
)


def test_every_staff_url_pattern_is_checked_or_left_out_with_a_reason():
    uncovered = uncovered_keys()
    assert not uncovered, (
        "Staff URL patterns neither opened by the accessibility tour nor left out: give them a row in "
        f"tests/access_table.py, or a reason in NOT_CHECKED (tests/staff_pages.py): {uncovered}"
    )


def test_the_tour_opens_the_main_workspace_pages():
    checked = {page.key: page.role for page in staff_pages()}
    for key in (
        "admin:index",
        "admin:candidates_candidate_changelist",
        "admin:candidates_candidate_add",
        "admin:candidates_candidate_change",
        "admin:employers_staffingneed_change",
        "admin:candidates_candidate_import",
        "staff:todo",
        "staff:need_review",
        "staff:need_board",
        "staff:dashboard",
        "staff:candidate_search",
        "staff:job_dating",
        "staff:session_list",
        "staff:notice_settings",
    ):
        assert checked.get(key) == "advisor_a", f"{key} is not opened as an advisor: {checked.get(key)}"
    assert checked["staff:dashboard_region"] == "manager"


def test_every_registered_admin_model_has_its_pages_in_the_tour():
    missing = registered_models_unchecked()
    assert not missing, f"Admin models whose list or object page the accessibility tour skips: {missing}"


def test_every_exclusion_names_a_pattern_that_exists():
    keys = staff_url_keys()
    stale = sorted(set(NOT_CHECKED) - set(keys))
    assert not stale, f"NOT_CHECKED (tests/staff_pages.py) names patterns that no longer exist: {stale}"
