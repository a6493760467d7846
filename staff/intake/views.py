"""The staff pages of employer intake: the platform's leads (overdue ones flagged), a new lead, a lead's page where
its visit is booked, recorded with its report, or the lead closed, and a need created from the visit.

Only staff of the lead's platform reach a lead (anyone else: 404). The views parse and render;
``employers.lead_selectors`` reads, ``employers.lead_services`` writes, and a refusal is shown on the form it
came from, with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import is_platform_staff, platform_ids_for
from accounts.models import Platform
from employers import lead_services
from employers.enums import VISIT_PROMISE_DAYS, LeadStatus
from employers.lead_forms import LeadCloseForm, LeadEmployerForm, LeadForm, LeadVisitBookForm, LeadVisitRecordForm
from employers.lead_selectors import lead_for_staff, lead_list_for_staff
from employers.leads import EmployerLead
from employers.need_forms import NeedJobForm
from staff.requests import StaffRequest

LEAD_FIELDS = (
    "company_name",
    "commune",
    "contact_kind",
    "first_contact_on",
    "contact_name",
    "contact_phone",
    "contact_email",
    "employer",
)
# Names a service gives its refusals that the forms call otherwise.
FIELD_ALIASES = {"visit_report": "report"}


def _staff_only(request: StaffRequest) -> None:
    if not is_platform_staff(request.user):
        raise Http404


def _add_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = FIELD_ALIASES.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_GET
def lead_list(request: StaffRequest) -> HttpResponse:
    """The platform's leads, filtered by status; those waiting for their visit past the promise are flagged."""
    _staff_only(request)
    status = request.GET.get("status", "")
    if status not in LeadStatus.values:
        status = ""
    today = timezone.localdate()
    leads = list(lead_list_for_staff(user=request.user, status=status or None))
    rows = [(lead, lead.is_overdue(today), lead.days_since_first_contact(today)) for lead in leads]
    context = {
        "title": _("Employer leads"),
        "rows": rows,
        "status": status,
        "statuses": LeadStatus.choices,
        "overdue_count": sum(1 for __, overdue, __days in rows if overdue),
        "promise_days": VISIT_PROMISE_DAYS,
    }
    return render(request, "staff/intake/list.html", context)


def _platform_for_new_lead(request: StaffRequest) -> Platform:
    platform_ids = platform_ids_for(request.user)
    if not platform_ids:
        raise Http404
    return Platform.objects.get(pk=min(platform_ids))


