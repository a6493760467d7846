"""The portal's need form, step by step, and the need's life: publish, pause, close, duplicate.

A new need is stored as a draft from its first step, so nothing typed is lost between steps; each later step
edits that draft (or an open or paused need, which is then matched again). Views only parse, call one service
and render; the need is always fetched through the scoped selector, so another employer's need is not found.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from employers import need_forms, services
from employers.job_description_forms import NeedDescriptionForm
from employers.models import StaffingNeed
from matching import employer_selectors as selectors
from matching.services import needs
from matching.services.sourcing_requests import need_sourcing_check_shown
from portal import search
from portal.access_selectors import employer_for_member
from portal.views import LOGIN_URL, MemberRequest
from referentials.models import Skill

STEPS = (
    ("job", gettext_lazy("The job")),
    ("description", gettext_lazy("Job description")),
    ("skills", gettext_lazy("Skills and languages")),
    ("training", gettext_lazy("Training, conditions and waves")),
    ("review", gettext_lazy("Review and publish")),
)
STEP_NAMES = [name for name, _label in STEPS]
SEARCH_LIMIT = 12


def _next_step(step: str) -> str:
    return STEP_NAMES[min(STEP_NAMES.index(step) + 1, len(STEP_NAMES) - 1)]


def _after_save(request: MemberRequest, need: StaffingNeed, step: str) -> HttpResponse:
    """ "Save and continue" goes to the next step; "Save" stays on this one."""
    messages.success(request, _("Saved."))
    target = step if "stay" in request.POST else _next_step(step)
    return redirect("portal:need_edit", need.pk, target)


def _render_step(request: MemberRequest, step: str, need: StaffingNeed | None, context: dict) -> HttpResponse:
    steps = [
        {
            "name": name,
            "label": label,
            "number": number,
            "url": need and reverse("portal:need_edit", args=[need.pk, name]),
        }
        for number, (name, label) in enumerate(STEPS, start=1)
    ]
    context |= {"need": need, "step": step, "steps": steps, "step_number": STEP_NAMES.index(step) + 1}
    return render(request, f"portal/needs/step_{step}.html", context)


@login_required(login_url=LOGIN_URL)
def need_create(request: MemberRequest) -> HttpResponse:
    employer = employer_for_member(user=request.user)
    form = need_forms.NeedJobForm(request.POST or None, employer=employer)
    if request.method == "POST" and form.is_valid():
        need = needs.need_details_save(need=form.save(commit=False), new_site=form.new_site, by=request.user)
        return _after_save(request, need, "job")
    return _render_step(request, "job", None, {"form": form})


@login_required(login_url=LOGIN_URL)
def need_edit(request: MemberRequest, need_id: int, step: str) -> HttpResponse:
    need = selectors.need_for_employer(user=request.user, need_id=need_id)
    if step not in STEP_NAMES:
        raise Http404
    if need.status not in services.EDITABLE_STATUSES:
        messages.error(
            request, _("A need that is “%(status)s” can no longer be changed.") % {"status": need.get_status_display()}
        )
        return redirect("portal:need_detail", need.pk)
    handler: Callable[[MemberRequest, StaffingNeed], HttpResponse] = STEP_HANDLERS[step]
    try:
        return handler(request, need)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:need_edit", need.pk, step)


def _step_job(request: MemberRequest, need: StaffingNeed) -> HttpResponse:
    form = need_forms.NeedJobForm(request.POST or None, instance=need, employer=need.employer)
    if request.method == "POST" and form.is_valid():
        need = needs.need_details_save(need=form.save(commit=False), new_site=form.new_site, by=request.user)
        return _after_save(request, need, "job")
    return _render_step(request, "job", need, {"form": form})


def _step_description(request: MemberRequest, need: StaffingNeed) -> HttpResponse:
    form = NeedDescriptionForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        # None of these fields is scored: an open need is not matched again for them.
        need = needs.need_details_save(need=form.save(commit=False), by=request.user)
        return _after_save(request, need, "description")
    return _render_step(request, "description", need, {"form": form})


def _step_skills(request: MemberRequest, need: StaffingNeed) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    skill_rows = need_forms.skill_rows_formset(
        data=data,
        initial=[
            {"skill": row.skill.label, "importance": row.importance}
            for row in need.skill_requirements.select_related("skill").order_by("importance", "skill__label")
        ],
    )
    language_rows = need_forms.language_rows_formset(
        data=data,
        initial=[
            {
                "language": row.language_id,
                "level": row.level,
                "is_mandatory": row.is_mandatory,
                "justification": row.justification,
            }
            for row in need.language_requirements.order_by("language__label")
        ],
    )
    if request.method == "POST" and skill_rows.is_valid() and language_rows.is_valid():
        needs.need_requirements_replace(
            need=need,
            skills=[(row["skill"], row["importance"]) for row in skill_rows.items()],
            languages=[
                services.LanguageRequirement(
                    language=row["language"],
                    level=row["level"],
                    is_mandatory=row["is_mandatory"],
                    justification=row["justification"],
                )
                for row in language_rows.items()
            ],
            by=request.user,
        )
        return _after_save(request, need, "skills")
    skill_labels = Skill.objects.order_by("label").values_list("label", flat=True)
    context = {"skill_rows": skill_rows, "language_rows": language_rows, "skill_labels": skill_labels}
    return _render_step(request, "skills", need, context)


def _step_training(request: MemberRequest, need: StaffingNeed) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = need_forms.NeedTrainingForm(data, instance=need)
    waves = need_forms.wave_rows_formset(
        need=need,
        data=data,
        initial=[{"starts_on": wave.starts_on, "hires_planned": wave.hires_planned} for wave in need.waves.all()],
    )
    if request.method == "POST" and form.is_valid() and waves.is_valid():
        try:
            needs.need_training_save(
                need=form.save(commit=False),
                training_skills=form.cleaned_data["training_skills"],
                mrs_skills=form.cleaned_data["mrs_skills"],
                waves=[(wave["starts_on"], wave["hires_planned"]) for wave in waves.items()],
                by=request.user,
            )
        except ValidationError as error:
            need.refresh_from_db()
            waves.add_refusal(error)
        else:
            return _after_save(request, need, "training")
    return _render_step(request, "training", need, {"form": form, "waves": waves})


def _step_review(request: MemberRequest, need: StaffingNeed) -> HttpResponse:
    context = {
        "skills": need.skill_requirements.select_related("skill").order_by("importance", "skill__label"),
        "languages": need.language_requirements.select_related("language").order_by("language__label"),
        "training_skills": need.training_skills.order_by("label"),
        "mrs_skills": need.mrs_skills.order_by("label"),
        "waves": need.waves.all(),
        "sourcing": need_sourcing_check_shown(need=need, by=request.user),
    }
    return _render_step(request, "review", need, context)


STEP_HANDLERS = {
    "job": _step_job,
    "description": _step_description,
    "skills": _step_skills,
    "training": _step_training,
    "review": _step_review,
}


def _status_action(service: Callable[..., StaffingNeed], done: str) -> Callable[[MemberRequest, int], HttpResponse]:
    @login_required(login_url=LOGIN_URL)
    @require_POST
    def view(request: MemberRequest, need_id: int) -> HttpResponse:
        need = selectors.need_for_employer(user=request.user, need_id=need_id)
        try:
            service(need=need, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect("portal:need_detail", need.pk)

    return view


need_publish = _status_action(needs.need_publish, gettext_lazy("The need is published: matching has started."))
need_pause = _status_action(needs.need_pause, gettext_lazy("The need is paused: no new candidate is suggested."))
need_close = _status_action(needs.need_close, gettext_lazy("The need is closed."))


@login_required(login_url=LOGIN_URL)
@require_POST
def need_duplicate(request: MemberRequest, need_id: int) -> HttpResponse:
    need = selectors.need_for_employer(user=request.user, need_id=need_id)
    copy = services.need_duplicate(need=need, by=request.user)
    messages.success(request, _("A copy was made as a draft: check it, then publish it."))
    return redirect("portal:need_edit", copy.pk, "job")


@login_required(login_url=LOGIN_URL)
@require_GET
def occupation_search(request: MemberRequest) -> HttpResponse:
    """Suggestions for the occupation field, as ``<option>`` elements of its datalist (htmx)."""
    employer_for_member(user=request.user)
    wanted = need_forms.folded(request.GET.get("occupation", ""))
    options = []
    if len(wanted) >= 2:
        options = search.occupations_matching(text=request.GET.get("occupation", ""), limit=SEARCH_LIMIT)
    return render(request, "portal/needs/_options.html", {"options": options})


@login_required(login_url=LOGIN_URL)
@require_GET
def place_search(request: MemberRequest) -> HttpResponse:
    """Suggestions for the place field: the employer's sites, then communes by name or postcode."""
    employer = employer_for_member(user=request.user)
    text = request.GET.get("place", "").strip()
    options = []
    if len(text) >= 2:
        options = search.places_matching(employer=employer, text=text, limit=SEARCH_LIMIT)
    return render(request, "portal/needs/_options.html", {"options": options})
