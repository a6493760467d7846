"""The employer's assessment of an interview that took place: a page of its own, linked from the candidate's page.

Thin: the presentation comes from ``employer_selectors.presentation_for_employer`` (404 for anyone else), the form
lists the need's criteria (``matching.services.assessments.assessment_criteria``) and the service records them,
refusing an interview still to come or none. The page names the candidate by pseudonym only.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from matching import employer_selectors as selectors
from matching.models import InterviewAssessment
from matching.models.assessments import ASSESSMENT_COMMENT_MAX_LENGTH
from matching.services.assessments import Criterion, assessment_criteria, interview_assessment_record
from portal.views import LOGIN_URL, MemberRequest

TEMPLATE = "portal/answers/assessment.html"


class AssessmentForm(forms.Form):
    """A checkbox per criterion of the need (ticked: met), and a comment."""

    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=ASSESSMENT_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("About the job's requirements, never about the person's private life."),
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for number, criterion in enumerate(criteria):
            self.fields[f"criterion_{number}"] = forms.BooleanField(
                label=_("Met: %(criterion)s") % {"criterion": criterion.label}, required=False
            )
        self.order_fields([f"criterion_{number}" for number in range(len(criteria))] + ["comment"])

    def results(self) -> dict[str, bool]:
        return {c.key: bool(self.cleaned_data[f"criterion_{n}"]) for n, c in enumerate(self.criteria)}


def _initial(assessment: InterviewAssessment | None, criteria: list[Criterion]) -> dict[str, object]:
    if assessment is None:
        return {}
    met = {row["key"]: row["met"] for row in assessment.criteria}
    initial: dict[str, object] = {f"criterion_{n}": met.get(c.key, False) for n, c in enumerate(criteria)}
    return initial | {"comment": assessment.comment}


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "HEAD", "POST"])
def interview_assessment(request: MemberRequest, presentation_id: int) -> HttpResponse:
    presentation = selectors.presentation_for_employer(user=request.user, presentation_id=presentation_id)
    criteria = assessment_criteria(need=presentation.need)
    assessment = InterviewAssessment.objects.filter(presentation=presentation).first()
    if request.method == "POST":
        form = AssessmentForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                interview_assessment_record(
                    presentation=presentation,
                    results=form.results(),
                    comment=form.cleaned_data["comment"],
                    by=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Assessment recorded."))
                return HttpResponseRedirect(reverse("portal:presentation_detail", args=[presentation.pk]))
    else:
        form = AssessmentForm(initial=_initial(assessment, criteria), criteria=criteria)
    profile = selectors.presented_profile(presentation=presentation)
    context = {"presentation": presentation, "need": presentation.need, "pseudonym": profile.pseudonym, "form": form}
    return render(request, TEMPLATE, context)
