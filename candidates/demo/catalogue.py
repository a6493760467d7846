"""The fixed cast of the demo: platforms, contact-centre operators and employer templates.

Everything here is a constant of the scenario; ``candidates.demo.scenario``
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


CONTACT_CENTRES: tuple[ContactCentreSpec, ...] = (
    ContactCentreSpec("Nordcall Services", "nordcall-services", "59350", "Centre Euralille", "18 avenue Willy Brandt", True),
    ContactCentreSpec("Relais Client Roubaix", "relais-client-roubaix", "59512", "Site de l'Union", "40 boulevard de la Liberté", False),
    ContactCentreSpec("Picardie Relation Client", "picardie-relation-client", "80021", "Site Amiens Gare", "7 rue de la Vallée", False),
    ContactCentreSpec("Artois Contact", "artois-contact", "62041", "Site Arras Actiparc", "3 rue des Entrepreneurs", False),
    ContactCentreSpec("Hainaut Téléservices", "hainaut-teleservices", "59606", "Site Valenciennes Rives de l'Escaut", "22 avenue de l'Europe", True),
)  # fmt: skip

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
    naf_codes: tuple[str, ...]
    name_patterns: tuple[str, ...]  # "{de}" becomes "de Douai" / "d'Amiens"
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
        "logistics", ("52.10B", "52.29A"),
        ("Entrepôts Logistiques {de}", "Plateforme Logistique {de}", "Transports et Stockage {de}"),
        (RoleSpec("N1103", "Préparateur / Préparatrice de commandes"), RoleSpec("N1105", "Manutentionnaire"),
         RoleSpec("N1101", "Cariste")),
        0.26, (3, 15), "logistics", 0.35, 0.15, 0.05, 0.7, 0.3, 0.6, (21500, 24500),
        (("N1101", "caces-r489-cat-3", True), ("N1103", "caces-r489-cat-1b", False)),
    ),
    EmployerTemplate(
        "retail", ("47.11D", "47.11F"),
        ("Supermarché {de}", "Marché Frais {de}", "Hypermarché {de}"),
        (RoleSpec("D1507", "Employé / Employée de libre-service"), RoleSpec("D1106", "Vendeur / Vendeuse en épicerie")),
        0.2, (1, 8), "retail", 0.4, 0.0, 0.4, 0.1, 0.8, 0.7, (21000, 23000),
    ),
    EmployerTemplate(
        "care", ("87.10A", "88.10A"),
        ("EHPAD Les Tilleuls {de}", "Résidence Les Charmilles {de}", "Aide à Domicile {de}"),
        (RoleSpec("J1501", "Aide-soignant / Aide-soignante"), RoleSpec("K1302", "Assistant / Assistante de vie")),
        0.2, (2, 12), "care", 0.3, 0.0, 0.35, 0.5, 0.7, 0.3, (22000, 26000),
        (("J1501", "deas", True), ("K1302", "permis-b", False)),
    ),
    EmployerTemplate(
        "industry", ("10.71A", "10.89Z"),
        ("Boulangerie Industrielle {de}", "Conserverie {de}", "Biscuiterie {de}"),
        (RoleSpec("H2102", "Conducteur / Conductrice de ligne"), RoleSpec("H2909", "Assembleur monteur / Assembleuse monteuse")),
        0.14, (2, 12), "industry", 0.3, 0.2, 0.0, 0.8, 0.2, 0.4, (23000, 27000),
        (("*", "sst", False),),
    ),
    EmployerTemplate(
        "hospitality", ("56.10A",),
        ("Brasserie {de}", "Restaurant Le Beffroi {de}", "Estaminet {de}"),
        (RoleSpec("G1602", "Commis / Commise de cuisine"), RoleSpec("G1803", "Serveur / Serveuse")),
        0.12, (1, 5), "hospitality", 0.4, 0.0, 0.4, 0.2, 0.9, 0.6, (20500, 23000),
        (("G1602", "formation-hygiene-alimentaire-haccp", False),), 0.3,
    ),
    EmployerTemplate(
        "office", ("69.20Z", "82.11Z"),
        ("Cabinet Comptable {de}", "Services Administratifs {de}"),
        (RoleSpec("M1602", "Agent administratif / Agente administrative"), RoleSpec("M1607", "Secrétaire")),
        0.08, (1, 3), "office", 0.35, 0.0, 0.3, 0.0, 0.0, 0.4, (21500, 25000),
    ),
)  # fmt: skip

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
