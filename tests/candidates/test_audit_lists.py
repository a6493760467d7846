"""The access log a manager can read: a list viewed is one entry with its page and filter codes; each profile
opened, exported or revealed is one entry for that person; managers filter the log by person, user and days."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from candidates.audit import list_context, list_context_display, personal_data_list_record
from candidates.models import PersonalDataAccess
from matching.models import MatchSuggestion
from tests.accounts.factories import AdvisorFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory

pytestmark = pytest.mark.django_db


def _suggested(need, candidates) -> None:
    for rank, candidate in enumerate(candidates, start=1):
        MatchSuggestion.objects.create(
            need=need, candidate=candidate, rank=rank, score=9000 - rank, distance_km=3, scoring_version="t",
            parts={"skills": 4500, "occupation": 2000, "commute": 1000, "availability": 1000, "experience": 50},
        )  # fmt: skip


def test_an_advisor_browsing_lists_for_a_while_leaves_a_handful_of_entries(client, advisor, platform):
    needs = [StaffingNeedFactory(open=True, employer__platform=platform) for _ in range(3)]
    people = [CandidateFactory(platform=platform) for _ in range(30)]
    for need in needs:
        _suggested(need, people)
    client.force_login(advisor)

    # A quarter of an hour: each need's review page, its filters, the near misses, the hand-offs, twice over.
    pages = []
    for _ in range(2):
        for need in needs:
            pages.append(reverse("staff:need_review", args=[need.pk]))
            pages.append(reverse("staff:need_review", args=[need.pk]) + "?training=on&distance=under_5")
            pages.append(reverse("staff:need_near_misses", args=[need.pk]))
        pages.append(reverse("staff:hand_off_list"))
    for url in pages:
        assert client.get(url).status_code == 200, url
    # Then two profiles opened from the lists.
    for person in people[:2]:
        assert client.get(reverse("admin:candidates_candidate_change", args=[person.pk])).status_code == 200

    log = PersonalDataAccess.objects.filter(actor=advisor)
    # One entry per page seen (20) and per profile opened (2), not 30 rows times 12 lists.
    assert log.filter(action="listed").count() == len(pages) == 20
    assert not log.filter(action="listed", candidate_number__isnull=False).exists()
    opened = log.filter(action="opened")
    assert sorted(opened.values_list("candidate_number", flat=True)) == sorted(person.pk for person in people[:2])
    assert log.count() == 22
    filtered = log.filter(context__filters__distance="under_5").first()
    assert filtered.context == {
        "page": "need_review",
        "filters": {"distance": "under_5", "need": filtered.context["filters"]["need"], "page": 1, "training": True},
    }


def test_the_context_keeps_codes_never_a_searched_text_or_a_name():
    context = list_context(
        page="api_candidates",
        filters={"status": "active", "q": "Benali", "searched": True, "occupation": "Marie Dupont", "page": "2"},
    )
    assert context == {"page": "api_candidates", "filters": {"page": "2", "searched": True, "status": "active"}}
    with pytest.raises(ValueError, match="Unknown list page"):
        list_context(page="somewhere_else")


def test_the_context_reads_as_words():
    with translation.override("en"):
        shown = list_context_display({"page": "need_review", "filters": {"need": 12, "training": True}})
    assert shown == "Review of a need — need: 12, training needed only: yes"
    with translation.override("fr"):
        assert list_context_display({"page": "hand_offs", "filters": {}}) == "Mises à disposition entre plateformes"


def test_managers_filter_the_log_by_person_user_and_days(client, platform):
    manager = AdvisorFactory(memberships__platform=platform, memberships__role=MembershipRole.MANAGER)
    advisor = AdvisorFactory(memberships__platform=platform)
    other_advisor = AdvisorFactory()  # another platform's
    ours = CandidateFactory(platform=platform)
    another = CandidateFactory(platform=platform)
    now = timezone.now()
    entries = {
        "old": PersonalDataAccess.objects.create(
            candidate=ours, candidate_number=ours.pk, actor=advisor, action="opened", at=now - datetime.timedelta(10)
        ),
        "opened": PersonalDataAccess.objects.create(
            candidate=ours, candidate_number=ours.pk, actor=advisor, action="opened"
        ),
        "another": PersonalDataAccess.objects.create(
            candidate=another, candidate_number=another.pk, actor=manager, action="exported"
        ),
        "listed": personal_data_list_record(actor=advisor, page="need_review", filters={"need": 7}),
    }
    personal_data_list_record(actor=other_advisor, page="hand_offs")  # another platform's staff: never shown
    with translation.override("en"):
        url = reverse("admin:candidates_personaldataaccess_changelist")  # /en/: the page in English
    client.force_login(manager)

    def shown(**query) -> set[str]:
        with translation.override("en"):
            response = client.get(url, query)
        assert response.status_code == 200
        ids = {access.pk for access in response.context["cl"].result_list}
        return {name for name, entry in entries.items() if entry.pk in ids} | (
            {"foreign"} if len(ids) > len([e for e in entries.values() if e.pk in ids]) else set()
        )

    assert shown() == {"old", "opened", "another", "listed"}
    assert shown(candidate_number=ours.pk) == {"old", "opened"}
    assert shown(actor__id__exact=advisor.pk) == {"old", "opened", "listed"}
    yesterday = timezone.localdate() - datetime.timedelta(1)
    assert shown(from_day=yesterday.isoformat()) == {"opened", "another", "listed"}
    assert shown(to_day=yesterday.isoformat()) == {"old"}
    assert shown(from_day="not a day") == set()

    with translation.override("en"):
        page = client.get(url).content.decode()
    assert "Review of a need — need: 7" in page
    assert "List viewed" in page
    assert "Profile opened" in page
    assert '"need_review"' not in page
