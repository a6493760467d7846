"""A small set of real reference data for the demo scenario: enough for every part of it, without the full
referentials. Used by the demo data tests and by the browser test that runs the journey on demo data.
"""

from referentials.loaders import titles
from referentials.models import Certification, Commune, Epci, Language, Occupation, Skill

COMMUNES = [
    # INSEE code, name, département, population, latitude, longitude, EPCI SIREN, EPCI name
    ("59350", "Lille", "59", 232787, 50.6309, 3.0709, "200093201", "Métropole Européenne de Lille"),
    ("59512", "Roubaix", "59", 96990, 50.6912, 3.1740, "200093201", "Métropole Européenne de Lille"),
    ("59599", "Tourcoing", "59", 97368, 50.7237, 3.1608, "200093201", "Métropole Européenne de Lille"),
    ("59009", "Villeneuve-d'Ascq", "59", 63408, 50.6189, 3.1308, "200093201", "Métropole Européenne de Lille"),
    ("59606", "Valenciennes", "59", 43336, 50.3579, 3.5237, "245901160", "CA Valenciennes Métropole"),
    ("59183", "Dunkerque", "59", 87353, 51.0375, 2.3774, "245900428", "CU de Dunkerque"),
    ("62041", "Arras", "62", 41019, 50.2931, 2.7785, "200033579", "CU d'Arras"),
    ("62498", "Lens", "62", 31415, 50.4293, 2.8324, "246200364", "CA de Lens - Liévin"),
    ("80021", "Amiens", "80", 134057, 49.8934, 2.2954, "248000531", "CA Amiens Métropole"),
    ("60057", "Beauvais", "60", 56254, 49.4294, 2.0806, "200067999", "CA du Beauvaisis"),
]
OCCUPATIONS = {
    "D1408": "Conseiller / Conseillère clientèle à distance",
    "N1103": "Préparateur / Préparatrice de commandes",
    "N1105": "Manutentionnaire",
    "D1507": "Employé / Employée de rayon libre-service",
    "J1501": "Aide-soignant / Aide-soignante",
    "K1302": "Assistant / Assistante de vie dépendance",
    "H2102": "Conducteur / Conductrice de ligne en industrie alimentaire",
    "G1602": "Commis / Commise de cuisine",
    "M1602": "Agent administratif / Agente administrative",
}
SKILLS = [
    # slug, category, ROME codes
    ("accueil-telephonique", "customer_relations", "D1408"),
    ("reception-appels-entrants", "customer_relations", "D1408"),
    ("traitement-reclamations", "customer_relations", "D1408"),
    ("utilisation-logiciel-crm", "customer_relations", "D1408"),
    ("francais-oral", "transversal", "D1408 D1507 K1302"),
    ("travail-en-equipe", "transversal", "D1408 N1103 D1507 J1501 K1302 H2102 G1602 M1602"),
    ("ponctualite-assiduite", "transversal", "D1408 N1103 D1507 J1501 K1302 H2102 G1602 M1602"),
    ("preparation-commandes", "logistics", "N1103 N1105"),
    ("reception-marchandises", "logistics", "N1103 N1105"),
    ("mise-en-rayon", "retail", "D1507"),
    ("aide-toilette", "care", "J1501 K1302"),
    ("conduite-ligne-production", "industry", "H2102"),
    ("mise-en-place-cuisine", "hospitality", "G1602"),
    ("saisie-donnees", "office", "M1602"),
]
LANGUAGES = [("fr", "Français"), ("en", "Anglais"), ("ar", "Arabe"), ("nl", "Néerlandais")]
CERTIFICATIONS = [
    ("permis-b", "Permis B", "driving"),
    ("caces-r489-cat-1b", "CACES R489 catégorie 1B", "machinery"),
    ("sst", "Sauveteur secouriste du travail", "safety"),
    ("deas", "Diplôme d'État d'aide-soignant", "care"),
]


def demo_referentials_create() -> None:
    """Create the referentials above in the test database."""
    epcis = {}
    for insee, name, departement, population, latitude, longitude, epci_code, epci_name in COMMUNES:
        if epci_code not in epcis:
            epcis[epci_code] = Epci.objects.create(code=epci_code, name=epci_name)
        Commune.objects.create(
            insee_code=insee,
            name=name,
            departement_code=departement,
            departement_name=departement,
            region_code="32",
            region_name="Hauts-de-France",
            epci=epcis[epci_code],
            population=population,
            latitude=latitude,
            longitude=longitude,
        )
    # The most populous commune of all, outside the region: no demo candidate may live there.
    Commune.objects.create(
        insee_code="75056",
        name="Paris",
        departement_code="75",
        departement_name="Paris",
        region_code="11",
        region_name="Île-de-France",
        population=2_100_000,
        latitude=48.8566,
        longitude=2.3522,
    )
    occupations = {code: Occupation.objects.create(rome_code=code, label=label) for code, label in OCCUPATIONS.items()}
    # Each label is also a job title, as load_referentials stores it: the occupation suggester reads titles only.
    titles.store_titles(titles.titles_merge(titles.label_titles(dict(OCCUPATIONS))))
    for slug, category, codes in SKILLS:
        skill = Skill.objects.create(slug=slug, label=slug.replace("-", " "), category=category)
        skill.occupations.set([occupations[code] for code in codes.split()])
    for code, label in LANGUAGES:
        Language.objects.create(code=code, label=label)
    for slug, label, category in CERTIFICATIONS:
        Certification.objects.create(slug=slug, label=label, category=category)
