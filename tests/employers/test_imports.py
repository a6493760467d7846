import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from employers.models import Employer, NeedLanguage, Site, StaffingNeed
from tests.accounts.factories import PlatformFactory
from tests.referentials.factories import LanguageFactory, OccupationFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


HEADER = (
    "siret,legal_name,naf_code,site_name,site_address,commune,rome_code,title,headcount,contract_type,"
    "contract_duration_months,working_time,weekly_hours,start_date,accepts_beginners,"
    "language,language_level,language_mandatory,language_justification\n"
)
IN_A_MONTH = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
YESTERDAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
GOOD_SIRET = "73282932000074"


@pytest.fixture
def platform():
    hauts_de_france_communes()
    OccupationFactory(rome_code="D1408")
    OccupationFactory(rome_code="N1103", label="Préparateur / Préparatrice de commandes")
    LanguageFactory(code="en")
    return PlatformFactory(slug="lille")


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "besoins.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_valid_file_creates_employers_sites_and_draft_needs_once(tmp_path, platform):
    path = write(
        tmp_path,
        f"{GOOD_SIRET},Relation Client Nord,82.20Z,Euralille,1 place,59000 Lille,D1408,Conseiller,120,cdi,,,,"
        f"{IN_A_MONTH},oui,en,B2,oui,Clients britanniques appelés en anglais toute la journée",
        f"{GOOD_SIRET},Relation Client Nord,82.20Z,Euralille,1 place,59350,D1408,Superviseur,4,cdd,12,part_time,28,"
        f"{IN_A_MONTH},,,,,",
    )
    call_command("import_staffing_needs", path, platform="lille")

    assert Employer.objects.get().platform == platform
    assert Site.objects.get().commune.name == "Lille"
    assert StaffingNeed.objects.filter(status="draft").count() == 2
    english = NeedLanguage.objects.get()
    assert (english.language.code, english.level, english.is_mandatory) == ("en", 4, True)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            f"73282932000075,X,82.20Z,S,1 rue,59350,D1408,T,5,cdi,,,,{IN_A_MONTH},,,,,",
            "line 2: siret: 73282932000075 is not a valid SIRET: its check digit is wrong.",
        ),
        (
            f"{GOOD_SIRET},X,82.20Z,S,1 rue,99999,D1408,T,5,cdi,,,,{IN_A_MONTH},,,,,",
            "line 2: commune: Unknown commune or postcode “99999”.",
        ),
        (
            f"{GOOD_SIRET},X,82.20Z,S,1 rue,59000 Roubaix,D1408,T,5,cdi,,,,{IN_A_MONTH},,,,,",
            "line 2: commune: Unknown commune or postcode “59000 Roubaix”.",
        ),
        (
            f"{GOOD_SIRET},X,82.20Z,S,1 rue,59350,D1408,T,5,cdi,,,,{YESTERDAY},,,,,",
            f"line 2: start_date: The start date {YESTERDAY} is in the past.",
        ),
        (
            f"{GOOD_SIRET},X,82.20Z,S,1 rue,59350,D1408,T,0,cdi,,,,{IN_A_MONTH},,,,,",
            "line 2: headcount: ",
        ),
        (
            f"{GOOD_SIRET},X,82.20Z,S,1 rue,59350,Z9999,T,5,cdi,,,,{IN_A_MONTH},,,,,",
            "line 2: rome_code: A ROME code is a letter from A to N and 4 digits, such as D1408.",
        ),
        (
            f"{GOOD_SIRET},X,82.20Z,S,1 rue,59350,D9999,T,5,cdi,,,,{IN_A_MONTH},,,,,",
            "line 2: rome_code: Unknown ROME code “D9999”.",
        ),
        (
            f"{GOOD_SIRET},X,82.20Z,S,1 rue,59350,D1408,T,5,cdi,,,,{IN_A_MONTH},,en,B2,oui,",
            "line 2: language_justification: A mandatory language needs a written justification tied to the job.",
        ),
        (
            f"{GOOD_SIRET},X,82.20Z,S,1 rue,59350,D1408,T\u202eexe.gpj,5,cdi,,,,{IN_A_MONTH},,,,,",
            "line 2: title: Remove the invisible or control character U+202E",
        ),
        (
            f"{GOOD_SIRET},X,82.20Z,S\u200b,1 rue,59350,D1408,T,5,cdi,,,,{IN_A_MONTH},,,,,",
            "line 2: site_name: Remove the invisible or control character U+200B",
        ),
    ],
    ids=[
        "siret",
        "commune",
        "postcode",
        "start-date-past",
        "headcount-zero",
        "rome-format",
        "rome-unknown",
        "language",
        "title-bidirectional",
        "site-zero-width",
    ],
)
def test_each_bad_value_is_refused_with_line_column_and_reason(tmp_path, platform, row, message):
    good = f"{GOOD_SIRET},X,82.20Z,S,1 rue,59350,D1408,T,5,cdi,,,,{IN_A_MONTH},,,,,"
    path = write(tmp_path, row, good)
    with pytest.raises(CommandError) as raised:
        call_command("import_staffing_needs", path, platform="lille")
    assert message in str(raised.value)
    assert StaffingNeed.objects.count() == Employer.objects.count() == 0, "nothing is imported from a bad file"
