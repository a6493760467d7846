"""Reading one row of an import file into an unsaved candidate, with every problem named in the file's terms."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from accounts.access import is_staff_of_platform
from accounts.models import Platform, User
from candidates.duplicates import name_normalise as _fold
from candidates.imports.columns import BOOLEAN_FORM_FIELDS, COLUMN_BY_NAME
from candidates.imports.form import CandidateImportForm
from candidates.imports.occupations import OccupationMapper
from candidates.imports.reading import _cell_text
from candidates.models import Candidate
from candidates.referral_forms import consent_date_problem
from candidates.referrals import proposed_candidate
from referentials.models import INSEE_CODE_PATTERN, POSTCODE_PATTERN, ROME_CODE_PATTERN, Commune, Occupation

# Columns a partner's file may hold but that are not read: a partner proposes what the proposal form asks, no more.
PARTNER_IGNORED_COLUMNS = frozenset({"birth_date"})
TRUE_WORDS = {"oui", "o", "yes", "y", "1", "x", "vrai", "true"}
FALSE_WORDS = {"non", "n", "no", "0", "faux", "false"}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


class _BadCell(ValueError):
    pass


def _date(text: str, label: str) -> datetime.date | None:
    if not text:
        return None
    candidate = text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$", text) else text
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(candidate, date_format).date()
        except ValueError:
            continue
    raise _BadCell(f"{label} illisible « {text} » (attendu jj/mm/aaaa)")


def _yes_no(text: str, label: str) -> bool | None:
    if not text:
        return None
    word = text.lower()
    if word not in TRUE_WORDS and word not in FALSE_WORDS:
        word = _fold(text)
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _BadCell(f"{label} : valeur « {text} » non reconnue (oui ou non attendu)")


def _consent(text: str, date_text: str, label: str) -> tuple[bool, datetime.datetime | None]:
    """A consent cell ("oui", "non", "oui 12/03/2025") and its date column: (given, when)."""
    match = re.match(r"^\s*(\S+)\s*(?:le\s+)?(\d[\d/.\-]+\d)?\s*$", text, flags=re.IGNORECASE)
    word, inline_date = (match.group(1), match.group(2) or "") if match else (text, "")
    given = _yes_no(word, label)
    if not given:
        return False, None
    day = _date(date_text or inline_date, f"date du {label}")
    if day is None:
        raise _BadCell(f"{label} « oui » sans date : indiquez la date à laquelle il a été donné")
    if day > timezone.localdate():
        raise _BadCell(f"date du {label} dans le futur « {date_text or inline_date} »")
    return True, timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _whole_number(text: str, label: str) -> str:
    if not text:
        return ""
    cleaned = re.sub(r"\s*(km|ans?)\s*$", "", text.strip(), flags=re.IGNORECASE).replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        raise _BadCell(f"{label} illisible « {text} »") from None
    if not number.is_integer():
        raise _BadCell(f"{label} : nombre entier attendu, pas « {text} »")
    return str(int(number))


class _CommuneFinder:
    """Resolves communes once per distinct value: a file of 50,000 rows names a few hundred communes."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str, str], Commune | str] = {}
        self._by_name: dict[str, list[int]] | None = None

    def __call__(self, insee_code: str, postcode: str, name: str) -> Commune:
        key = (insee_code.upper(), postcode, _fold(name))
        if key not in self._cache:
            self._cache[key] = self._find(*key, raw_name=name)
        found = self._cache[key]
        if isinstance(found, str):
            raise _BadCell(found)
        return found

    def _find(self, insee_code: str, postcode: str, folded_name: str, *, raw_name: str) -> Commune | str:
        if insee_code:
            code = insee_code.zfill(5) if insee_code.isdigit() else insee_code
            if not re.match(INSEE_CODE_PATTERN, code):
                return f"code INSEE mal formé « {insee_code} »"
            return Commune.objects.filter(insee_code=code).first() or f"code INSEE inconnu {code}"
        if postcode:
            code = postcode.zfill(5) if postcode.isdigit() else postcode
            if not re.match(POSTCODE_PATTERN, code):
                return f"code postal mal formé « {postcode} »"
            return self._by_postcode(code, folded_name, raw_name)
        if not folded_name:
            return "commune manquante (code INSEE, code postal ou nom)"
        # The "commune" column alone: an INSEE code, a postcode, "59000 Lille", or a name.
        match = re.match(r"^(\d[\dab]\d{3})\s*(.*)$", folded_name)
        if match:
            code, rest = match.group(1).upper(), match.group(2).strip()
            if not rest:
                commune = Commune.objects.filter(insee_code=code).first()
                if commune is not None:
                    return commune
            if re.match(POSTCODE_PATTERN, code):
                return self._by_postcode(code, rest, raw_name[len(code) :].strip())
            return f"commune inconnue « {raw_name} »"
        named = self._names().get(folded_name, [])
        if len(named) == 1:
            return Commune.objects.get(pk=named[0])
        if not named:
            return f"commune inconnue « {raw_name} »"
        return f"plusieurs communes s'appellent « {raw_name} » : donnez le code postal ou le code INSEE"

    def _names(self) -> dict[str, list[int]]:
        """Every commune's id by its folded name, read once, for files that give a name alone."""
        if self._by_name is None:
            self._by_name = {}
            for pk, name in Commune.objects.values_list("pk", "name").iterator(chunk_size=5000):
                self._by_name.setdefault(_fold(name), []).append(pk)
        return self._by_name

    def _by_postcode(self, code: str, folded_name: str, raw_name: str) -> Commune | str:
        communes = list(Commune.objects.filter(postcodes__code=code).distinct())
        if not communes:
            return f"code postal inconnu {code}"
        if folded_name:
            named = [commune for commune in communes if _fold(commune.name) == folded_name]
            if not named:
                names = ", ".join(commune.name for commune in communes[:5])
                return f"la commune « {raw_name} » ne correspond pas au code postal {code} ({names})"
            communes = named
        if len(communes) > 1:
            names = ", ".join(commune.name for commune in communes[:5])
            return (
                f"le code postal {code} couvre plusieurs communes ({names}) : "
                "ajoutez la colonne commune ou donnez le code INSEE"
            )
        return communes[0]


