"""The staff's candidate search (``candidates.search``), shared by the admin list and the API, and its indexes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate
from candidates.search import SEARCHED_FIELDS, candidates_matching, occupation_codes_named, search_words
from referentials.caching import typed_text_digest
from referentials.models import Occupation, PostalCode
from referentials.suggest import occupation_titles_version
from tests.candidates.factories import CandidateFactory
from tests.referentials.factories import CommuneFactory, OccupationFactory

pytestmark = pytest.mark.django_db


def found(text: str, among=None) -> set[int]:
    return set(candidates_matching(among or Candidate.objects.all(), text).values_list("pk", flat=True))


def test_quoted_words_stay_whole_and_blank_words_are_dropped():
    assert search_words('  Lefebvre "Saint Omer"  ') == ["Lefebvre", "Saint Omer"]
    assert search_words("   ") == []


def test_a_word_matches_any_own_field_in_any_case():
    by_field = {
        "last_name": CandidateFactory(last_name="Vandenbussche"),
        "first_name": CandidateFactory(first_name="Gwendoline"),
        "email": CandidateFactory(email="x.kowalczyk@example.org"),
        "phone": CandidateFactory(phone="0612345678"),
        "reference": CandidateFactory(reference="LIL-2026-0042"),
    }
    assert set(by_field) == set(SEARCHED_FIELDS)
    assert found("BUSSCHE") == {by_field["last_name"].pk}
    assert found("wendol") == {by_field["first_name"].pk}
    assert found("kowalczyk") == {by_field["email"].pk}
    assert found("12345") == {by_field["phone"].pk}
    assert found("2026-0042") == {by_field["reference"].pk}


def test_a_word_matches_the_commune_or_a_desired_occupation():
    in_town = CandidateFactory(commune=CommuneFactory(insee_code="62765", name="Saint-Omer"))
    operator = CandidateFactory()
    operator.desired_occupations.add(OccupationFactory(rome_code="H2909", label="Montage-assemblage mécanique"))
    CandidateFactory()

    assert found("omer") == {in_town.pk}
    assert found("assemblage") == {operator.pk}
    assert found("h2909") == {operator.pk}  # a ROME code matches whole, in any case
    assert found("H290") == set()


def test_a_postcode_matches_the_communes_it_covers():
    lille = CommuneFactory(insee_code="59350", name="Lille")
    PostalCode.objects.create(code="59000", commune=lille)
    PostalCode.objects.create(code="59800", commune=lille)
    in_lille = CandidateFactory(commune=lille)
    CandidateFactory(commune=CommuneFactory(insee_code="80021", name="Amiens"))

    assert found("59000") == {in_lille.pk}
    assert found("59800") == {in_lille.pk}
    assert found("59999") == set()


def test_every_word_must_match_and_a_candidate_is_found_once():
    both = CandidateFactory(last_name="Dufour", commune=CommuneFactory(insee_code="59350", name="Lille"))
    both.desired_occupations.add(
        OccupationFactory(rome_code="D1408", label="Téléconseiller"),
        OccupationFactory(rome_code="D1401", label="Téléconseiller commercial"),
    )
    CandidateFactory(last_name="Dufour")

    matching = candidates_matching(Candidate.objects.all(), "dufour téléconseiller lille")
    assert list(matching.values_list("pk", flat=True)) == [both.pk]


def test_the_search_keeps_the_lists_own_conditions(platform):
    mine = CandidateFactory(platform=platform, last_name="Lemaire")
    theirs = CandidateFactory(last_name="Lemaire")
    theirs.desired_occupations.add(OccupationFactory(label="Lemaire de la commune"))

    assert found("lemaire", Candidate.objects.filter(platform=platform)) == {mine.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_postgresql_has_a_trigram_index_for_each_searched_field_and_the_communes_name():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        definitions = dict(cursor.fetchall())
    for field in SEARCHED_FIELDS:
        definition = definitions[f"candidates_candidate_{field}_trgm"]
        assert "USING gin" in definition
        assert f"upper(({field})::text) gin_trgm_ops" in definition
    assert "upper((name)::text)" in definitions["referentials_commune_name_trgm"]


def test_a_word_matching_many_communes_is_looked_up_by_a_sub_query(monkeypatch):
    from candidates import search

    monkeypatch.setattr(search, "MAX_LISTED_IDS", 2)
    names = ["Saint-Pol-sur-Ternoise", "Saint-Pol-sur-Mer", "Saint-Pol-de-Léon", "Saint-Pol-Roux"]
    towns = [CommuneFactory(insee_code=f"6200{index}", name=name) for index, name in enumerate(names)]
    living = [CandidateFactory(commune=town) for town in towns]
    CandidateFactory()

    assert found("saint-pol") == {candidate.pk for candidate in living}  # 4 communes: more than 2, a sub-query
    assert found("saint-pol ternoise") == {living[0].pk}


def test_matches_are_listed_by_id_when_few_and_tested_row_by_row_when_many(monkeypatch):
    from candidates import search

    lille = CommuneFactory(insee_code="59350", name="Lille")
    seller = OccupationFactory(rome_code="D1106", label="Vendeur en alimentation")
    in_lille = [CandidateFactory(commune=lille, last_name=name) for name in ("Dufour", "Dufresne", "Lemaire")]
    elsewhere = CandidateFactory(last_name="Dufour")
    for person in (in_lille[0], in_lille[2], elsewhere):
        person.desired_occupations.add(seller)

    def matched(text: str) -> set[int]:
        return set(candidates_matching(Candidate.objects.all(), text).values_list("pk", flat=True))

    few = candidates_matching(Candidate.objects.all(), "duf D1106")
    assert "EXISTS" not in str(few.query)
    assert "LIKE" not in str(few.query)
    assert matched("duf D1106") == {in_lille[0].pk, elsewhere.pk}
    assert matched("duf (D1106)") == {in_lille[0].pk, elsewhere.pk}  # a code in brackets is no whole job title
    assert matched("lille duf") == {in_lille[0].pk, in_lille[1].pk}  # the commune by its index, the name listed

    monkeypatch.setattr(search, "MAX_LISTED_WANTED", 2)  # D1106 is wanted 3 times: tested row by row
    assert "EXISTS" in str(candidates_matching(Candidate.objects.all(), "D1106").query)
    assert matched("duf D1106") == {in_lille[0].pk, elsewhere.pk}
    monkeypatch.setattr(search, "MAX_LISTED_OWN_IDS", 2)  # now 3 people match "duf": many
    many = candidates_matching(Candidate.objects.all(), "duf D1106")
    assert "EXISTS" in str(many.query)
    assert "LIKE" in str(many.query)
    assert matched("duf D1106") == {in_lille[0].pk, elsewhere.pk}
    assert matched("lille duf") == {in_lille[0].pk, in_lille[1].pk}
    assert matched("lille vendeur") == {in_lille[0].pk, in_lille[2].pk}


def test_an_empty_search_leaves_the_list_as_it_is():
    candidates = Candidate.objects.filter(last_name="Dufour")
    assert candidates_matching(candidates, "  ") is candidates


def test_job_titles_people_use_find_who_wants_the_occupation(rome):
    phone = CandidateFactory(last_name="Caron")
    phone.desired_occupations.add(Occupation.objects.get(rome_code="D1408"))
    travel = CandidateFactory(last_name="Caron")
    travel.desired_occupations.add(Occupation.objects.get(rome_code="G1303"))

    assert found("Téléconseiller") == {phone.pk}
    assert found("teleconseiler") == {phone.pk}  # a typo
    assert found("hotliner caron") == {phone.pk}
    assert found("chargé de clientèle à distance") == {phone.pk}  # a whole title, not five words
    assert found("caron") == {phone.pk, travel.pk}


def test_a_searched_word_s_occupations_are_kept_under_a_hash_of_it(rome, settings):
    # Asked again at each page of a searched list: the second time reads only which load of the titles is current.
    settings.CANDIDATE_SEARCH_OCCUPATIONS_CACHE_SECONDS = 60
    word = "hotliner"
    cache.delete_many(_keys_for(word))
    assert occupation_codes_named(word) == ["D1408"]
    with CaptureQueriesContext(connection) as queries:
        assert occupation_codes_named(word) == ["D1408"]
    assert len(queries) == 1
    assert "referentials_occupationtitle" in queries[0]["sql"]
    assert cache.get(_keys_for(word)[0]) == ["D1408"]
    assert not any(word in key for key in _keys_for(word))


def _keys_for(word: str) -> list[str]:
    rows, highest = occupation_titles_version()
    return [f"search:occupations-named:{rows}:{highest}:{typed_text_digest('search:occupations-named', word)}"]
