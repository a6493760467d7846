"""Candidate files in the staff admin: import with a dry-run preview, export (CSV, XLSX, escaped), merge."""

import contextlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.tmp_storages import TempFolderStorage

from accounts.access import is_platform_staff, platform_ids_for
from accounts.models import Platform
from candidates.audit import personal_data_access_record
from candidates.duplicates import candidate_ids_with_duplicates, candidate_merge, candidate_merge_default_keep
from candidates.exports import CandidateExportResource, candidate_list_for_export
from candidates.imports import (
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    CandidateFileRefused,
    candidate_import,
    candidate_import_check,
)
from candidates.models import PersonalDataAccess


class PossibleDuplicateFilter(admin.SimpleListFilter):
    title = "doublons possibles"
    parameter_name = "doublons"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("oui", "Doublons possibles")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "oui":
            return queryset.filter(pk__in=candidate_ids_with_duplicates(user=request.user))
        return queryset


class CandidateImportFileForm(forms.Form):
    file = forms.FileField(label="Fichier CSV ou XLSX")
    platform = forms.ModelChoiceField(label="Plateforme", queryset=Platform.objects.none())

    def __init__(self, *args, platforms: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms
        if len(platforms) == 1:
            self.fields["platform"].initial = platforms[0]
            self.fields["platform"].widget = forms.HiddenInput()

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_FILE_BYTES:
            raise ValidationError(
                f"Le fichier pèse {uploaded.size / 1024 / 1024:.1f} Mo : la limite est de "
                f"{MAX_FILE_BYTES // 1024 // 1024} Mo. Découpez-le en plusieurs fichiers."
            )
        return uploaded


class CandidateMergeForm(forms.Form):
    keep = forms.TypedChoiceField(label="Dossier à garder", coerce=int, widget=forms.RadioSelect)


class CandidateFilesAdminMixin(ExportActionMixin):
    """Import (with a dry-run preview), export (CSV and XLSX, escaped) and merge of candidates.

    The work is done by ``candidates.imports``, ``candidates.exports`` and ``candidates.duplicates``.
    """

    resource_classes = [CandidateExportResource]
    export_formats = [CSV, XLSX]
    import_export_change_list_template = "admin/candidates/candidate/change_list_files.html"
    import_session_key = "candidate_import_pending"
    # The change form stays Django's own: exporting is done from the list.
    change_form_template = None
    show_change_form_export = False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        urls = [path("import/", self.admin_site.admin_view(self.import_view), name="{}_{}_import".format(*info))]
        return urls + super().get_urls()

    # Export

    def has_export_permission(self, request: HttpRequest) -> bool:
        return is_platform_staff(request.user) and self.has_view_permission(request)

    def get_export_queryset(self, request: HttpRequest) -> QuerySet:
        # The changelist's search and filters, on the candidates the user may see, with what the export reads.
        scoped = candidate_list_for_export(user=request.user)
        return scoped.filter(pk__in=super().get_export_queryset(request).values("pk"))

    def get_valid_export_item_pks(self, request: HttpRequest):
        # The rows an export action may name: those the user sees (the library's default is every row).
        return self.get_queryset(request).values_list("pk", flat=True)

    def get_data_for_export(self, request: HttpRequest, queryset: QuerySet, **kwargs):
        # The export action hands over the selected rows: scope them again, whatever was posted.
        scoped = candidate_list_for_export(user=request.user).filter(pk__in=queryset.values("pk"))
        personal_data_access_record(
            actor=request.user,
            candidate_ids=scoped.values_list("pk", flat=True),
            action=PersonalDataAccess.Action.EXPORTED,
        )
        return super().get_data_for_export(request, scoped, **kwargs)

    # Import

    def has_import_permission(self, request: HttpRequest) -> bool:
        return is_platform_staff(request.user) and self.has_add_permission(request)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def _import_platforms(self, request: HttpRequest) -> QuerySet:
        if request.user.is_superuser:
            return Platform.objects.all()
        return Platform.objects.filter(pk__in=platform_ids_for(request.user))

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        platforms = self._import_platforms(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Importer des candidats",
            "columns": COLUMNS,
            "max_megabytes": MAX_FILE_BYTES // 1024 // 1024,
            "max_rows": MAX_ROWS,
        }
        if request.method == "POST" and "confirm" in request.POST:
            return self._import_confirm(request, platforms, context)
        form = CandidateImportFileForm(request.POST or None, request.FILES or None, platforms=platforms)
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            uploaded, platform = form.cleaned_data["file"], form.cleaned_data["platform"]
            content = uploaded.read()
            try:
                report = candidate_import_check(
                    content=content, filename=uploaded.name, platform=platform, by=request.user
                )
            except CandidateFileRefused as refusal:
                context["refusal"] = refusal
            else:
                context["report"] = report
                if report.is_importable:
                    self._pending_store(request, content=content, filename=uploaded.name, platform=platform)
        return TemplateResponse(request, "admin/candidates/candidate/import.html", context)

    def _pending_store(self, request: HttpRequest, *, content: bytes, filename: str, platform: Platform) -> None:
        self._pending_drop(request)
        storage = TempFolderStorage(read_mode="rb")
        storage.save(content)
        request.session[self.import_session_key] = {
            "path": storage.name,
            "filename": filename,
            "platform": platform.pk,
        }

    def _pending_drop(self, request: HttpRequest) -> None:
        pending = request.session.pop(self.import_session_key, None)
        if pending:
            with contextlib.suppress(OSError):
                TempFolderStorage(name=pending["path"]).remove()

    def _import_confirm(self, request: HttpRequest, platforms: QuerySet, context: dict) -> HttpResponse:
        pending = request.session.get(self.import_session_key)
        platform = platforms.filter(pk=(pending or {}).get("platform")).first()
        if not pending or platform is None:
            messages.error(request, "Aucun fichier vérifié à importer : envoyez-le à nouveau.")
            return HttpResponseRedirect(reverse("admin:candidates_candidate_import"))
        try:
            content = TempFolderStorage(name=pending["path"], read_mode="rb").read()
        except OSError:
            self._pending_drop(request)
            messages.error(request, "Le fichier vérifié n'est plus disponible : envoyez-le à nouveau.")
            return HttpResponseRedirect(reverse("admin:candidates_candidate_import"))
        try:
            report = candidate_import(
                content=content, filename=pending["filename"], platform=platform, by=request.user
            )
        except CandidateFileRefused as refusal:
            context.update(refusal=refusal, form=CandidateImportFileForm(platforms=platforms))
            return TemplateResponse(request, "admin/candidates/candidate/import.html", context)
        self._pending_drop(request)
        personal_data_access_record(
            actor=request.user,
            candidate_ids=[candidate.pk for candidate in report.created],
            action=PersonalDataAccess.Action.IMPORTED,
        )
        if not report.created:
            # The data changed since the preview: show what now blocks the file.
            context.update(report=report, form=CandidateImportFileForm(platforms=platforms))
            return TemplateResponse(request, "admin/candidates/candidate/import.html", context)
        self.log_addition(request, report.created[0], f"Import de {len(report.created)} candidats ({report.source})")
        messages.success(
            request,
            f"{len(report.created)} candidat(s) importé(s) depuis {report.source} ; "
            f"{len(report.skipped)} ligne(s) ignorée(s) (doublons).",
        )
        return HttpResponseRedirect(reverse("admin:candidates_candidate_changelist"))

    # Merge

    def has_merge_permission(self, request: HttpRequest) -> bool:
        # Merging needs the change permission only: platform staff hold no delete permission, and a merge loses
        # nothing (the removed profile's data moves onto the kept one).
        return is_platform_staff(request.user) and self.has_change_permission(request)

    @admin.action(description="Fusionner deux dossiers (doublons)", permissions=["merge"])
    def merge_candidates(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        selected = list(queryset.order_by("created_at", "pk")[:3])
        if len(selected) != 2:
            messages.error(request, "Sélectionnez exactement deux dossiers à fusionner.")
            return None
        older, newer = selected
        form = CandidateMergeForm(request.POST if "confirm_merge" in request.POST else None)
        form.fields["keep"].choices = [(candidate.pk, f"#{candidate.pk} {candidate}") for candidate in selected]
        form.fields["keep"].initial = candidate_merge_default_keep(older, newer).pk
        if form.is_valid():
            keep = older if form.cleaned_data["keep"] == older.pk else newer
            remove = newer if keep is older else older
            removed_id, removed_label = remove.pk, str(remove)
            try:
                candidate_merge(keep=keep, remove=remove, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return None
            personal_data_access_record(
                actor=request.user, candidate_ids=[keep.pk], action=PersonalDataAccess.Action.MERGED
            )
            self.log_change(request, keep, f"Fusion du dossier #{removed_id} ({removed_label}) dans celui-ci")
            messages.success(request, f"Le dossier #{removed_id} a été fusionné dans le dossier #{keep.pk}.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Fusionner deux dossiers",
            "form": form,
            "candidates": [
                {
                    "candidate": candidate,
                    "skills": candidate.skills.count(),
                    "languages": candidate.languages.count(),
                    "suggestions": candidate.suggestions.count(),
                    "presentations": candidate.presentations.count(),
                    "outcomes": candidate.outcomes.count(),
                }
                for candidate in selected
            ],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/candidates/candidate/merge.html", context)
