"""A partner's file of proposals, through the candidate import's job (``candidates.imports.jobs``): the upload stores
the job and queues its check; the job's page polls the check's progress, shows the report (every refused line with
its reason) and writes, all or nothing, once nothing is wrong. Each row written is a proposed person with its
referral.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from candidates.imports import COLUMNS, MAX_FILE_BYTES, MAX_ROWS, CandidateFileRefused
from candidates.imports.jobs import (
    CandidateImportJobRefused,
    candidate_import_job_create,
    candidate_import_job_for_partner,
    candidate_import_job_write_request,
    candidate_import_occupations_unconfirmed,
)
from candidates.imports.rows import PARTNER_IGNORED_COLUMNS
from candidates.models import CandidateImport
from candidates.referrals import referral_platforms_for
from partners.access import partner_required
from partners.forms import ProposalFileForm


@partner_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    platforms = referral_platforms_for(partner=request.partner)
    form = ProposalFileForm(request.POST or None, request.FILES or None, platforms=platforms)
    refusal = None
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            job = candidate_import_job_create(
                content=uploaded.read(),
                filename=uploaded.name,
                platform=form.cleaned_data["platform"],
                by=request.user,
                partner=request.partner,
            )
        except CandidateFileRefused as error:
            refusal = error.message
        except PermissionDenied:
            raise Http404 from None
        else:
            return HttpResponseRedirect(reverse("partners:import_job", args=[job.pk]))
    context = {
        "title": _("Propose candidates from a file"),
        "form": form,
        "refusal": refusal,
        # A partner's file brings no birth date (``candidates.imports.rows``): the column is not offered.
        "columns": [column for column in COLUMNS if column.name not in PARTNER_IGNORED_COLUMNS],
        "max_megabytes": MAX_FILE_BYTES // 1024 // 1024,
        "max_rows": MAX_ROWS,
    }
    return render(request, "partners/import.html", context)


def _job(request: HttpRequest, job_id: int) -> CandidateImport:
    try:
        return candidate_import_job_for_partner(user=request.user, job_id=job_id)
    except CandidateImport.DoesNotExist:
        raise Http404 from None


def _job_context(job: CandidateImport) -> dict[str, object]:
    report = job.report
    to_create = report.get("to_create", 0)
    error_lines = len({line for line, _message in report.get("errors", [])})
    return {
        "job": job,
        "occupations_unconfirmed": candidate_import_occupations_unconfirmed(job)
        if job.status == CandidateImport.Status.CHECKED
        else [],
        "counts": {
            "to_create": ngettext("%(count)d person to propose", "%(count)d people to propose", to_create)
            % {"count": to_create},
            "errors": ngettext("%(count)d line in error", "%(count)d lines in error", error_lines)
            % {"count": error_lines},
            "done": ngettext("%(count)d person proposed", "%(count)d people proposed", job.created_count)
            % {"count": job.created_count},
            "write": ngettext("Propose this person", "Propose these %(count)d people", to_create)
            % {"count": to_create},
        },
    }


@partner_required
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    context = {"title": _("File %(name)s") % {"name": job.filename}} | _job_context(job)
    return render(request, "partners/import_job.html", context)


@partner_required
@require_GET
def import_job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    return render(request, "partners/_import_job_progress.html", _job_context(_job(request, job_id)))


@partner_required
@require_POST
def import_job_write(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    try:
        candidate_import_job_write_request(job=job, by=request.user)
    except CandidateImportJobRefused as refusal:
        messages.error(request, str(refusal))
    except PermissionDenied:
        raise Http404 from None
    return HttpResponseRedirect(reverse("partners:import_job", args=[job.pk]))
