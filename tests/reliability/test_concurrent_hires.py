"""50 hire requests at the same moment on a need with 3 openings left: exactly 3 succeed, the 47 others get the
refusal the portal shows, and nothing is half done.

Each request runs in its own thread with its own database connection, all released together by a barrier: once
through the employer's service (the portal's write path), once through the portal's HTTP view with a logged-in
client per thread. On PostgreSQL the need's row lock orders them; on the embedded SQLite, transactions take the
write lock up front (``transaction_mode=IMMEDIATE``) and wait for one another.
"""

import datetime
import html
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.enums import MembershipRole
from candidates.enums import CandidateStatus
from candidates.models import Candidate
from employers.enums import ContractType, NeedStatus
from employers.models import NeedStatusChange, StaffingNeed
from matching.enums import PresentationStatus
from matching.models import Presentation, PresentationTransition
from matching.services.employer_answers import presentation_employer_hire
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = [pytest.mark.fault(time_limit=90), pytest.mark.django_db(transaction=True)]

Status = PresentationStatus
REQUESTS = 50
HEADCOUNT, ALREADY_HIRED = 5, 2
REFUSAL = "This need has no opening left: its headcount is reached."
STARTS_ON = datetime.date(2027, 3, 1)
TIMEOUT = 60


@pytest.fixture
def need_with_three_openings_left(platform):
    """Headcount 5, two already hired, and 50 candidates who had their interview."""
    need = StaffingNeedFactory(open=True, headcount=HEADCOUNT, employer__platform=platform)
    for _ in range(ALREADY_HIRED):
        hired = presentation_in(Status.HIRED, need=need)
        Candidate.objects.filter(pk=hired.candidate_id).update(status=CandidateStatus.PLACED)
    StaffingNeed.objects.filter(pk=need.pk).update(hires_count=ALREADY_HIRED)
    member = UserFactory()
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)
    waiting = [
        presentation_in(
            Status.INTERVIEW_SCHEDULED,
            need=need,
            candidate=CandidateFactory(presentable=True, platform=platform, commune=need.site.commune),
        )
        for _ in range(REQUESTS)
    ]
    return SimpleNamespace(need=need, member=member, waiting=waiting)


def all_at_once(call, items) -> list:
    """``call(item)`` for every item, each in its own thread and database connection, released together."""
    barrier = threading.Barrier(len(items))

    def run(item):
        try:
            barrier.wait(timeout=TIMEOUT)
            return call(item)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        futures = [pool.submit(run, item) for item in items]
        return [future.result(timeout=TIMEOUT) for future in futures]


def assert_three_hired_and_the_need_filled(world) -> None:
    need = StaffingNeed.objects.get(pk=world.need.pk)
    assert need.hires_count == need.headcount == HEADCOUNT
    assert need.status == NeedStatus.FILLED
    assert NeedStatusChange.objects.filter(need=need, to_status=NeedStatus.FILLED).count() == 1
    hired = Presentation.objects.filter(need=need, status=Status.HIRED)
    assert hired.count() == HEADCOUNT
    assert Presentation.objects.filter(need=need, status=Status.INTERVIEW_SCHEDULED).count() == REQUESTS - 3
    assert PresentationTransition.objects.filter(presentation__need=need, to_status=Status.HIRED).count() == 3
    placed = set(Candidate.objects.filter(status=CandidateStatus.PLACED).values_list("pk", flat=True))
    assert placed == set(hired.values_list("candidate_id", flat=True))


def test_fifty_concurrent_hires_through_the_service_give_three_hires(need_with_three_openings_left):
    world = need_with_three_openings_left

    def hire(presentation) -> tuple[str, str]:
        with translation.override("en"):
            try:
                presentation_employer_hire(
                    presentation=presentation, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=world.member
                )
            except ValidationError as error:
                return str(error.code), error.messages[0]
            return "hired", ""

    results = all_at_once(hire, world.waiting)

    assert Counter(results) == {("hired", ""): 3, ("headcount_reached", REFUSAL): REQUESTS - 3}
    assert_three_hired_and_the_need_filled(world)


def test_fifty_concurrent_hires_through_the_portal_give_three_hires_and_clear_refusals(need_with_three_openings_left):
    world = need_with_three_openings_left
    data = {"hire-contract_type": ContractType.CDI, "hire-starts_on": STARTS_ON.isoformat()}
    with translation.override(settings.LANGUAGE_CODE):
        refusal = html.escape(gettext(REFUSAL))
    clients = []
    for _ in world.waiting:
        client = Client(raise_request_exception=False)
        client.force_login(world.member)
        clients.append(client)

    def post(pair) -> tuple[int, str]:
        client, presentation = pair
        response = client.post(reverse("portal:presentation_hire", args=[presentation.pk]), data)
        if response.status_code == 302:
            return 302, response.url
        return response.status_code, "refused" if refusal in response.text else response.text[:2000]

    results = all_at_once(post, list(zip(clients, world.waiting, strict=True)))

    statuses = Counter(status for status, _detail in results)
    assert statuses == {302: 3, 200: REQUESTS - 3}, "no server error"
    for (status, detail), presentation in zip(results, world.waiting, strict=True):
        if status == 302:
            assert detail == reverse("portal:presentation_detail", args=[presentation.pk])
        else:
            assert detail == "refused", detail
    assert_three_hired_and_the_need_filled(world)
