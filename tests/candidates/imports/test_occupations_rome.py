"""The occupation column in words against the shipped ROME titles: what partners write maps as staff expect."""

import pytest

from tests.candidates.imports.test_checks import check
from tests.candidates.imports.test_occupations import occupation_file, person
from tests.referentials.factories import hauts_de_france_communes

pytestmark = pytest.mark.django_db


def test_everyday_titles_are_mapped_and_words_of_many_occupations_wait_for_staff(rome, platform, advisor):
    hauts_de_france_communes()
    content = occupation_file(
        person(1, "Téléconseiller"),
        person(2, "teleconseillère"),
        person(3, "Hotliner"),
        person(4, "Chargé de clientèle à distance"),
        person(5, "Préparateur de commandes"),
        person(6, "conseiller"),
        person(7, "Vendeur"),
        person(8, "Conseiller"),
    )

    report = check(content, platform, advisor)

    assert not report.errors
    mapped = {value.text: value.code for value in report.occupations_mapped}
    assert mapped == {
        "Téléconseiller": "D1408",
        "teleconseillère": "D1408",
        "Hotliner": "D1408",
        "Chargé de clientèle à distance": "D1408",
        "Préparateur de commandes": "N1103",
    }
    to_confirm = {
        value.text: (value.rows, value.lines, len(value.suggestions)) for value in report.occupations_to_confirm
    }
    assert to_confirm == {"conseiller": (2, [7, 9], 3), "Vendeur": (1, [8], 3)}
