"""The fixed cast of the demo: platforms, contact-centre operators and employer templates.

Everything here is a constant of the scenario; ``demo.seeding.scenario``
draws the rest from the seed. Names of people and companies are fictional.
"""

from dataclasses import dataclass

REGION_CODE = "32"  # Hauts-de-France

# The five communes where contact-centre operators open or grow sites: without
# them the demo has no mass-hiring story, so the command refuses to run.
CONTACT_CENTRE_ANCHORS: tuple[str, ...] = ("59350", "59512", "80021", "62041", "59606")
REQUIRED_OCCUPATION = "D1408"  # Conseiller / Conseillère clientèle à distance


@dataclass(frozen=True)
class PlatformSpec:
    slug: str
    short: str  # used in the demo logins: conseiller.<short>@tremplin.example
    name: str
    anchor: str  # INSEE code of the commune that anchors the platform
    business_cochair: str
    epci_anchors: tuple[str, ...] = ()  # communes whose EPCIs the platform covers, the anchor's included
    extra_communes: tuple[str, ...] = ()  # communes covered outside those EPCIs


# Roubaix-Tourcoing sits inside the Lille metropolis's EPCI: it covers its
# communes one by one rather than the whole EPCI, which stays with Lille.
PLATFORMS: tuple[PlatformSpec, ...] = (
    PlatformSpec(
        "plateforme-lille-metropole", "lille", "Plateforme Lille Métropole", "59350",
        "Hélène Vasseur (Groupe Flandres Distribution)", epci_anchors=("59350",),
    ),
    PlatformSpec(
        "plateforme-roubaix-tourcoing", "roubaix-tourcoing", "Plateforme Roubaix-Tourcoing", "59512",
        "Jean-Marc Delattre (Textiles du Ferrain)",
        extra_communes=("59512", "59599", "59650", "59163", "59646", "59299", "59367", "59339", "59421", "59279"),
    ),
    PlatformSpec(
        "plateforme-amiens-metropole", "amiens", "Plateforme Amiens Métropole", "80021",
        "Sophie Carpentier (Picardie Agro Industries)", epci_anchors=("80021",),
    ),
    PlatformSpec(
        "plateforme-arras", "arras", "Plateforme Arras", "62041",
        "Philippe Lecomte (Artois Logistique)", epci_anchors=("62041",),
    ),
    PlatformSpec(
        "plateforme-valenciennes-metropole", "valenciennes", "Plateforme Valenciennes Métropole", "59606",
        "Nadia Benali (Hainaut Mécanique)", epci_anchors=("59606",),
    ),
    PlatformSpec(
        "plateforme-littoral-dunkerque-calais", "littoral", "Plateforme Littoral Dunkerque-Calais", "59183",
        "Thierry Vandenberghe (Port Services Côte d'Opale)", epci_anchors=("59183", "62193"),
    ),
    PlatformSpec(
        "plateforme-beauvaisis", "beauvais", "Plateforme Beauvaisis", "60057",
        "Valérie Fontaine (Oise Emballages)", epci_anchors=("60057",),
    ),
    PlatformSpec(
        "plateforme-saint-quentinois", "saint-quentin", "Plateforme Saint-Quentinois", "02691",
        "Frédéric Lemaire (Aisne Santé Services)", epci_anchors=("02691",),
    ),
)  # fmt: skip


@dataclass(frozen=True)
class ContactCentreSpec:
    legal_name: str
    slug: str  # for the employer member's login: recrutement@<slug>.example
    commune: str
    site_name: str
    address: str
    has_bilingual_need: bool  # a second need where English B2 is mandatory and justified
    seats: int  # the headcount of the customer-service need, hired in equal waves a month apart
    waves: int
    # The POEC cohorts that train beginners for the first waves, one per wave: (training body, place).
    cohorts: tuple[tuple[str, str], ...]


