"""The semantic index of the job titles: built from the database, reused on a reload, read by the suggester, which
then fuses both rankings; without an index the suggester is the lexical one."""

import pytest

from referentials.enums import OccupationTitleKind, OccupationTitleSource
from referentials.models import OccupationTitle
from referentials.normalise import search_normalise
from referentials.occupation_index import occupation_index_build, occupation_index_loaded, occupation_index_path
from referentials.suggest import occupation_suggest, occupation_suggest_lexical
from tests.referentials.factories import OccupationFactory

pytestmark = pytest.mark.django_db

PHRASE = "répondre au téléphone des clients"


def title_add(occupation, title: str) -> None:
    OccupationTitle.objects.create(
        occupation=occupation,
        title=title,
        search_text=search_normalise(title),
        kind=OccupationTitleKind.SYNONYM,
        source=OccupationTitleSource.AUTHORED,
    )


@pytest.fixture
def titles(settings, tmp_path):
    settings.OCCUPATION_SEMANTIC_INDEX_DIR = tmp_path
    for code, label, extra in [
        (
            "D1408",
            "Téléconseil et télévente",
            ["Téléconseiller / Téléconseillère", "Chargé / Chargée d'accueil téléphonique"],
        ),
        ("N1103", "Magasinage et préparation de commandes", ["Préparateur / Préparatrice de commandes"]),
        ("K2204", "Nettoyage de locaux", ["Agent / Agente d'entretien de locaux"]),
        ("J1501", "Soins d'hygiène, de confort du patient", ["Aide-soignant / Aide-soignante"]),
    ]:
        occupation = OccupationFactory(rome_code=code, label=label)
        for title in extra:
            title_add(occupation, title)


def test_the_phrase_finds_the_job_only_with_the_semantic_layer(titles):
    assert occupation_index_loaded() is None
    assert [s.code for s in occupation_suggest(PHRASE, 3)] == [s.code for s in occupation_suggest_lexical(PHRASE, 3)]

    built = occupation_index_build()

    assert built.titles == OccupationTitle.objects.count()
    assert built.embedded == built.titles
    suggestions = occupation_suggest(PHRASE, 3)
    assert suggestions[0].code == "D1408"
    assert suggestions[0].label == "Téléconseil et télévente"
    assert 0 < suggestions[0].confidence <= 1
    # A title typed exactly stays first, with the lexical confidence.
    exact = occupation_suggest("Préparateur de commandes", 3)
    assert exact[0].code == "N1103"


def test_a_reload_embeds_only_the_new_titles(titles):
    occupation_index_build()
    first = occupation_index_path().read_bytes()
    again = occupation_index_build()
    assert again.embedded == 0
    assert occupation_index_path().read_bytes() == first

    title_add(OccupationTitle.objects.first().occupation, "Hotliner")
    assert occupation_index_build().embedded == 1
    assert len(occupation_index_loaded()) == OccupationTitle.objects.count()


def test_the_layer_turned_off_leaves_the_lexical_suggester(titles, settings):
    occupation_index_build()
    settings.OCCUPATION_SEMANTIC_ENABLED = False
    assert occupation_index_loaded() is None
    assert occupation_index_build() is None
    assert [s.code for s in occupation_suggest(PHRASE, 3)] == [s.code for s in occupation_suggest_lexical(PHRASE, 3)]
