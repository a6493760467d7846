"""Candidate files in the staff admin: import (a job checked, then written, by tasks), export (CSV, XLSX), merge."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import ngettext
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import CSV, XLSX

from accounts.access import is_platform_staff, platform_ids_for
from accounts.models import Platform
from candidates.audit import personal_data_access_record
from candidates.duplicates import candidate_ids_with_duplicates, candidate_merge_default_keep
from candidates.exports import SHEET_TITLE, CandidateExportResource, candidate_list_for_export
from candidates.imports import COLUMNS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, CandidateFileRefused
from candidates.imports.jobs import (
    CandidateImportJobRefused,
    candidate_import_job_create,
    candidate_import_job_for_staff,
    candidate_import_job_write_request,
    candidate_import_occupations_confirm,
    candidate_import_occupations_unconfirmed,
)
from candidates.models import CandidateImport, PersonalDataAccess
from matching.services.candidate_merge import candidate_merge
from staff.admin.candidate_import_occupations import OccupationChoicesForm


def import_errors_summary(errors: list[list]) -> str:
    """How many lines of the file are in error, and how many errors they hold when a line holds several: the report
    lists one entry per error, each with its line."""
    lines = len({line for line, _message in errors})
    text = ngettext("%(count)d line in error", "%(count)d lines in error", lines) % {"count": lines}
    if len(errors) == lines:
        return text
    return ngettext("%(lines)s (%(count)d error)", "%(lines)s (%(count)d errors)", len(errors)) % {
        "lines": text,
        "count": len(errors),
    }


def _job_counts(job: CandidateImport) -> dict[str, str]:
    """The job page's figures as sentences, each in the singular or the plural its number calls for."""
    report = job.report
    to_create, skipped = report.get("to_create", 0), len(report.get("skipped", []))
    rows_read = report.get("rows_read", 0)
    checked = (
        ngettext("%(count)d line checked out of %(total)d", "%(count)d lines checked out of %(total)d", job.rows_read)
        if job.rows_total
        else ngettext("%(count)d line checked", "%(count)d lines checked", job.rows_read)
    )
    return {
        "checked": checked % {"count": job.rows_read, "total": job.rows_total},
        "writing": ngettext("Importing %(count)d candidate", "Importing %(count)d candidates", to_create)
        % {"count": to_create},
        "done": ngettext("%(count)d candidate imported", "%(count)d candidates imported", job.created_count)
        % {"count": job.created_count},
        "rows_read": ngettext("%(count)d line read", "%(count)d lines read", rows_read) % {"count": rows_read},
        "to_create": ngettext("%(count)d candidate to create", "%(count)d candidates to create", to_create)
        % {"count": to_create},
        "skipped": ngettext("%(count)d line skipped", "%(count)d lines skipped", skipped) % {"count": skipped},
        "write": ngettext("Import this candidate", "Import these %(count)d candidates", to_create)
        % {"count": to_create},
    }


