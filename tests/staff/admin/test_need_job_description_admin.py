"""A need's job description in the admin: its own section, saved through the need service (no matching run for it),
checked as the portal checks it; and a short panel on the staff review page."""

import pytest
from django.urls import reverse

from employers.enums import SelectionStep
from matching.models import MatchRun
from tests.admin_forms import admin_change_data
from tests.employers.factories import StaffingNeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(platform):
    return StaffingNeedFactory(open=True, employer__platform=platform)


def _post(client, advisor, need, **changes):
    client.force_login(advisor)
    url = reverse("admin:employers_staffingneed_change", args=[need.pk])
    return client.post(url, admin_change_data(client, url, **changes))


def test_the_change_page_has_the_description_section_with_a_list_per_step(client, advisor, need):
    client.force_login(advisor)
    page = client.get(reverse("admin:employers_staffingneed_change", args=[need.pk])).content.decode()
    assert 'name="job_summary"' in page
    assert 'name="selection_steps_0"' in page
    assert 'name="selection_steps_4"' in page
    assert 'name="shows_pay"' in page


def test_a_description_saved_in_the_admin_starts_no_run(client, advisor, need, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = _post(
            client,
            advisor,
            need,
            job_summary="Accueil téléphonique.",
            selection_steps_0=SelectionStep.MRS,
            selection_steps_1=SelectionStep.INTERVIEW,
        )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.job_summary == "Accueil téléphonique."
    assert need.selection_steps == ["mrs", "interview"]
    assert not MatchRun.objects.exists()


def test_a_step_twice_is_refused_in_the_admin_too(client, advisor, need):
    response = _post(client, advisor, need, selection_steps_0=SelectionStep.MRS, selection_steps_1=SelectionStep.MRS)
    assert response.status_code == 200
    assert "selection_steps" in response.context["adminform"].form.errors
    need.refresh_from_db()
    assert need.selection_steps == []


def test_the_review_page_has_a_job_description_panel_and_the_board_links_to_it(client, advisor, need):
    need.place_and_access = "Parking gratuit <b>devant</b>."
    need.shows_place_and_access = False
    need.save()
    client.force_login(advisor)

    review = client.get(reverse("staff:need_review", args=[need.pk])).content.decode()
    board = client.get(reverse("staff:need_board", args=[need.pk])).content.decode()

    assert 'id="review-job-description"' in review
    assert "Parking gratuit &lt;b&gt;devant&lt;/b&gt;." in review
    assert "#review-job-description" in board