CONTACT_CENTRES: tuple[ContactCentreSpec, ...] = (
    ContactCentreSpec(
        "Nordcall Services", "nordcall-services", "59350", "Centre Euralille", "18 avenue Willy Brandt", True,
        seats=280, waves=4,
        cohorts=(
            ("Institut Nord Relation Client", "25 rue de Tournai, Lille"),
            ("Campus des Métiers du Service Client", "9 rue Gosselet, Lille"),
        ),
    ),
    ContactCentreSpec(
        "Relais Client Roubaix", "relais-client-roubaix", "59512", "Site de l'Union", "40 boulevard de la Liberté",
        False, seats=120, waves=3, cohorts=(("Roubaix Formation Relation Client", "12 rue de l'Épeule, Roubaix"),),
    ),
    ContactCentreSpec(
        "Picardie Relation Client", "picardie-relation-client", "80021", "Site Amiens Gare", "7 rue de la Vallée",
        False, seats=90, waves=3, cohorts=(("Atelier Picard de la Relation Client", "3 rue Jules Barni, Amiens"),),
    ),
    ContactCentreSpec(
        "Artois Contact", "artois-contact", "62041", "Site Arras Actiparc", "3 rue des Entrepreneurs", False,
        seats=60, waves=2, cohorts=(("Artois Compétences Client", "8 rue Gambetta, Arras"),),
    ),
    ContactCentreSpec(
        "Hainaut Téléservices", "hainaut-teleservices", "59606", "Site Rives de l'Escaut", "22 avenue de l'Europe",
        True, seats=100, waves=2, cohorts=(("Hainaut Formation Accueil Client", "5 place d'Armes, Valenciennes"),),
    ),
)  # fmt: skip
# A POEC cohort: 12 to 15 trainees, ending a few days before the wave it trains for.
COHORT_SEATS = (12, 15)
COHORT_ENDS_DAYS_BEFORE_WAVE = 3
WAVE_INTERVAL_DAYS = 30
# Who pays the cohorts of a need, in turn: France Travail, then the sector's skills operator.
COHORT_FUNDERS = ("france_travail", "opco")

CONTACT_CENTRE_NAF = "82.20Z"
ENGLISH_JUSTIFICATION = (
    "Le poste traite les appels et courriels de clients britanniques et irlandais : "
    "chaque échange se tient en anglais."
)


@dataclass(frozen=True)
class RoleSpec:
    rome_code: str
    title: str


@dataclass(frozen=True)
class EmployerTemplate:
    """A kind of smaller employer: its sector, the jobs it offers and how it hires."""

    sector: str
    names: tuple[tuple[str, str], ...]  # (name pattern, NAF code); "{de}" becomes "de Douai" or "d'Amiens"
    roles: tuple[RoleSpec, ...]
    weight: float
    headcount: tuple[int, int]
    skill_category: str
    cdd_share: float
    temporary_share: float
    part_time_share: float
    shift_share: float
    weekend_share: float
    beginner_share: float
    salary: tuple[int, int]  # gross annual, full time
    certifications: tuple[tuple[str, str, bool], ...] = ()  # (rome code or "*", certification slug, mandatory)
    english_nice_to_have_share: float = 0.0