def _job_context(job: CandidateImport, occupations_form: OccupationChoicesForm | None = None) -> dict[str, object]:
    to_confirm = job.report.get("occupations_to_confirm", []) if job.status == CandidateImport.Status.CHECKED else []
    if occupations_form is None and to_confirm:
        occupations_form = OccupationChoicesForm(values=to_confirm, chosen=job.occupation_choices)
    return {
        "job": job,
        "errors_summary": import_errors_summary(job.report.get("errors", [])),
        "counts": _job_counts(job),
        "occupations_form": occupations_form,
        "occupations_unconfirmed": len(candidate_import_occupations_unconfirmed(job)) if to_confirm else 0,
    }


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
    # A byte-order mark first, so that a spreadsheet opens the CSV as UTF-8 (accents intact).
    to_encoding = "utf-8-sig"
    import_export_change_list_template = "admin/candidates/candidate/change_list_files.html"
    # The change form stays Django's own: exporting is done from the list.
    change_form_template = None
    show_change_form_export = False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        urls = [
            path("import/", self.admin_site.admin_view(self.import_view), name="{}_{}_import".format(*info)),
            path(
                "import/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name="{}_{}_import_job".format(*info),
            ),
            path(
                "import/<int:job_id>/progress/",
                self.admin_site.admin_view(self.import_job_progress_view),
                name="{}_{}_import_job_progress".format(*info),
            ),
            path(
                "import/<int:job_id>/occupations/",
                self.admin_site.admin_view(self.import_job_occupations_view),
                name="{}_{}_import_job_occupations".format(*info),
            ),
            path(
                "import/<int:job_id>/write/",
                self.admin_site.admin_view(self.import_job_write_view),
                name="{}_{}_import_job_write".format(*info),
            ),
        ]
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
        dataset = super().get_data_for_export(request, scoped, **kwargs)
        dataset.title = str(SHEET_TITLE)
        return dataset

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

    def _import_context(self, request: HttpRequest, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "columns": COLUMNS,
            "max_megabytes": MAX_FILE_BYTES // 1024 // 1024,
            "max_rows": MAX_ROWS,
            "max_columns": MAX_COLUMNS,
            "max_cell_chars": MAX_CELL_CHARS,
        }

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """The upload: cheap checks only (size, format, platform), then the job's page; the file is read by a task."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        context = self._import_context(request, "Importer des candidats")
        form = CandidateImportFileForm(
            request.POST or None, request.FILES or None, platforms=self._import_platforms(request)
        )
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            uploaded, platform = form.cleaned_data["file"], form.cleaned_data["platform"]
            try:
                job = candidate_import_job_create(
                    content=uploaded.read(), filename=uploaded.name, platform=platform, by=request.user
                )
            except CandidateFileRefused as refusal:
                context["refusal"] = refusal
            else:
                return HttpResponseRedirect(reverse("admin:candidates_candidate_import_job", args=[job.pk]))
        return TemplateResponse(request, "admin/candidates/candidate/import.html", context)

    def _import_job(self, request: HttpRequest, job_id: int) -> CandidateImport:
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            return candidate_import_job_for_staff(user=request.user, job_id=job_id)
        except CandidateImport.DoesNotExist:
            raise Http404 from None

    def import_job_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        """The job's page: its progress (polled while unfinished), then the report and the button that writes."""
        job = self._import_job(request, job_id)
        context = self._import_context(request, f"Import de {job.filename}") | _job_context(job)
        return TemplateResponse(request, "admin/candidates/candidate/import_job.html", context)

    def import_job_progress_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = self._import_job(request, job_id)
        return TemplateResponse(request, "admin/candidates/candidate/_import_job_progress.html", _job_context(job))

    def import_job_occupations_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        """Staff's choice of code for each occupation in words to confirm; a bad one shows the page with the error
        beside it and every other choice kept, and stores nothing."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._import_job(request, job_id)
        job_page = reverse("admin:candidates_candidate_import_job", args=[job.pk])
        to_confirm = job.report.get("occupations_to_confirm", [])
        form = OccupationChoicesForm(request.POST, values=to_confirm)
        if form.is_valid():
            try:
                candidate_import_occupations_confirm(job=job, choices=form.choices(), by=request.user)
            except CandidateImportJobRefused as refusal:
                messages.error(request, str(refusal))
                return HttpResponseRedirect(job_page)
            except ValidationError as error:
                form.add_confirm_errors(error.message_dict)
            else:
                messages.success(request, "Choix des métiers enregistrés.")
                return HttpResponseRedirect(job_page)
        context = self._import_context(request, f"Import de {job.filename}") | _job_context(job, form)
        return TemplateResponse(request, "admin/candidates/candidate/import_job.html", context)

    def import_job_write_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._import_job(request, job_id)
        try:
            candidate_import_job_write_request(job=job, by=request.user)
        except CandidateImportJobRefused as refusal:
            messages.error(request, str(refusal))
        return HttpResponseRedirect(reverse("admin:candidates_candidate_import_job", args=[job.pk]))

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
