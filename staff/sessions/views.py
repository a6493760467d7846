"""The staff pages of collective sessions: the platform's sessions, a session (its figures, gauge and people), its
form, the day's check-in list (printable, and one tap per person on a phone) and the MRS results.

Only staff of the session's platform reach a session (anyone else: 404). The views parse and render;
``matching.session_selectors`` reads, ``matching.services.sessions`` and ``session_links`` write.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import is_platform_staff, platform_ids_for
from accounts.models import Platform
from candidates.audit import personal_data_list_record
from candidates.models import Candidate
from matching.enums import SeatStatus
from matching.services.session_links import session_invite_and_send
from matching.services.sessions import (
    seat_attendance_record,
    seat_mrs_result_record,
    session_create,
    session_edit,
)
from matching.session_selectors import (
    SeatGauge,
    session_for_staff,
    session_seat_for_staff,
    session_seats,
    sessions_for_staff,
)
from staff.sessions.forms import AttendanceForm, MrsResultForm, SessionForm, SessionInviteForm, needs_for_sessions

EDITABLE = ("kind", "title", "starts_at", "ends_at", "place", "video_link", "what_to_bring", "capacity")


def _staff_only(request: HttpRequest) -> None:
    if not is_platform_staff(request.user):
        raise Http404


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    sessions = sessions_for_staff(request.user).order_by("-starts_at", "pk")
    return render(request, "staff/sessions/list.html", {"title": _("Collective sessions"), "sessions": sessions})


@login_required
@require_http_methods(["GET", "POST"])
def session_create_page(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    platform_ids = platform_ids_for(request.user)
    if not platform_ids:
        raise Http404
    platform = Platform.objects.get(pk=min(platform_ids))
    form = SessionForm(request.POST or None, needs=needs_for_sessions(platform.pk))
    if request.method == "POST" and form.is_valid():
        try:
            session = session_create(
                platform=platform,
                by=request.user,
                needs=list(form.cleaned_data["needs"]),
                **{name: form.cleaned_data[name] for name in EDITABLE},
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The session is created."))
            return HttpResponseRedirect(reverse("staff:session_detail", args=[session.pk]))
    return render(request, "staff/sessions/form.html", {"title": _("New collective session"), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit_page(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_for_staff(user=request.user, session_id=session_id)
    form = SessionForm(request.POST or None, instance=session, needs=needs_for_sessions(session.platform_id))
    if request.method == "POST" and form.is_valid():
        try:
            session_edit(
                session=session,
                by=request.user,
                needs=list(form.cleaned_data["needs"]),
                **{name: form.cleaned_data[name] for name in EDITABLE},
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return HttpResponseRedirect(reverse("staff:session_detail", args=[session.pk]))
    return render(
        request, "staff/sessions/form.html", {"title": _("Edit the session"), "form": form, "session": session}
    )


def _seats_context(request: HttpRequest, session) -> dict:
    seats = list(session_seats(session))
    personal_data_list_record(actor=request.user, page="session_seats", filters={"session": session.pk})
    return {
        "session": session,
        "seats": seats,
        "gauge": SeatGauge(accepted=session.accepted, capacity=session.capacity),
    }


@login_required
@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    """The session, its figures, its people; the form that invites candidates by number and sends their links."""
    session = session_for_staff(user=request.user, session_id=session_id)
    form = SessionInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        candidates = Candidate.objects.filter(pk__in=form.cleaned_data["candidate_ids"])
        found = {candidate.pk: candidate for candidate in candidates}
        invited, refusals = 0, []
        for candidate_id in form.cleaned_data["candidate_ids"]:
            candidate = found.get(candidate_id)
            try:
                if candidate is None:
                    raise ValidationError(_("You may not invite this candidate to this session."))
                session_invite_and_send(
                    session=session, candidate=candidate, channels=form.cleaned_data["channels"], by=request.user
                )
                invited += 1
            except ValidationError as error:
                refusals.append(f"#{candidate_id}: {' '.join(error.messages)}")
        if invited:
            messages.success(request, _("%(count)d invited.") % {"count": invited})
        for refusal in refusals:
            messages.error(request, refusal)
        return HttpResponseRedirect(reverse("staff:session_detail", args=[session.pk]))
    return render(
        request,
        "staff/sessions/detail.html",
        {"title": session.title, "invite_form": form, **_seats_context(request, session)},
    )


@login_required
@require_GET
def session_check_in(request: HttpRequest, session_id: int) -> HttpResponse:
    """The day's list: printable (a box to tick per name) and usable on a phone (one tap per person)."""
    session = session_for_staff(user=request.user, session_id=session_id)
    context = _seats_context(request, session)
    context["seats"] = [seat for seat in context["seats"] if seat.status != SeatStatus.CANCELLED]
    return render(request, "staff/sessions/check_in.html", {"title": _("Check-in"), **context})


def _seat_answer(request: HttpRequest, session, seat, template: str) -> HttpResponse:
    """The row again for htmx, else back to the page the form was on."""
    if request.headers.get("HX-Request"):
        return render(request, template, {"session": session, "seat": seat})
    back = request.POST.get("next", "")
    if back not in ("check_in", "detail"):
        back = "detail"
    return HttpResponseRedirect(reverse(f"staff:session_{back}", args=[session.pk]))


@login_required
@require_POST
def seat_attendance(request: HttpRequest, session_id: int, seat_id: int) -> HttpResponse:
    session = session_for_staff(user=request.user, session_id=session_id)
    seat = session_seat_for_staff(session=session, seat_id=seat_id)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            seat = seat_attendance_record(seat=seat, attended=form.cleaned_data["attended"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose present, absent or not recorded."))
    return _seat_answer(request, session, seat, "staff/sessions/_check_in_row.html")


@login_required
@require_POST
def seat_mrs_result(request: HttpRequest, session_id: int, seat_id: int) -> HttpResponse:
    session = session_for_staff(user=request.user, session_id=session_id)
    seat = session_seat_for_staff(session=session, seat_id=seat_id)
    form = MrsResultForm(request.POST)
    if form.is_valid():
        try:
            seat_mrs_result_record(seat=seat, passed=form.cleaned_data["passed"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose passed, not passed or not recorded."))
    return HttpResponseRedirect(reverse("staff:session_detail", args=[session.pk]))
