import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from referentials.enums import OccupationTitleKind, OccupationTitleSource
from referentials.loaders import titles
from referentials.loaders.errors import LoaderError
from referentials.loaders.vocabulary import DATA_DIR
from referentials.models import Occupation, OccupationTitle
from referentials.services import referentials_load
from tests.referentials import samples

pytestmark = pytest.mark.django_db

SHIPPED_ROME_CODES = DATA_DIR / "rome" / "cr_gd_dp_v4.csv"


def shipped_rome_codes() -> set[str]:
    with SHIPPED_ROME_CODES.open(encoding="utf-8") as handle:
        return {row["code_rome"] for row in csv.DictReader(handle)}


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path]:
    return samples.write_all_sources(tmp_path)


def test_titles_are_loaded_with_their_kind_source_and_search_form(sources):
    counts = referentials_load(sources_dir=sources[0], data_dir=sources[1])

    d1408 = Occupation.objects.get(rome_code="D1408")
    assert set(d1408.titles.values_list("title", "kind", "source")) == {
        ("Téléconseiller / Téléconseillère", OccupationTitleKind.SYNONYM, OccupationTitleSource.ROME),
        ("Conseiller / Conseillère clientèle à distance", OccupationTitleKind.PRINCIPAL, OccupationTitleSource.ROME),
        ("Hotliner", OccupationTitleKind.SYNONYM, OccupationTitleSource.AUTHORED),
        # "Téléconseiller·e" reads "teleconseiller", which no official title gives alone.
        ("Téléconseiller·e", OccupationTitleKind.SYNONYM, OccupationTitleSource.AUTHORED),
    }
    principal = d1408.titles.get(kind=OccupationTitleKind.PRINCIPAL)
    assert principal.search_text == "conseiller conseillere clientele a distance"
    assert principal.short_title == "Conseiller(ère) clientèle à distance"
    assert principal.rome_title_code == "11609"
    assert OccupationTitle.objects.get(title="Manutentionnaire").is_rarely_used
    # The label of M1602, which has no appellation in the sample, is a title of its own.
    assert Occupation.objects.get(rome_code="M1602").titles.get().kind == OccupationTitleKind.LABEL
    assert counts["occupation titles"] == OccupationTitle.objects.count()


def test_loading_twice_gives_the_same_titles(sources):
    referentials_load(sources_dir=sources[0], data_dir=sources[1])
    first = sorted(OccupationTitle.objects.values_list("occupation__rome_code", "title", "kind", "search_text"))
    referentials_load(sources_dir=sources[0], data_dir=sources[1])
    assert sorted(OccupationTitle.objects.values_list("occupation__rome_code", "title", "kind", "search_text")) == (
        first
    )


def test_synonym_with_an_unknown_code_is_refused_with_its_line(sources):
    samples.write_vocabulary(
        sources[1], synonyms="title,rome_code,note\nHotliner,D1408,\nSoudeur,H2913,\nVendeur,X12,\n"
    )
    with pytest.raises(CommandError) as raised:
        call_command("load_referentials", sources=sources[0], data=sources[1])
    assert "occupation_synonyms.csv, line 3: unknown ROME code H2913: not among the occupations loaded" in str(
        raised.value
    )
    assert "occupation_synonyms.csv, line 4: invalid ROME code 'X12'" in str(raised.value)
    assert OccupationTitle.objects.count() == 0
    assert Occupation.objects.count() == 0


def test_bad_appellation_rows_are_named_by_line_and_load_nothing(sources):
    samples.write_vocabulary(
        sources[1],
        appellations=(
            "code_ogr,libelle_appellation_long,libelle_appellation_court,code_rome,classification,peu_usite\n"
            "38800,Téléconseiller,Téléconseiller,D1408,SYNONYME,N\n"
            "38801,,x,D1408,SYNONYME,N\n"
            "38802,Soudeur,Soudeur,H2913,SYNONYME,N\n"
            "38800,Téléopérateur,Téléopérateur,D1408,AUTRE,N\n"
        ),
    )
    with pytest.raises(LoaderError) as raised:
        referentials_load(sources_dir=sources[0], data_dir=sources[1])
    assert [str(problem) for problem in raised.value.problems] == [
        "appellations_v460.csv, line 3: empty title",
        "appellations_v460.csv, line 4: unknown ROME code H2913: not among the occupations loaded",
        "appellations_v460.csv, line 5: unknown classification 'AUTRE': PRINCIPALE or SYNONYME",
    ]
    assert OccupationTitle.objects.count() == 0


def test_missing_appellations_file_is_a_clear_error(sources):
    (sources[1] / "rome" / "appellations_v460.csv").unlink()
    with pytest.raises(CommandError, match=r"appellations_v460.csv, line 0: the file is missing"):
        call_command("load_referentials", sources=sources[0], data=sources[1])


def test_shipped_titles_all_name_a_rome_code_of_the_shipped_list():
    codes = shipped_rome_codes()
    assert len(codes) == 1584
    rome_titles = titles.read_rome_titles(DATA_DIR / titles.APPELLATIONS_FILE, codes)
    assert len(rome_titles) == 13120
    assert {row.rome_code for row in rome_titles} == codes
    synonyms = titles.read_synonyms(DATA_DIR / titles.SYNONYMS_FILE, codes)
    assert len({(row.rome_code, row.search_text) for row in synonyms}) >= 60
    typed = {row.search_text for row in synonyms}
    assert {"hotliner", "cda", "ash", "avs", "aesh", "manut", "teleconseiller", "agent d entretien"} <= typed


def test_the_command_embeds_the_titles_once_for_the_semantic_layer(sources, settings, tmp_path):
    settings.OCCUPATION_SEMANTIC_INDEX_DIR = tmp_path / "semantic"
    first, again, skipped = io.StringIO(), io.StringIO(), io.StringIO()

    call_command("load_referentials", sources=sources[0], data=sources[1], stdout=first)
    call_command("load_referentials", sources=sources[0], data=sources[1], stdout=again)
    call_command("load_referentials", sources=sources[0], data=sources[1], skip_semantic_index=True, stdout=skipped)

    titles = OccupationTitle.objects.count()
    assert f"Semantic index: {titles} titles ({titles} embedded)" in first.getvalue()
    # A reload of the same files embeds nothing again.
    assert f"Semantic index: {titles} titles (0 embedded)" in again.getvalue()
    assert "Semantic index" not in skipped.getvalue()
    assert (tmp_path / "semantic").is_dir()
