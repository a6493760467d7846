"""The columns of an import file: our names, the partner headers accepted for each, and matching a header row."""

import re
from dataclasses import dataclass

from candidates.duplicates import name_normalise as _fold
from candidates.imports.reading import CandidateFileRefused, _cell_text
from candidates.profile_fields import CONTRACTS


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    aliases: tuple[str, ...] = ()


COLUMNS = [
    Column("reference", "n° de dossier", ("identifiant", "n° dossier", "n° de dossier", "numéro de dossier",
                                          "numero dossier", "no dossier", "référence", "reference dossier")),
    Column("last_name", "nom", ("nom", "nom de famille", "nom d'usage")),
    Column("first_name", "prénom", ("prénom",)),
    Column("email", "courriel", ("courriel", "email", "e-mail", "mail", "adresse e-mail", "adresse mail",
                                 "adresse électronique")),
    Column("phone", "téléphone", ("téléphone", "tél", "tel", "téléphone portable", "portable", "mobile")),
    Column("birth_date", "date de naissance", ("date de naissance", "né le", "née le", "né(e) le")),
    Column("insee_code", "code INSEE", ("code insee", "code commune", "insee")),
    Column("postcode", "code postal", ("code postal", "cp")),
    Column("commune", "commune", ("ville", "commune de résidence")),
    Column("rome_codes", "code ROME", ("code rome", "codes rome", "métiers recherchés", "desired_occupations")),
    Column("occupation_text", "métier", ("métier", "métier recherché", "emploi recherché", "profession",
                                         "intitulé du poste", "poste recherché")),
    Column("max_distance_km", "rayon de mobilité", ("rayon de mobilité (km)", "rayon de mobilité", "mobilité (km)",
                                                    "distance maximale (km)")),
    Column("available_from", "date de disponibilité", ("disponible le", "date de disponibilité", "disponibilité",
                                                       "disponible à partir du")),
    Column("has_driving_licence", "permis B", ("permis b", "permis")),
    Column("consents_to_processing", "consentement traitement", ("consentement traitement", "consentement rgpd",
                                                                 "consentement traitement des données")),
    Column("consented_to_processing_at", "date du consentement traitement", (
        "date consentement traitement", "date du consentement traitement", "date consentement rgpd")),
    Column("consents_to_presentation", "consentement présentation", ("consentement présentation",)),
    Column("consented_to_presentation_at", "date du consentement présentation", (
        "date consentement présentation", "date du consentement présentation")),
    Column("consent_date", "date du consentement", ("date de consentement", "date consentement",
                                                    "consentement le", "date d'accord", "date de l'accord")),
    Column("experience_years", "années d'expérience", ("années d'expérience", "expérience (années)")),
    Column("education_level", "niveau de formation", ("niveau de formation",)),
    Column("travels_by_car", "se déplace en voiture"),
    Column("travels_by_public_transport", "se déplace en transports en commun"),
    Column("travels_by_bike", "se déplace à vélo"),
    Column("travels_on_foot", "se déplace à pied"),
    Column("accepts_related_occupations", "accepte les métiers proches"),
    Column("accepts_cdi", "accepte un CDI"),
    Column("accepts_cdd", "accepte un CDD"),
    Column("accepts_temporary", "accepte l'intérim"),
    Column("accepts_apprenticeship", "accepte l'apprentissage"),
    Column("accepts_professionalisation", "accepte le contrat de professionnalisation"),
    Column("accepts_full_time", "accepte le temps plein"),
    Column("accepts_part_time", "accepte le temps partiel"),
]  # fmt: skip
COLUMN_BY_NAME = {column.name: column for column in COLUMNS}
REQUIRED_COLUMNS = ["last_name", "first_name"]
COMMUNE_COLUMNS = ["insee_code", "postcode", "commune"]
BOOLEAN_FORM_FIELDS = [
    "has_driving_licence",
    "travels_by_car",
    "travels_by_public_transport",
    "travels_by_bike",
    "travels_on_foot",
    "accepts_related_occupations",
    *CONTRACTS,
]


def _header_key(text: object) -> str:
    """Headers compared without case, accents or punctuation: "Rayon de mobilité (km)" → "rayon de mobilite km"."""
    return re.sub(r"[^a-z0-9]+", " ", _fold(str(text or "")).replace("°", " ").replace("º", "o")).strip()


HEADER_TO_COLUMN: dict[str, str] = {}
for _column in COLUMNS:
    # The label too: it is the header of the French export (``candidates.exports``).
    for _header in (_column.name, _column.label, *_column.aliases):
        HEADER_TO_COLUMN.setdefault(_header_key(_header), _column.name)


def expected_columns_text() -> str:
    """The accepted columns, for the messages that refuse a file."""
    parts = []
    for column in COLUMNS:
        aliases = ", ".join(f"« {alias} »" for alias in column.aliases)
        parts.append(f"{column.name}" + (f" ({aliases})" if aliases else ""))
    return " ; ".join(parts)


def _columns_map(headers: list[object]) -> tuple[dict[str, int], list[str]]:
    positions: dict[str, int] = {}
    ignored: list[str] = []
    doubled: list[str] = []
    for position, header in enumerate(headers):
        text = _cell_text(header)
        name = HEADER_TO_COLUMN.get(_header_key(text))
        if name is None:
            if text:
                ignored.append(text)
        elif name in positions:
            doubled.append(f"« {text} » ({name})")
        else:
            positions[name] = position
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if not any(name in positions for name in COMMUNE_COLUMNS):
        missing.append("code INSEE, code postal ou commune")
    if missing or doubled:
        problems = []
        if missing:
            problems.append(f"colonne(s) manquante(s) : {', '.join(missing)}")
        if doubled:
            problems.append(f"colonne(s) en double : {', '.join(doubled)}")
        raise CandidateFileRefused(
            f"Colonnes incorrectes ({' ; '.join(problems)}). Colonnes attendues : {expected_columns_text()}.",
            show_expected_columns=True,
        )
    return positions, ignored
