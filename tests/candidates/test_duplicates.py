"""Likely duplicates among a platform's candidates, and the admin's merge action (the merge is matching's)."""

import datetime

import pytest
from django.urls import reverse

from candidates.duplicates import (
    candidate_duplicate_groups,
    candidate_ids_with_duplicates,
    name_normalise,
    phone_normalise,
)
from candidates.models import Candidate
from tests.accounts.factories import PlatformFactory
from tests.candidates.factories import CandidateFactory

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1990, 7, 14)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("06 12 34 56 78", "0612345678"), ("+33 6 12 34 56 78", "0612345678"), ("0033612345678", "0612345678"),
     ("06.12.34.56.78", "0612345678"), ("612345678", "0612345678"), ("", "")],
)  # fmt: skip
def test_phone_numbers_are_compared_as_digits_with_the_french_prefix_read_as_zero(value, expected):
    assert phone_normalise(value) == expected


def test_names_are_compared_without_case_accents_hyphens_or_apostrophes():
    assert name_normalise("  LEFÈBVRE-d’Arc ") == name_normalise("lefebvre d'arc") == "lefebvre d arc"


# Detection


def test_likely_duplicates_share_an_email_a_phone_or_a_name_and_birth_date(platform, advisor):
    first = CandidateFactory(platform=platform, email="sami@example.org", phone="06 12 34 56 78")
    same_email = CandidateFactory(platform=platform, email="SAMI@example.org")
    same_phone = CandidateFactory(platform=platform, phone="+33 6 12 34 56 78")
    named = CandidateFactory(platform=platform, last_name="Lefèbvre", first_name="Inès", birth_date=BIRTH)
    same_name = CandidateFactory(platform=platform, last_name="LEFEBVRE", first_name="ines", birth_date=BIRTH)
    CandidateFactory(platform=platform, last_name="Lefebvre", first_name="Ines", birth_date=None)
    elsewhere = CandidateFactory(platform=PlatformFactory(), email="sami@example.org")

    groups = {(group.kind, group.candidate_ids) for group in candidate_duplicate_groups(user=advisor)}

    assert groups == {
        ("email", (first.pk, same_email.pk)),
        ("phone", (first.pk, same_phone.pk)),
        ("identity", (named.pk, same_name.pk)),
    }
    assert elsewhere.pk not in candidate_ids_with_duplicates(user=advisor)


def test_the_changelist_filter_shows_the_possible_duplicates(client, platform, advisor):
    twin_a = CandidateFactory(platform=platform, email="twin@example.org", last_name="Jumeau")
    twin_b = CandidateFactory(platform=platform, email="twin@example.org", last_name="Jumelle")
    alone = CandidateFactory(platform=platform, last_name="Seul")
    client.force_login(advisor)

    response = client.get(reverse("admin:candidates_candidate_changelist"), {"doublons": "oui"})

    assert response.status_code == 200
    assert {candidate.pk for candidate in response.context["cl"].result_list} == {twin_a.pk, twin_b.pk}
    assert alone.last_name not in response.content.decode()


# The admin action


def test_the_merge_action_asks_which_to_keep_then_merges(client, advisor, platform):
    older = CandidateFactory(platform=platform, email="a@example.org")
    newer = CandidateFactory(platform=platform, email="a@example.org")
    client.force_login(advisor)
    url = reverse("admin:candidates_candidate_changelist")
    selection = {"action": "merge_candidates", "_selected_action": [older.pk, newer.pk]}

    confirmation = client.post(url, selection)

    assert confirmation.status_code == 200
    assert confirmation.context["form"].fields["keep"].initial == older.pk
    merged = client.post(url, {**selection, "confirm_merge": "1", "keep": str(older.pk)})
    assert merged.status_code == 302
    assert list(Candidate.objects.values_list("pk", flat=True)) == [older.pk]


def test_the_merge_action_needs_exactly_two_profiles(client, advisor, platform):
    candidates = CandidateFactory.create_batch(3, platform=platform)
    client.force_login(advisor)
    response = client.post(
        reverse("admin:candidates_candidate_changelist"),
        {"action": "merge_candidates", "_selected_action": [candidate.pk for candidate in candidates]},
        follow=True,
    )
    assert "Sélectionnez exactement deux dossiers à fusionner." in response.content.decode()
    assert Candidate.objects.count() == 3
