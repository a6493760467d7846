"""The offline semantic layer: titles and phrases compared by meaning, with the model shipped in its wheel."""

import numpy as np
import pytest

from referentials.semantic import TitleIndex, embed, semantic_available

# Real ROME 4.0 labels and job titles (appellations), a few per occupation, across the mass-hiring domains.
TITLES = [
    ("D1408", "Conseiller / Conseillère clientèle à distance"),
    ("D1408", "Téléconseiller / Téléconseillère"),
    ("D1408", "Téléopérateur / Téléopératrice"),
    ("D1408", "Chargé / Chargée d'assistance"),
    ("D1401", "Assistant commercial / Assistante commerciale"),
    ("D1435", "Responsable de plateau de centre d'appels"),
    ("M1614", "Standardiste"),
    ("M1601", "Hôte / Hôtesse d'accueil"),
    ("N1101", "Cariste"),
    ("N1101", "Cariste d'entrepôt"),
    ("N1103", "Préparateur / Préparatrice de commandes"),
    ("N1105", "Manutentionnaire"),
    ("N1110", "Magasinier / Magasinière"),
    ("N4101", "Conducteur / Conductrice de poids lourd"),
    ("N4101", "Chauffeur / Chauffeuse de poids lourd"),
    ("N4105", "Chauffeur-livreur / Chauffeuse-livreuse"),
    ("N4103", "Conducteur / Conductrice de bus"),
    ("J1501", "Aide-soignant / Aide-soignante"),
    ("J1301", "Agent / Agente de service hospitalier (ASH)"),
    ("J1506", "Infirmier / Infirmière en soins généraux (IDE)"),
    ("K1302", "Assistant / Assistante de vie dépendance"),
    ("K1304", "Aide à domicile"),
    ("K1310", "Assistant maternel / Assistante maternelle"),
    ("K2204", "Agent / Agente de nettoyage industriel"),
    ("K2205", "Agent / Agente de propreté de locaux"),
    ("D1106", "Vendeur / Vendeuse en boulangerie-pâtisserie"),
    ("D1214", "Vendeur / Vendeuse en prêt-à-porter"),
    ("D1505", "Hôte / Hôtesse de caisse"),
    ("D1507", "Employé / Employée de rayon libre-service"),
    ("G1803", "Serveur / Serveuse en restauration"),
    ("G1602", "Commis / Commise de cuisine"),
    ("G1605", "Plongeur / Plongeuse en restauration"),
    ("H2105", "Agent / Agente de production en industrie alimentaire"),
    ("H2909", "Assembleur monteur / Assembleuse monteuse"),
    ("H2913", "Soudeur / Soudeuse"),
    ("F1703", "Maçon / Maçonne"),
    ("F1602", "Electricien / Electricienne du bâtiment"),
    ("M1855", "Développeur / Développeuse web"),
    ("M1607", "Secrétaire"),
    ("K2503", "Agent / Agente de sécurité"),
]


@pytest.fixture(scope="module")
def index():
    return TitleIndex.build(TITLES)


def test_the_model_ships_with_the_semantic_extra():
    assert semantic_available()
    assert not semantic_available(enabled=False)


def test_embeddings_are_normalised_float32_rows():
    vectors = embed(["Cariste", "Aide-soignant / Aide-soignante"])
    query = embed(["cariste"], query=True)

    assert vectors.dtype == np.float32
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    # The same words as a query and as a passage are embedded with e5's two prefixes, so not identically.
    assert not np.allclose(query[0], embed(["cariste"])[0])


def test_a_phrase_finds_the_contact_centre_occupation(index):
    codes = [code for code, _, _ in index.search("répondre au téléphone des clients", limit=3)]

    assert "D1408" in codes


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("teleconseillere", "D1408"),
        ("aide soignante", "J1501"),
        ("chauffeur poids lourd", "N4101"),
        ("vendeuse en boulangerie", "D1106"),
        ("dev web", "M1855"),
    ],
)
def test_everyday_titles_find_their_occupation_among_the_first_three(index, typed, code):
    assert code in [found for found, _, _ in index.search(typed, limit=3)]


def test_search_gives_each_code_once_with_its_closest_title(index):
    results = index.search("cariste en entrepôt", limit=10)
    codes = [code for code, _, _ in results]
    similarities = [similarity for _, _, similarity in results]

    assert len(codes) == len(set(codes)) == 10
    assert similarities == sorted(similarities, reverse=True)
    assert results[0][:2] == ("N1101", "Cariste d'entrepôt")


def test_nothing_is_searched_for_blank_text_or_no_room(index):
    assert index.search("   ", limit=5) == []
    assert index.search("cariste", limit=0) == []


def test_an_index_saved_and_loaded_answers_the_same(index, tmp_path):
    path = tmp_path / "titles.npz"
    index.save(path)
    loaded = TitleIndex.load(path)

    assert len(loaded) == len(TITLES)
    assert loaded.titles == index.titles
    assert loaded.vectors.dtype == np.float16
    assert loaded.search("préparer les colis", limit=5) == index.search("préparer les colis", limit=5)


def test_a_file_of_another_format_is_refused(index, tmp_path):
    path = tmp_path / "titles.npz"
    np.savez(path, format=np.array(99), codes=index.codes, titles=np.asarray(index.titles), vectors=index.vectors)

    with pytest.raises(ValueError, match="format 99"):
        TitleIndex.load(path)
