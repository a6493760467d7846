"""Exporting candidates to CSV and XLSX, for the admin's export button and action.

The columns carry the names that ``candidates.imports`` reads, so an exported
file can be imported elsewhere. Sensitive situations are never exported: the
resource names its columns one by one and none reaches ``SensitiveSituation``.

The headers are written in the user's language: in French, the labels the import reads (``candidates.imports``'s
columns); in English, the column names in words, which the import reads too (it ignores case and punctuation).

Every text cell that a spreadsheet would read as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with a
single quote. django-import-export's own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``
only strips a leading ``=``, and it is a project-wide setting: the escaping is
done here instead.
"""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from accounts.models import User
from candidates.models import Candidate
from candidates.profile_fields import CONTRACTS, MOBILITY, WISHES
from referentials.models import Occupation

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

EXPORT_COLUMNS = [
    "reference",
    "last_name",
    "first_name",
    "email",
    "phone",
    "birth_date",
    "insee_code",
    "postcode",
    "commune",
    "rome_codes",
    *MOBILITY,
    *WISHES,
    *CONTRACTS,
    "consents_to_processing",
    "consented_to_processing_at",
    "consents_to_presentation",
    "consented_to_presentation_at",
    "status",
    "platform",
    "advisor",
    "last_contact_at",
    "created_at",
]


EXPORT_HEADERS = {
    "reference": _("Reference"),
    "last_name": _("Last name"),
    "first_name": _("First name"),
    "email": _("Email"),
    "phone": _("Phone"),
    "birth_date": _("Birth date"),
    "insee_code": _("INSEE code"),
    "postcode": _("Postcode"),
    "commune": _("Commune"),
    "rome_codes": _("ROME codes"),
    "max_distance_km": _("Max distance (km)"),
    "travels_by_car": _("Travels by car"),
    "travels_by_public_transport": _("Travels by public transport"),
    "travels_by_bike": _("Travels by bike"),
    "travels_on_foot": _("Travels on foot"),
    "has_driving_licence": _("Has driving licence"),
    "accepts_related_occupations": _("Accepts related occupations"),
    "education_level": _("Education level"),
    "experience_years": _("Experience years"),
    "available_from": _("Available from"),
    "accepts_cdi": _("Accepts CDI"),
    "accepts_cdd": _("Accepts CDD"),
    "accepts_temporary": _("Accepts temporary"),
    "accepts_apprenticeship": _("Accepts apprenticeship"),
    "accepts_professionalisation": _("Accepts professionalisation"),
    "accepts_full_time": _("Accepts full time"),
    "accepts_part_time": _("Accepts part time"),
    "consents_to_processing": _("Consents to processing"),
    "consented_to_processing_at": _("Consented to processing at"),
    "consents_to_presentation": _("Consents to presentation"),
    "consented_to_presentation_at": _("Consented to presentation at"),
    "status": _("Status"),
    "platform": _("Platform"),
    "advisor": _("Advisor"),
    "last_contact_at": _("Last contact at"),
    "created_at": _("Created at"),
}
"""The header of each export column, translated when the file is written."""

SHEET_TITLE = _("Candidates")
"""The name of the XLSX export's sheet."""


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made plain text by a leading quote; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def candidate_list_for_export(*, user: User) -> QuerySet[Candidate]:
    """The candidates the user may see, with what the export reads loaded in a few queries."""
    return (
        Candidate.objects.for_platform_staff(user)
        .select_related("commune", "platform", "advisor")
        .prefetch_related(
            Prefetch("desired_occupations", queryset=Occupation.objects.only("rome_code").order_by("rome_code")),
            "commune__postcodes",
        )
    )


class CandidateExportResource(resources.ModelResource):
    insee_code = fields.Field(attribute="commune__insee_code", column_name="insee_code")
    postcode = fields.Field(column_name="postcode")
    commune = fields.Field(attribute="commune__name", column_name="commune")
    rome_codes = fields.Field(column_name="rome_codes")
    platform = fields.Field(attribute="platform__name", column_name="platform")
    advisor = fields.Field(attribute="advisor__email", column_name="advisor")

    class Meta:
        model = Candidate
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS

    @classmethod
    def get_display_name(cls) -> str:
        return "Candidats"

    def dehydrate_postcode(self, candidate: Candidate) -> str:
        codes = sorted(postcode.code for postcode in candidate.commune.postcodes.all())
        return codes[0] if codes else ""

    def dehydrate_rome_codes(self, candidate: Candidate) -> str:
        return ";".join(occupation.rome_code for occupation in candidate.desired_occupations.all())

    def get_export_headers(self, selected_fields=None):
        # The columns' names stay the fields' (the export form lists them); the file's headers are the labels.
        return [str(EXPORT_HEADERS.get(name, name)) for name in super().get_export_headers(selected_fields)]

    def export_field(self, field, instance, **kwargs):
        return spreadsheet_safe(super().export_field(field, instance, **kwargs))

    def get_user_visible_fields(self):
        # The export form lists the export columns (the default lists the import ones).
        return self.get_export_fields()
