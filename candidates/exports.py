"""Exporting candidates to CSV and XLSX, for the admin's export button and action.

The columns carry the names that ``candidates.imports`` reads, so an exported
file can be imported elsewhere. Sensitive situations are never exported: the
resource names its columns one by one and none reaches ``SensitiveSituation``.

Every text cell that a spreadsheet would read as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with a
single quote. django-import-export's own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``
only strips a leading ``=``, and it is a project-wide setting: the escaping is
done here instead.
"""

from django.db.models import Prefetch, QuerySet
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

    def export_field(self, field, instance, **kwargs):
        return spreadsheet_safe(super().export_field(field, instance, **kwargs))

    def get_user_visible_fields(self):
        # The export form lists the export columns (the default lists the import ones).
        return self.get_export_fields()
