"""Staff admin for reference data: platform staff read it; superusers (and the loaders) change it.

What is read-only for whom comes from the permissions of the "Platform staff" group (``accounts.services``); the
admin records every change a superuser makes here in its log (``django.contrib.admin.models.LogEntry``).
"""

from django.contrib import admin

from referentials.models import Certification, Commune, Epci, Language, Occupation, PostalCode, Skill
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


@admin.register(Occupation)
class OccupationAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["rome_code", "label", "family_code", "sector"]
    list_filter = ["sector"]
    search_fields = ["rome_code", "label"]


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
