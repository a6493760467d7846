"""The staff's candidate search page: posted criteria, form errors, saved searches, the access log, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from candidates.models import CandidateSkill, PersonalDataAccess, SavedCandidateSearch
from referentials.models import PostalCode
from tests.accounts.factories import AdvisorFactory
from tests.candidates.factories import CandidateFactory
from tests.referentials.factories import CommuneFactory, SkillFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db
URL = "/en/staff/candidates/search/"


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")


@pytest.fixture
def communes():
    found = hauts_de_france_communes()
    found["Villeneuve-d'Ascq"] = CommuneFactory(
        insee_code="59009", name="Villeneuve-d'Ascq", latitude=50.6233, longitude=3.145
    )
    PostalCode.objects.create(code="59650", commune=found["Villeneuve-d'Ascq"])
    return found


@pytest.fixture
def people(platform, communes):
    return {
        "lille": CandidateFactory(last_name="Lillois", commune=communes["Lille"], platform=platform),
        "villeneuve": CandidateFactory(
            last_name="Villeneuvois", commune=communes["Villeneuve-d'Ascq"], platform=platform
        ),
        "amiens": CandidateFactory(last_name="Amienois", commune=communes["Amiens"], platform=platform),
    }


@pytest.fixture
def staff(client, advisor):
    client.force_login(advisor)
    return client


def test_the_url_is_the_staff_search():
    assert reverse("staff:candidate_search") == URL


def test_a_postcode_and_radius_list_who_lives_near(staff, people):
    response = staff.post(URL, {"place": "59000", "radius": "10"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Lillois" in text
    assert "Villeneuvois" in text
    assert "Amienois" not in text
    assert "2 candidates found" in text
    entry = PersonalDataAccess.objects.get(action=PersonalDataAccess.Action.LISTED)
    assert entry.context == {
        "page": "candidate_search",
        "filters": {"distance": 10, "occupation": False, "searched": False, "skills": 0},
    }


def test_a_commune_name_in_any_case_finds_its_people(staff, people):
    text = staff.post(URL, {"place": "villeneuve d'ascq", "radius": "0"}).content.decode()
    assert "Villeneuvois" in text
    assert "Lillois" not in text


def test_the_skill_filter_lists_who_holds_the_skill(staff, people):
    forklift = SkillFactory(slug="cariste", label="Conduite de chariot")
    CandidateSkill.objects.create(candidate=people["amiens"], skill=forklift)
    text = staff.post(URL, {"skills": ["cariste"]}).content.decode()
    assert "Amienois" in text
    assert "Lillois" not in text


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        ({"place": "99999", "radius": "10"}, "place", "No commune has this name or postcode."),
        ({"place": "59000", "radius": "500"}, "radius", "less than or equal to 200"),
        ({"place": "59000", "radius": "-1"}, "radius", "greater than or equal to 0"),
    ],
)
def test_bad_input_is_shown_on_its_field_and_keeps_what_was_typed(staff, people, posted, field, message):
    response = staff.post(URL, posted)
    text = response.content.decode()
    assert response.status_code == 200
    assert message in text
    assert f'id="id_{field}_error"' in text
    assert f'value="{posted["place"]}"' in text
    assert f'value="{posted["radius"]}"' in text
    assert "Lillois" not in text
    assert not PersonalDataAccess.objects.exists()


def test_a_saved_search_is_saved_run_renamed_and_deleted(staff, advisor, people):
    response = staff.post(URL, {"place": "59000", "radius": "10", "name": "Près de Lille", "action": "save"})
    assert "Lillois" in response.content.decode()
    saved = SavedCandidateSearch.objects.get(owner=advisor)
    assert saved.name == "Près de Lille"
    assert saved.criteria == {"words": "", "place": "59000", "radius": 10, "skills": [], "occupation": ""}
    text = staff.get(URL).content.decode()
    assert "Près de Lille" in text
    assert "Lillois" not in text
    text = staff.post(URL, {"action": "run", "saved_search": saved.pk}).content.decode()
    assert "Lillois" in text
    assert "Villeneuvois" in text
    assert "Amienois" not in text
    assert 'value="59000"' in text
    response = staff.post(URL, {"action": "rename", "saved_search": saved.pk, "name": "Métropole"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.name == "Métropole"
    response = staff.post(URL, {"action": "delete", "saved_search": saved.pk})
    assert response.status_code == 302
    assert not SavedCandidateSearch.objects.exists()


def test_a_saved_search_is_seen_and_run_by_its_owner_only(client, platform, advisor, people):
    saved = SavedCandidateSearch.objects.create(owner=advisor, name="Mine", criteria={"place": "59000", "radius": 10})
    colleague = AdvisorFactory(memberships__platform=platform)
    client.force_login(colleague)
    assert "Mine" not in client.get(URL).content.decode()
    for action in ("run", "rename", "delete"):
        assert client.post(URL, {"action": action, "saved_search": saved.pk, "name": "Theirs"}).status_code == 404
    saved.refresh_from_db()
    assert saved.name == "Mine"


def test_the_search_makes_a_bounded_number_of_queries(staff, platform, communes):
    forklift = SkillFactory()
    for _number in range(30):
        candidate = CandidateFactory(commune=communes["Lille"], platform=platform)
        CandidateSkill.objects.create(candidate=candidate, skill=forklift)
    with CaptureQueriesContext(connection) as few:
        staff.post(URL, {"place": "59000", "radius": "15", "skills": [forklift.slug]})
    for _number in range(30):
        candidate = CandidateFactory(commune=communes["Roubaix"], platform=platform)
        CandidateSkill.objects.create(candidate=candidate, skill=forklift)
    with CaptureQueriesContext(connection) as many:
        response = staff.post(URL, {"place": "59000", "radius": "15", "skills": [forklift.slug]})
    assert "60 candidates found" in response.content.decode()
    assert len(many) == len(few) <= 16
