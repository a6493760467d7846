"""The staff search by place, skill and occupation (``candidates.staff_search``) and the saved searches' services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from candidates.models import CandidateSkill, SavedCandidateSearch
from candidates.selectors import candidate_search_for_staff, saved_search_list_for_user
from candidates.services import saved_search_delete, saved_search_rename, saved_search_save
from candidates.staff_search import (
    CandidateSearchCriteria,
    commune_ids_within,
    communes_for_place,
    occupation_codes_for_text,
)
from referentials.enums import OccupationTitleKind, OccupationTitleSource
from referentials.models import OccupationTitle, PostalCode
from referentials.normalise import search_normalise
from tests.accounts.factories import AdvisorFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.referentials.factories import (
    CommuneFactory,
    OccupationFactory,
    SkillFactory,
    hauts_de_france_communes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    found = hauts_de_france_communes()
    found["Villeneuve-d'Ascq"] = CommuneFactory(
        insee_code="59009", name="Villeneuve-d'Ascq", latitude=50.6233, longitude=3.145
    )
    PostalCode.objects.create(code="59650", commune=found["Villeneuve-d'Ascq"])
    return found


def names(candidates) -> set[str]:
    return {candidate.last_name for candidate in candidates}


def test_a_postcode_with_a_radius_finds_who_lives_near_and_not_who_lives_far(advisor, platform, communes):
    CandidateFactory(last_name="Lillois", commune=communes["Lille"], platform=platform)
    CandidateFactory(last_name="Villeneuvois", commune=communes["Villeneuve-d'Ascq"], platform=platform)
    CandidateFactory(last_name="Amiénois", commune=communes["Amiens"], platform=platform)
    places = communes_for_place("59000")
    assert places == [communes["Lille"]]
    near = candidate_search_for_staff(
        user=advisor, criteria=CandidateSearchCriteria(place_communes=places, radius_km=10)
    )
    assert names(near) == {"Lillois", "Villeneuvois"}
    # Amiens is about 100 km from Lille.
    far = CandidateSearchCriteria(place_communes=places, radius_km=110)
    assert "Amiénois" in names(candidate_search_for_staff(user=advisor, criteria=far))
    only_lille = CandidateSearchCriteria(place_communes=places, radius_km=0)
    assert names(candidate_search_for_staff(user=advisor, criteria=only_lille)) == {"Lillois"}


def test_a_postcode_of_several_communes_names_them_all(communes):
    lezennes = CommuneFactory(insee_code="59343", name="Lezennes", latitude=50.6136, longitude=3.1136)
    PostalCode.objects.create(code="59650", commune=lezennes)
    assert communes_for_place(" 59650 ") == [lezennes, communes["Villeneuve-d'Ascq"]]


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("lille", "Lille"),
        ("LILLE ", "Lille"),
        ("Villeneuve-d'Ascq", "Villeneuve-d'Ascq"),
        ("villeneuve d ascq", "Villeneuve-d'Ascq"),
    ],
)
def test_a_commune_is_found_by_its_name_whatever_the_case_accents_and_hyphens(communes, typed, name):
    assert communes_for_place(typed) == [communes[name]]


def test_a_name_typed_without_its_initial_accent_finds_the_commune(db):
    ecully = CommuneFactory(insee_code="69081", name="Écully", latitude=45.77, longitude=4.77)
    assert communes_for_place("ecully") == [ecully]


def test_an_unknown_place_names_no_commune(communes):
    assert communes_for_place("99999") == []
    assert communes_for_place("Atlantide") == []


def test_the_radius_keeps_communes_by_their_exact_distance_not_their_box(communes):
    # Roubaix is about 9.9 km from Lille and Tourcoing 12.1 km: both in a 12 km box, only Roubaix within 11 km.
    within = commune_ids_within([communes["Lille"]], 11)
    assert communes["Roubaix"].pk in within
    assert communes["Tourcoing"].pk not in within
    assert communes["Lille"].pk in within


def test_the_skills_chosen_are_all_required(advisor, platform, communes):
    driving, welding = SkillFactory(), SkillFactory()
    both = CandidateFactory(last_name="Both", commune=communes["Lille"], platform=platform)
    one = CandidateFactory(last_name="One", commune=communes["Lille"], platform=platform)
    CandidateSkill.objects.create(candidate=both, skill=driving)
    CandidateSkill.objects.create(candidate=both, skill=welding)
    CandidateSkill.objects.create(candidate=one, skill=driving)
    found = candidate_search_for_staff(user=advisor, criteria=CandidateSearchCriteria(skill_ids=[driving.pk]))
    assert names(found) == {"Both", "One"}
    found = candidate_search_for_staff(
        user=advisor, criteria=CandidateSearchCriteria(skill_ids=[driving.pk, welding.pk])
    )
    assert names(found) == {"Both"}


def test_an_occupation_is_found_by_its_code_or_words_of_its_label(advisor, platform):
    remote = OccupationFactory(rome_code="D1408", label="Conseiller / Conseillère clientèle à distance")
    OccupationFactory(rome_code="N1103", label="Magasinage et préparation de commandes")
    assert occupation_codes_for_text("d1408") == ["D1408"]
    assert occupation_codes_for_text("clientèle") == ["D1408"]
    assert occupation_codes_for_text("astronaute") == []
    wanting = CandidateFactory(last_name="Wanting", platform=platform)
    wanting.desired_occupations.add(remote)
    CandidateFactory(last_name="Other", platform=platform)
    found = candidate_search_for_staff(user=advisor, criteria=CandidateSearchCriteria(occupation_codes=["D1408"]))
    assert names(found) == {"Wanting"}
    # An occupation typed that stands for no code finds nobody, not everybody.
    assert not candidate_search_for_staff(user=advisor, criteria=CandidateSearchCriteria(occupation_codes=[]))


def test_an_occupation_is_found_by_the_words_people_use_through_the_suggester():
    remote = OccupationFactory(rome_code="D1408", label="Conseiller / Conseillère clientèle à distance")
    OccupationFactory(rome_code="N1103", label="Magasinage et préparation de commandes")
    OccupationTitle.objects.create(
        occupation=remote,
        title="Téléconseiller / Téléconseillère",
        search_text=search_normalise("Téléconseiller / Téléconseillère"),
        kind=OccupationTitleKind.PRINCIPAL,
        source=OccupationTitleSource.ROME,
    )
    # No label holds these words: the job title does, typo and all.
    assert occupation_codes_for_text("Téléconseillère") == ["D1408"]
    assert occupation_codes_for_text("teleconseiler") == ["D1408"]


def test_the_search_finds_only_the_staff_members_platform(advisor, platform, communes):
    CandidateFactory(last_name="Ours", commune=communes["Lille"], platform=platform)
    CandidateFactory(last_name="Theirs", commune=communes["Lille"])
    criteria = CandidateSearchCriteria(place_communes=[communes["Lille"]], radius_km=5)
    assert names(candidate_search_for_staff(user=advisor, criteria=criteria)) == {"Ours"}


def test_a_saved_search_is_kept_renamed_and_deleted_by_its_owner_only(advisor, platform):
    other = AdvisorFactory(memberships__platform=platform)
    saved = saved_search_save(name=" Lille  caristes ", criteria={"place": "59000"}, by=advisor)
    assert saved.name == "Lille caristes"
    # The same name again takes the new criteria.
    again = saved_search_save(name="Lille caristes", criteria={"place": "59000", "radius": 20}, by=advisor)
    assert again.pk == saved.pk
    assert again.criteria == {"place": "59000", "radius": 20}
    saved_search_save(name="Lille caristes", criteria={}, by=other)
    assert [search.name for search in saved_search_list_for_user(user=advisor)] == ["Lille caristes"]
    saved_search_save(name="Amiens", criteria={}, by=advisor)
    with pytest.raises(ValidationError):
        saved_search_rename(saved_search=saved, name="Amiens", by=advisor)
    with pytest.raises(PermissionDenied):
        saved_search_rename(saved_search=saved, name="Mine now", by=other)
    with pytest.raises(PermissionDenied):
        saved_search_delete(saved_search=saved, by=other)
    saved_search_rename(saved_search=saved, name="Lille", by=advisor)
    saved_search_delete(saved_search=saved, by=advisor)
    assert [search.name for search in saved_search_list_for_user(user=advisor)] == ["Amiens"]
    with pytest.raises(PermissionDenied):
        saved_search_save(name="Not staff", criteria={}, by=UserFactory())


def test_two_searches_of_one_owner_cannot_share_a_name_in_the_database(advisor):
    SavedCandidateSearch.objects.create(owner=advisor, name="Lille")
    with pytest.raises(IntegrityError), transaction.atomic():
        SavedCandidateSearch.objects.create(owner=advisor, name="Lille")