def _form_defaults() -> dict[str, object]:
    defaults: dict[str, object] = {}
    for name in CandidateImportForm.Meta.fields:
        model_field = Candidate._meta.get_field(name)
        value = model_field.get_default()
        if name in BOOLEAN_FORM_FIELDS:
            defaults[name] = "on" if value else ""
        else:
            defaults[name] = "" if value is None else value
    return defaults


@dataclass
class _ReadRow:
    line: int
    candidate: Candidate
    occupation_ids: list[int]
    reference: str
    consent_on: datetime.date | None = None  # a partner's row: the day the person agreed to be proposed


class _RowReader:
    def __init__(
        self,
        *,
        positions: dict[str, int],
        platform: Platform,
        by: User | None,
        occupation_choices: dict[str, str] | None = None,
        for_partner: bool = False,
    ) -> None:
        self.positions = positions
        self.platform = platform
        # A partner's file proposes people: each row needs the day its person agreed, and becomes a proposed
        # candidate with no advisor until the platform accepts it.
        self.for_partner = for_partner
        # The importer follows the new profiles when they are staff of the platform; a superuser's import leaves the
        # advisor empty, as Candidate.clean_fields accepts no one else.
        is_staff = getattr(by, "pk", None) and is_staff_of_platform(by, platform.pk)
        self.advisor = by if is_staff else None
        self.defaults = _form_defaults()
        self.today = timezone.localdate()
        self.communes = _CommuneFinder()
        self.occupations = dict(Occupation.objects.values_list("rome_code", "pk"))
        self.occupation_words = OccupationMapper(occupation_ids=self.occupations, choices=occupation_choices)

    def value(self, cells: list[object], name: str) -> str:
        position = self.positions.get(name)
        return _cell_text(cells[position]) if position is not None and position < len(cells) else ""

    def read(self, line: int, cells: list[object]) -> tuple[_ReadRow | None, list[str]]:
        problems: list[str] = []

        def attempt(function, *args):
            try:
                return function(*args)
            except _BadCell as error:
                problems.append(str(error))
                return None

        def value(name: str) -> str:
            return self.value(cells, name)

        data = dict(self.defaults)
        for name in ("first_name", "last_name", "email", "phone"):
            data[name] = value(name)
        if re.fullmatch(r"[1-9]\d{8}", data["phone"]):
            # A spreadsheet that stored the number as a number dropped its leading zero.
            data["phone"] = "0" + data["phone"]
        # A cell that cannot be read is reported once, in the file's terms; the form then sees the default.
        for name in ("birth_date", "available_from"):
            if self.for_partner and name in PARTNER_IGNORED_COLUMNS:
                continue
            day = attempt(_date, value(name), COLUMN_BY_NAME[name].label)
            if day is not None:
                data[name] = day
        for name in ("max_distance_km", "experience_years", "education_level"):
            number = attempt(_whole_number, value(name), COLUMN_BY_NAME[name].label)
            if number:
                data[name] = number
        for name in BOOLEAN_FORM_FIELDS:
            flag = attempt(_yes_no, value(name), COLUMN_BY_NAME[name].label)
            if flag is not None:
                data[name] = "on" if flag else ""

        commune = attempt(self.communes, value("insee_code"), value("postcode"), value("commune"))
        occupation_ids = []
        for code in filter(None, re.split(r"[\s;,/|]+", value("rome_codes").upper())):
            if not re.match(ROME_CODE_PATTERN, code):
                problems.append(f"code ROME mal formé « {code} » (une lettre et 4 chiffres, comme D1408)")
            elif code not in self.occupations:
                problems.append(f"code ROME inconnu {code}")
            elif self.occupations[code] not in occupation_ids:
                occupation_ids.append(self.occupations[code])
        # The occupation in words, mapped once per distinct value; a value to confirm adds nothing yet.
        mapped = self.occupation_words(value("occupation_text"), line) if "occupation_text" in self.positions else None
        if mapped is not None and mapped not in occupation_ids:
            occupation_ids.append(mapped)

        processing = attempt(
            _consent,
            value("consents_to_processing"),
            value("consented_to_processing_at"),
            "consentement traitement",
        )
        presentation = attempt(
            _consent,
            value("consents_to_presentation"),
            value("consented_to_presentation_at"),
            "consentement présentation",
        )
        if presentation and presentation[0] and not (processing and processing[0]):
            problems.append(
                "consentement présentation sans consentement au traitement des données : "
                "le second est nécessaire au premier"
            )

        consent_on = attempt(self._partner_consent, value) if self.for_partner else None

        reference = value("reference")
        if len(reference) > Candidate._meta.get_field("reference").max_length:
            problems.append(f"n° de dossier trop long « {reference} »")

        # Today's date given rather than computed by each row's field defaults.
        if self.for_partner:
            instance = proposed_candidate(platform=self.platform, consent_recorded_on=consent_on or self.today)
            instance.reference = reference or None
        else:
            instance = Candidate(
                platform=self.platform,
                advisor=self.advisor,
                reference=reference or None,
                available_from=self.today,
                last_contact_at=self.today,
            )
        if commune is not None:
            instance.commune = commune
        if processing and processing[0] and not self.for_partner:
            instance.consents_to_processing, instance.consented_to_processing_at = processing
        if presentation and presentation[0] and instance.consents_to_processing and not self.for_partner:
            instance.consents_to_presentation, instance.consented_to_presentation_at = presentation
        form = CandidateImportForm(data=data, instance=instance)
        if not form.is_valid():
            for name, messages in form.errors.items():
                label = COLUMN_BY_NAME[name].label if name in COLUMN_BY_NAME else ""
                for message in messages:
                    problems.append(f"{label} : {message}" if label else str(message))
        if problems:
            return None, problems
        return _ReadRow(line, form.instance, occupation_ids, reference, consent_on), []

    def _partner_consent(self, value) -> datetime.date:
        """The day the row's person agreed to be proposed: the "date du consentement" column, else the date of the
        consent to data processing."""
        text = value("consent_date") or value("consented_to_processing_at")
        day = _date(text, "date du consentement")
        if day is None:
            raise _BadCell(
                "date du consentement manquante : la personne doit avoir accepté d'être proposée à la plateforme "
                "(colonne « date du consentement », jj/mm/aaaa)"
            )
        problem = consent_date_problem(day)
        if problem:
            raise _BadCell(f"date du consentement « {text} » : {problem}")
        return day
