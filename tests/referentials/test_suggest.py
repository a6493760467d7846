"""The occupation suggester over the real ROME 4.0 titles, on PostgreSQL's trigram index and in memory (SQLite's)."""

import pytest

from referentials.suggest import MIN_CONFIDENCE, occupation_suggest, occupation_suggest_lexical


@pytest.fixture(params=[False, True], ids=["trigram index", "in memory"])
def suggest(request, rome, db):
    """The suggester, narrowing the titles with PostgreSQL's trigram index or in memory as on SQLite."""

    def suggest(text: str, limit: int = 10):
        return occupation_suggest_lexical(text, limit, in_memory=request.param)

    return suggest


def codes(suggestions) -> list[str]:
    return [suggestion.code for suggestion in suggestions]


@pytest.mark.parametrize(
    "typed",
    [
        "téléconseiller",
        "teleconseiller",
        "TÉLÉCONSEILLER",
        "Téléconseillère",
        "teleconseillère",
        "téléconseiller·e",
        "téléconseiller(e)",
        "Télé-conseiller",
        "hotline",
        "hotliner",
        "CDA",
        "chargé de clientèle à distance",
        "conseiller·e clientèle à distance",
        "Conseillère clientèle à distance",
        "D1408",
        "d1408",
    ],
)
def test_what_people_type_for_a_phone_advisor_finds_d1408_first(suggest, typed):
    found = suggest(typed)
    assert found[0].code == "D1408"
    assert found[0].label == "Conseiller / Conseillère clientèle à distance"
    assert found[0].confidence >= 0.9


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("teleconseiler", "D1408"),
        ("téléconsiller", "D1408"),
        ("hotlinner", "D1408"),
        ("prepareteur de commande", "N1103"),
        ("préparateur de commandes", "N1103"),
        ("manutentionaire", "N1105"),
        ("carriste", "N1101"),
        ("agent d'entretient", "K2204"),
        ("aide a domicille", "K1302"),
    ],
)
def test_typos_are_forgiven(suggest, typed, code):
    assert code in codes(suggest(typed, 3))


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ASH", "J1301"),
        ("AESH", "K2113"),
        ("manut", "N1105"),
        ("cariste", "N1101"),
        ("agent d'entretien", "K2204"),
        ("Aide à domicile", "K1302"),
        ("Cariste H/F", "N1101"),
        ("secrétaire médicale", "M1609"),
        ("conducteur de bus", "N4103"),
    ],
)
def test_everyday_titles_and_abbreviations(suggest, typed, code):
    assert codes(suggest(typed, 3))[0] == code


def test_one_suggestion_per_code_with_the_title_that_matched(suggest):
    found = suggest("téléconseiller", 10)
    assert len(codes(found)) == len(set(codes(found)))
    assert found[0].matched_title == "Téléconseiller"
    assert found[0].confidence == 1.0
    # Banks and travel agencies have phone advisors too: they follow, less confident.
    assert {"C1201", "G1303"} <= set(codes(found))
    assert all(MIN_CONFIDENCE <= suggestion.confidence < 1 for suggestion in found[1:])
    assert [suggestion.confidence for suggestion in found] == sorted(
        (suggestion.confidence for suggestion in found), reverse=True
    )


def test_an_abbreviation_with_two_meanings_gives_both(suggest):
    found = suggest("AVS", 5)
    assert set(codes(found)[:2]) == {"K1302", "K2113"}


def test_a_code_gives_its_occupation_and_a_code_start_its_family(suggest):
    assert [(s.code, s.matched_title, s.confidence) for s in suggest("  n1103 ")][:1] == [("N1103", "N1103", 1.0)]
    assert suggest("Conseiller / Conseillère clientèle à distance (D1408)")[0].code == "D1408"
    family = suggest("D14", 50)
    assert codes(family)[:3] == ["D1401", "D1402", "D1403"]
    assert all(code.startswith("D14") for code in codes(family))


def test_limit_and_nothing_for_noise(suggest):
    assert len(suggest("conseiller", 5)) == 5
    assert suggest("   ") == []
    assert suggest("·/()") == []
    assert suggest("zzqxw") == []


def test_both_ways_give_the_same_answers(rome, db):
    for typed in ["teleconseiler", "hotline", "prepareteur de commande", "vendeuse", "infirmier", "agent de securite"]:
        assert occupation_suggest_lexical(typed, 5, in_memory=False) == occupation_suggest_lexical(
            typed, 5, in_memory=True
        )


def test_occupation_suggest_is_the_lexical_suggester_for_now(rome, db):
    assert occupation_suggest("hotliner", 3) == occupation_suggest_lexical("hotliner", 3)