@login_required
@require_http_methods(["GET", "POST"])
def lead_create_page(request: StaffRequest) -> HttpResponse:
    _staff_only(request)
    platform = _platform_for_new_lead(request)
    form = LeadForm(request.POST or None, platform_id=platform.pk, initial={"first_contact_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            lead = lead_services.lead_create(
                platform=platform, by=request.user, **{name: form.cleaned_data[name] for name in LEAD_FIELDS}
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The lead is recorded."))
            return HttpResponseRedirect(reverse("staff:lead_detail", args=[lead.pk]))
    return render(request, "staff/intake/form.html", {"title": _("New employer lead"), "form": form})


def _detail(request: StaffRequest, lead: EmployerLead, **bound: Form) -> HttpResponse:
    """The lead's page with its forms: the one posted, refused, keeps what was typed and its errors."""
    today = timezone.localdate()
    visit_initial = {"visited_on": lead.visited_on or today, "report": lead.visit_report, "employer": lead.employer}
    forms = {
        "book_form": LeadVisitBookForm(initial={"when": lead.visit_booked_for}),
        "visit_form": LeadVisitRecordForm(initial=visit_initial, platform_id=lead.platform_id),
        "close_form": LeadCloseForm(),
        "employer_form": LeadEmployerForm(initial={"employer": lead.employer}, platform_id=lead.platform_id),
        **bound,
    }
    context = {
        "title": lead.company_name,
        "lead": lead,
        "needs": lead.needs.select_related("occupation").order_by("-created_at"),
        "is_overdue": lead.is_overdue(today),
        "days_since_first_contact": lead.days_since_first_contact(today),
        "visit_due_on": lead.visit_due_on(),
        "is_waiting": lead.status in (LeadStatus.NEW, LeadStatus.VISIT_BOOKED),
        "is_closed": lead.status == LeadStatus.CLOSED,
        "is_visited": lead.status == LeadStatus.VISITED,
        **forms,
    }
    return render(request, "staff/intake/detail.html", context, status=200)


def _done(request: StaffRequest, lead: EmployerLead, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(reverse("staff:lead_detail", args=[lead.pk]))


@login_required
@require_GET
def lead_detail(request: StaffRequest, lead_id: int) -> HttpResponse:
    return _detail(request, lead_for_staff(user=request.user, lead_id=lead_id))


def _act(request: StaffRequest, lead: EmployerLead, form: Form, form_key: str, act, done: str) -> HttpResponse:
    """One action of the lead's page: the service called with the form's data; a refusal goes back to the form."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _done(request, lead, done)
    return _detail(request, lead, **{form_key: form})


@login_required
@require_POST
def lead_visit_book(request: StaffRequest, lead_id: int) -> HttpResponse:
    lead = lead_for_staff(user=request.user, lead_id=lead_id)
    return _act(
        request,
        lead,
        LeadVisitBookForm(request.POST),
        "book_form",
        lambda data: lead_services.lead_visit_book(lead=lead, when=data["when"], by=request.user),
        _("The visit is booked."),
    )


@login_required
@require_POST
def lead_visit_record(request: StaffRequest, lead_id: int) -> HttpResponse:
    lead = lead_for_staff(user=request.user, lead_id=lead_id)
    return _act(
        request,
        lead,
        LeadVisitRecordForm(request.POST, platform_id=lead.platform_id),
        "visit_form",
        lambda data: lead_services.lead_visit_record(
            lead=lead, visited_on=data["visited_on"], report=data["report"], employer=data["employer"], by=request.user
        ),
        _("The visit is recorded."),
    )


@login_required
@require_POST
def lead_close(request: StaffRequest, lead_id: int) -> HttpResponse:
    lead = lead_for_staff(user=request.user, lead_id=lead_id)
    return _act(
        request,
        lead,
        LeadCloseForm(request.POST),
        "close_form",
        lambda data: lead_services.lead_close(lead=lead, reason=data["reason"], by=request.user),
        _("The lead is closed."),
    )


@login_required
@require_POST
def lead_employer(request: StaffRequest, lead_id: int) -> HttpResponse:
    lead = lead_for_staff(user=request.user, lead_id=lead_id)
    return _act(
        request,
        lead,
        LeadEmployerForm(request.POST, platform_id=lead.platform_id),
        "employer_form",
        lambda data: lead_services.lead_employer_link(lead=lead, employer=data["employer"], by=request.user),
        _("The employer is linked to the lead."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_need_create(request: StaffRequest, lead_id: int) -> HttpResponse:
    """A draft need from the visit, typed as the portal's first step; its details are then completed on the need's
    admin page. A lead not visited or without its employer goes back to its page with the reason."""
    lead = lead_for_staff(user=request.user, lead_id=lead_id)
    if lead.status != LeadStatus.VISITED or lead.employer is None:
        messages.error(
            request,
            _("Record the visit and name the employer before creating needs.")
            if lead.status != LeadStatus.CLOSED
            else _("This lead is closed: no need can be created from it."),
        )
        return HttpResponseRedirect(reverse("staff:lead_detail", args=[lead.pk]))
    form = NeedJobForm(request.POST or None, employer=lead.employer, initial={"place": lead.commune.insee_code})
    if request.method == "POST" and form.is_valid():
        try:
            need = lead_services.lead_need_create(
                lead=lead, need=form.save(commit=False), new_site=form.new_site, by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The need is created as a draft: complete it, then publish it."))
            return HttpResponseRedirect(reverse("admin:employers_staffingneed_change", args=[need.pk]))
    context = {"title": _("New need from the visit"), "form": form, "lead": lead}
    return render(request, "staff/intake/need_form.html", context)