EMPLOYER_TEMPLATES: tuple[EmployerTemplate, ...] = (
    EmployerTemplate(
        sector="logistics",
        names=(
            ("Entrepôts Logistiques {de}", "52.10B"),
            ("Plateforme Logistique {de}", "52.10B"),
            ("Transports et Stockage {de}", "52.29A"),
        ),
        roles=(
            RoleSpec("N1103", "Préparateur / Préparatrice de commandes"),
            RoleSpec("N1105", "Manutentionnaire"),
            RoleSpec("N1101", "Cariste"),
        ),
        weight=0.26,
        headcount=(3, 15),
        skill_category="logistics",
        cdd_share=0.35,
        temporary_share=0.15,
        part_time_share=0.05,
        shift_share=0.7,
        weekend_share=0.3,
        beginner_share=0.6,
        salary=(21500, 24500),
        certifications=(("N1101", "caces-r489-cat-3", True), ("N1103", "caces-r489-cat-1b", False)),
    ),
    EmployerTemplate(
        sector="retail",
        names=(("Supermarché {de}", "47.11D"), ("Marché Frais {de}", "47.11D"), ("Hypermarché {de}", "47.11F")),
        roles=(
            RoleSpec("D1507", "Employé / Employée de libre-service"),
            RoleSpec("D1106", "Vendeur / Vendeuse en épicerie"),
        ),
        weight=0.2,
        headcount=(1, 8),
        skill_category="retail",
        cdd_share=0.4,
        temporary_share=0.0,
        part_time_share=0.4,
        shift_share=0.1,
        weekend_share=0.8,
        beginner_share=0.7,
        salary=(21000, 23000),
    ),
    EmployerTemplate(
        sector="care",
        names=(
            ("EHPAD Les Tilleuls {de}", "87.10A"),
            ("Résidence Les Charmilles {de}", "87.10A"),
            ("Soins et Aide à Domicile {de}", "88.10A"),
        ),
        roles=(
            RoleSpec("J1501", "Aide-soignant / Aide-soignante"),
            RoleSpec("K1302", "Assistant / Assistante de vie"),
        ),
        weight=0.2,
        headcount=(2, 12),
        skill_category="care",
        cdd_share=0.3,
        temporary_share=0.0,
        part_time_share=0.35,
        shift_share=0.5,
        weekend_share=0.7,
        beginner_share=0.3,
        salary=(22000, 26000),
        # The state diploma is a legal requirement for care assistants (aides-soignants).
        certifications=(("J1501", "deas", True), ("K1302", "permis-b", False)),
    ),
    EmployerTemplate(
        sector="industry",
        names=(
            ("Boulangerie Industrielle {de}", "10.71A"),
            ("Conserverie {de}", "10.39A"),
            ("Biscuiterie {de}", "10.72Z"),
        ),
        roles=(
            RoleSpec("H2102", "Conducteur / Conductrice de ligne"),
            RoleSpec("H2909", "Assembleur monteur / Assembleuse monteuse"),
        ),
        weight=0.14,
        headcount=(2, 12),
        skill_category="industry",
        cdd_share=0.3,
        temporary_share=0.2,
        part_time_share=0.0,
        shift_share=0.8,
        weekend_share=0.2,
        beginner_share=0.4,
        salary=(23000, 27000),
        certifications=(("*", "sst", False),),
    ),
    EmployerTemplate(
        sector="hospitality",
        names=(("Brasserie {de}", "56.10A"), ("Restaurant Le Beffroi {de}", "56.10A"), ("Estaminet {de}", "56.10A")),
        roles=(RoleSpec("G1602", "Commis / Commise de cuisine"), RoleSpec("G1803", "Serveur / Serveuse")),
        weight=0.12,
        headcount=(1, 5),
        skill_category="hospitality",
        cdd_share=0.4,
        temporary_share=0.0,
        part_time_share=0.4,
        shift_share=0.2,
        weekend_share=0.9,
        beginner_share=0.6,
        salary=(20500, 23000),
        certifications=(("G1602", "formation-hygiene-alimentaire-haccp", False),),
        english_nice_to_have_share=0.3,
    ),
    EmployerTemplate(
        sector="office",
        names=(("Cabinet Comptable {de}", "69.20Z"), ("Services Administratifs {de}", "82.11Z")),
        roles=(RoleSpec("M1602", "Agent administratif / Agente administrative"), RoleSpec("M1607", "Secrétaire")),
        weight=0.08,
        headcount=(1, 3),
        skill_category="office",
        cdd_share=0.35,
        temporary_share=0.0,
        part_time_share=0.3,
        shift_share=0.0,
        weekend_share=0.0,
        beginner_share=0.4,
        salary=(21500, 25000),
    ),
)

# Who the job seekers of the demo want to do: heavily contact-centre work,
# then the sectors above; "others" share the rest among occupations with skills.
DESIRED_OCCUPATION_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("D1408", 0.30), ("N1103", 0.08), ("N1105", 0.05), ("N1101", 0.03), ("D1507", 0.08), ("D1106", 0.03),
    ("J1501", 0.06), ("K1302", 0.07), ("H2102", 0.04), ("H2909", 0.02), ("G1602", 0.04), ("G1803", 0.03),
    ("M1602", 0.04), ("M1607", 0.02),
)  # fmt: skip
OTHER_OCCUPATIONS_WEIGHT = 0.09

# Languages other than French and English spoken in the region, in the order of their weight.
OTHER_LANGUAGES: tuple[tuple[str, float], ...] = (
    ("ar", 0.30), ("es", 0.12), ("nl", 0.1), ("de", 0.08), ("pt", 0.08), ("tr", 0.08), ("pl", 0.08),
    ("it", 0.06), ("ro", 0.05), ("uk", 0.05),
)  # fmt: skip

CACES_SLUGS: tuple[str, ...] = ("caces-r489-cat-1b", "caces-r489-cat-3", "caces-r489-cat-5")
LOGISTICS_OCCUPATIONS: tuple[str, ...] = ("N1101", "N1103", "N1105")
FOOD_OCCUPATIONS: tuple[str, ...] = ("G1602", "G1803", "D1106", "H2102")
