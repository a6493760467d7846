import pytest

from referentials.normalise import search_normalise, trigrams


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Téléconseillère", "teleconseillere"),
        ("  TÉLÉ-CONSEILLER  ", "tele conseiller"),
        ("conseiller·e", "conseiller"),
        ("conseiller·ère clientèle", "conseiller clientele"),
        ("conseiller(e)", "conseiller"),
        ("Chargé(e)s de clientèle", "charges de clientele"),
        ("conseiller.e.s", "conseiller"),
        ("Accastilleur(se)-monteur(se)", "accastilleur monteur"),
        ("Agent d’entretien", "agent d entretien"),
        ("Œnologue", "oenologue"),
        ("Cariste H/F", "cariste"),
        ("Vendeur (F/H) confirmé", "vendeur confirme"),
        ("Préparateur / Préparatrice de commandes", "preparateur preparatrice de commandes"),
        ("D1408", "d1408"),
        ("·/()", ""),
    ],
)
def test_search_normalise(typed, normalised):
    assert search_normalise(typed) == normalised


def test_trigrams_are_pg_trgms():
    # As PostgreSQL's show_trgm('word') gives them.
    assert trigrams("word") == {"  w", " wo", "wor", "ord", "rd "}
    assert trigrams("a b") == {"  a", " a ", "  b", " b "}
    assert trigrams("") == frozenset()
