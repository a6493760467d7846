"""Staff admin for reference data: platform staff read it; superusers (and the loaders) change it.

What is read-only for whom comes from the permissions of the "Platform staff" group (``accounts.services``); the
admin records every change a superuser makes here in its log (``django.contrib.admin.models.LogEntry``).
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from referentials.models import Certification, Commune, Epci, Language, Occupation, OccupationTitle, PostalCode, Skill
from referentials.suggest import occupation_suggest
from staff.admin_search import PrivateSearchAdminMixin


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0


@admin.register(Epci)
class EpciAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind"]
    search_fields = ["name", "code"]
    list_filter = ["kind"]


@admin.register(Commune)
class CommuneAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["name", "insee_code", "departement_name", "region_name", "population"]
    list_filter = ["region_name", "departement_name"]
    search_fields = ["name", "insee_code", "postcodes__code"]
    autocomplete_fields = ["epci"]
    inlines = [PostalCodeInline]
    list_select_related = ["epci"]
    show_full_result_count = False


@admin.register(PostalCode)
class PostalCodeAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["code", "commune"]
    search_fields = ["code", "commune__name"]
    autocomplete_fields = ["commune"]
    list_select_related = ["commune"]


class OccupationTitleInline(admin.TabularInline):
    """The job titles of an occupation, as ``load_referentials`` stores them: read here, changed in the files."""

    model = OccupationTitle
    fields = ["title", "kind", "source", "is_rarely_used"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Occupation)
class OccupationAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["rome_code", "label", "family_code", "sector"]
    list_filter = ["sector"]
    search_fields = ["rome_code", "label"]
    inlines = [OccupationTitleInline]

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        """The label and code search, and the occupations the suggester gives (job titles, typos): the list and
        every occupation autocomplete of the admin (a candidate's desired occupations, a need's) find "hotliner"."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            codes = [suggestion.code for suggestion in occupation_suggest(search_term, 20)]
            found = found | queryset.filter(rome_code__in=codes)
        return found, may_have_duplicates


@admin.register(Skill)
class SkillAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["label", "slug", "category"]
    list_filter = ["category"]
    search_fields = ["label", "label_en", "slug"]
    prepopulated_fields = {"slug": ["label"]}
    autocomplete_fields = ["occupations"]


@admin.register(Language)
class LanguageAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["label", "code"]
    search_fields = ["label", "code"]


@admin.register(Certification)
class CertificationAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["label", "slug", "category"]
    list_filter = ["category"]
    search_fields = ["label", "slug"]
    prepopulated_fields = {"slug": ["label"]}
