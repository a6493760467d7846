"""The review page's undo steps and the six-month check: the forms each row shows, what each POST records, the
refusals shown as messages, the follow-up fragment for htmx, and 404 for those who may not work the candidate."""

import datetime
import html

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from candidates.enums import CandidateStatus
from candidates.models import Candidate
from employers.enums import ContractType, NeedStatus
from employers.models import StaffingNeed
from matching.enums import FollowUpResult, HireEndReason, PresentationStatus
from matching.models import Presentation, PresentationTransition
from matching.models.presentations import FOLLOW_UP_AFTER
from matching.services.presentations import presentation_hire, presentation_transition
from tests.accounts.factories import AdvisorFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import REASON, presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus
TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=190)


@pytest.fixture
def need(platform):
    return StaffingNeedFactory(open=True, headcount=1, employer__platform=platform, title="Préparateur de commandes")


def url(name: str, presentation: Presentation) -> str:
    if name == "staff:presentation_follow_up":
        return reverse(name, args=[presentation.pk])
    return reverse(name, args=[presentation.need_id, presentation.pk])


def translated(message: str, **params) -> str:
    """A message as the pages say it, in the language they are served in."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(message)
    return text % params if params else text


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def hired(need, advisor, starts_on=STARTED) -> Presentation:
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
    return presentation_hire(
        presentation=presentation, contract_type=ContractType.CDI, starts_on=starts_on, by=advisor
    )


def test_the_review_page_offers_each_undo_where_it_applies(client, need, advisor):
    shortlisted = presentation_in(Status.SHORTLISTED, need=need)
    withdrawn = presentation_in(Status.WITHDRAWN, need=need)
    hire = hired(need, advisor)
    client.force_login(advisor)

    page = client.get(reverse("staff:need_review", args=[need.pk])).content.decode()

    assert url("staff:need_review_unshortlist", shortlisted) in page
    assert url("staff:need_review_reopen", withdrawn) in page
    assert url("staff:need_review_hire_end", hire) in page
    assert f'name="p{hire.pk}-hire-end-ended_on"' in page
    assert url("staff:presentation_follow_up", hire) in page
    assert f'name="p{hire.pk}-follow-up-result"' in page
    assert url("staff:need_review_hire_end", shortlisted) not in page
    assert url("staff:need_review_reopen", hire) not in page


def test_ending_a_hire_opens_the_seat_again(client, need, advisor):
    hire = hired(need, advisor)
    assert StaffingNeed.objects.get(pk=need.pk).status == NeedStatus.FILLED
    client.force_login(advisor)
    prefix = f"p{hire.pk}-hire-end"

    response = client.post(
        url("staff:need_review_hire_end", hire),
        {
            f"{prefix}-ended_on": TODAY.isoformat(),
            f"{prefix}-reason_code": HireEndReason.RESIGNATION,
            f"{prefix}-note": "Départ à la fin du mois",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#presentation-{hire.pk}")
    hire.refresh_from_db()
    assert (hire.status, hire.placement_ended_on, hire.placement_end_reason) == (
        Status.HIRE_ENDED,
        TODAY,
        HireEndReason.RESIGNATION,
    )
    assert StaffingNeed.objects.values_list("hires_count", "status").get(pk=need.pk) == (0, NeedStatus.OPEN)
    assert Candidate.objects.get(pk=hire.candidate_id).status == CandidateStatus.ACTIVE
    page = client.get(response["Location"]).content.decode()
    assert translated("Hire ended on %(date)s:", date=TODAY.strftime("%d/%m/%Y")) in page
    assert "Départ à la fin du mois" in page


def test_an_end_the_service_refuses_is_a_message_naming_the_field(client, need, advisor):
    hire = hired(need, advisor)
    client.force_login(advisor)
    prefix = f"p{hire.pk}-hire-end"

    response = client.post(
        url("staff:need_review_hire_end", hire),
        {
            f"{prefix}-ended_on": (STARTED - datetime.timedelta(days=3)).isoformat(),
            f"{prefix}-reason_code": "other",
        },
    )
    messages = said(response)

    assert response.status_code == 302
    assert Presentation.objects.get(pk=hire.pk).status == Status.HIRED
    assert messages == [
        translated(
            "%(field)s: %(error)s", field=translated("Comment"), error=translated("Explain why the hire ended.")
        )
    ]


def test_reopening_a_withdrawn_presentation(client, need, advisor):
    presentation = presentation_in(Status.PRESENTED, need=need)
    presentation_transition(presentation=presentation, to_status=Status.WITHDRAWN, by=advisor, reason=REASON)
    client.force_login(advisor)

    response = client.post(
        url("staff:need_review_reopen", presentation), {f"p{presentation.pk}-reopen-reason": "Erreur"}
    )

    assert response.status_code == 302
    presentation.refresh_from_db()
    assert presentation.status == Status.PRESENTED
    assert presentation.transitions.latest("at", "pk").reason == "Erreur"


def test_a_reopening_refused_is_a_message(client, need, advisor):
    presentation = presentation_in(Status.PRESENTED, need=need)
    presentation_transition(presentation=presentation, to_status=Status.WITHDRAWN, by=advisor, reason=REASON)
    StaffingNeed.objects.filter(pk=need.pk).update(status=NeedStatus.CLOSED)
    client.force_login(advisor)

    response = client.post(url("staff:need_review_reopen", presentation), {})
    messages = said(response)

    assert messages == [translated("Only a presentation of an open need can be reopened.")]
    assert Presentation.objects.get(pk=presentation.pk).status == Status.WITHDRAWN


def test_taking_someone_off_the_shortlist(client, need, advisor):
    presentation = presentation_in(Status.SHORTLISTED, need=need)
    client.force_login(advisor)

    response = client.post(url("staff:need_review_unshortlist", presentation))

    assert response.status_code == 302
    assert Presentation.objects.get(pk=presentation.pk).status == Status.WITHDRAWN


def test_the_follow_up_form_records_the_check_and_goes_back_to_the_review_page(client, need, advisor):
    hire = hired(need, advisor)
    client.force_login(advisor)
    prefix = f"p{hire.pk}-follow-up"

    form = client.get(url("staff:presentation_follow_up", hire))
    response = client.post(
        url("staff:presentation_follow_up", hire),
        {f"{prefix}-result": FollowUpResult.SAME_EMPLOYER, f"{prefix}-checked_on": TODAY.isoformat()},
    )

    assert form.status_code == 200
    assert f'name="{prefix}-result"' in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:need_review", args=[need.pk]) + f"#presentation-{hire.pk}"
    hire.refresh_from_db()
    assert (hire.follow_up_result, hire.follow_up_checked_on, hire.still_in_work) == (
        FollowUpResult.SAME_EMPLOYER,
        TODAY,
        True,
    )


def test_the_follow_up_fragment_answers_htmx_with_the_result_or_the_errors(client, need, advisor):
    hire = hired(need, advisor)
    client.force_login(advisor)
    prefix = f"p{hire.pk}-follow-up"
    htmx = {"HTTP_HX_REQUEST": "true"}

    fragment = client.get(url("staff:presentation_follow_up", hire), **htmx).content.decode()
    refused = client.post(
        url("staff:presentation_follow_up", hire),
        {f"{prefix}-result": FollowUpResult.NOT_REACHED, f"{prefix}-checked_on": "2000-01-01"},
        **htmx,
    )
    recorded = client.post(
        url("staff:presentation_follow_up", hire),
        {f"{prefix}-result": FollowUpResult.NOT_IN_WORK, f"{prefix}-checked_on": TODAY.isoformat()},
        **htmx,
    )

    assert fragment.startswith("<form")
    assert "<html" not in fragment
    assert refused.status_code == 200
    assert translated("A check cannot be dated before the start, on %(date)s.", date=STARTED.strftime("%d/%m/%Y")) in (
        html.unescape(refused.content.decode())
    )
    assert recorded.status_code == 200
    assert 'role="status"' in recorded.content.decode()
    assert Presentation.objects.get(pk=hire.pk).follow_up_result == FollowUpResult.NOT_IN_WORK


def test_the_follow_up_of_an_ended_hire_and_not_of_a_shortlisting(client, need, advisor):
    hire = presentation_in(
        Status.HIRE_ENDED, need=need, hire_starts_on=STARTED, follow_up_due_on=STARTED + FOLLOW_UP_AFTER
    )
    shortlisted = presentation_in(Status.SHORTLISTED, need=need)
    client.force_login(advisor)

    assert client.get(url("staff:presentation_follow_up", hire)).status_code == 200
    assert client.get(url("staff:presentation_follow_up", shortlisted)).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "staff:need_review_hire_end",
        "staff:need_review_reopen",
        "staff:need_review_unshortlist",
        "staff:presentation_follow_up",
    ],
)
def test_another_platforms_advisor_finds_nothing(name, client, need, advisor):
    hire = hired(need, advisor)
    client.force_login(AdvisorFactory())

    assert client.post(url(name, hire), {}).status_code == 404
    assert client.get(url("staff:presentation_follow_up", hire)).status_code == 404
    assert Presentation.objects.get(pk=hire.pk).status == Status.HIRED
    assert not PresentationTransition.objects.filter(presentation=hire, to_status=Status.HIRE_ENDED).exists()
