"""The contact log on a candidate's page in the admin: the latest entries, a form to add a call, an e-mail, an SMS, a
meeting or a note, and the whole log a page at a time (``<id>/contact-log/``).

Entries are added through ``matching.services.contacts.contact_entry_add_staff``, which moves the candidate's last
contact date: ``last_contact_at`` is therefore read-only in the admin form (it follows the log; the API already
reads it only, and an import sets it to the day of the import). A refused entry is shown again with what was typed.
Opening the full log is logged as the profile opened.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import is_platform_staff
from candidates.audit import personal_data_access_record
from candidates.models import Candidate, PersonalDataAccess
from matching.contact_selectors import contact_entries_for_candidate
from matching.services.contacts import contact_entry_add_staff
from staff.board.forms import ContactEntryForm as BoardContactEntryForm

ENTRIES_ON_PAGE = 5
ENTRIES_PER_LOG_PAGE = 25


class ContactEntryForm(BoardContactEntryForm):
    """The board's form (kind and note, the rule beside the note), with the date of the contact."""

    field_order = ["kind", "at", "note"]
    at = forms.DateTimeField(
        label=gettext_lazy("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"at": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)


class CandidateContactLogAdminMixin:
    """For ``CandidateAdmin``: the log's section on the change page, its full page and its form's address."""

    change_form_template = "admin/candidates/candidate/change_form_contacts.html"

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return [*super().get_readonly_fields(request, obj), "last_contact_at"]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        urls = [
            path(
                "<path:object_id>/contact-log/",
                self.admin_site.admin_view(self.contact_log_view),
                name="{}_{}_contact_log".format(*info),
            )
        ]
        return urls + super().get_urls()

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        extra_context = dict(extra_context or {})
        candidate = self.get_object(request, object_id) if object_id.isdigit() else None
        if candidate is not None and is_platform_staff(request.user):
            entries = contact_entries_for_candidate(candidate=candidate)
            latest = list(entries[: ENTRIES_ON_PAGE + 1])
            extra_context["contact_log"] = {
                "entries": latest[:ENTRIES_ON_PAGE],
                "has_more": len(latest) > ENTRIES_ON_PAGE,
                "form": ContactEntryForm(auto_id="contact-%s"),
                "url": reverse("admin:candidates_candidate_contact_log", args=[candidate.pk]),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def _candidate_for_log(self, request: HttpRequest, object_id: str) -> Candidate:
        candidate = self.get_object(request, object_id) if object_id.isdigit() else None
        if candidate is None or not is_platform_staff(request.user):
            raise Http404
        return candidate

    def contact_log_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_for_log(request, object_id)
        url = reverse("admin:candidates_candidate_contact_log", args=[candidate.pk])
        if request.method == "POST":
            form = ContactEntryForm(request.POST, auto_id="contact-%s")
            if form.is_valid():
                try:
                    contact_entry_add_staff(
                        candidate=candidate,
                        kind=form.cleaned_data["kind"],
                        by=request.user,
                        note=form.cleaned_data["note"],
                        at=form.cleaned_data["at"],
                    )
                except ValidationError as error:
                    _errors_into(form, error)
                else:
                    messages.success(request, _("The entry is added to the contact log."))
                    change = reverse("admin:candidates_candidate_change", args=[candidate.pk])
                    return HttpResponseRedirect(f"{change}#contact-log")
            status = 400
        elif request.method in ("GET", "HEAD"):
            form = ContactEntryForm(auto_id="contact-%s")
            status = 200
            personal_data_access_record(
                actor=request.user, candidate_ids=[candidate.pk], action=PersonalDataAccess.Action.OPENED
            )
        else:
            return HttpResponse(status=405)
        page = Paginator(contact_entries_for_candidate(candidate=candidate), ENTRIES_PER_LOG_PAGE).get_page(
            request.GET.get("page")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Contact log"),
            "subtitle": str(candidate),
            "candidate": candidate,
            "page": page,
            "form": form,
            "url": url,
        }
        return TemplateResponse(request, "admin/candidates/candidate/contact_log.html", context, status=status)


def _errors_into(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal, on the field it names (or the form's own), so the page shows it beside what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
