"""Forms of the collective sessions' staff pages: a session's details, an invitation, attendance and MRS results."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.enums import LinkChannel
from matching.models import CollectiveSession


class SessionForm(forms.ModelForm):
    """A session's details; the needs offered are the open or paused needs of the user's platforms."""

    class Meta:
        model = CollectiveSession
        fields = ["kind", "title", "starts_at", "ends_at", "place", "video_link", "what_to_bring", "capacity", "needs"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "needs": forms.CheckboxSelectMultiple,
            "what_to_bring": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = needs
        self.fields["needs"].label_from_instance = lambda need: f"{need.title} — {need.employer.legal_name}"


class SessionInviteForm(forms.Form):
    candidate_ids = forms.CharField(
        label=_("Candidate numbers"),
        help_text=_("One or more candidate numbers, separated by commas or spaces."),
        max_length=2000,
    )
    channels = forms.MultipleChoiceField(
        label=_("Send the invitation by"),
        choices=LinkChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose e-mail, SMS or both.")},
    )

    def clean_candidate_ids(self) -> list[int]:
        parts = self.cleaned_data["candidate_ids"].replace(",", " ").split()
        if not parts or not all(part.isdigit() for part in parts):
            raise forms.ValidationError(_("Type candidate numbers only (digits), separated by commas or spaces."))
        return sorted({int(part) for part in parts})


class RankingLinksForm(forms.Form):
    """A job dating's ranking links, to the attendees who have not ranked yet."""

    channels = forms.MultipleChoiceField(
        label=_("Send the ranking link by"),
        choices=LinkChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose e-mail, SMS or both.")},
    )


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Attended"),
        choices=[("yes", _("Present")), ("no", _("Absent")), ("", _("Not recorded"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )


class MrsResultForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("MRS result"),
        choices=[("yes", _("Passed")), ("no", _("Not passed")), ("", _("Not recorded"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )


def needs_for_sessions(platform_id: int) -> QuerySet[StaffingNeed]:
    """The needs a session of the platform may serve: its open or paused ones."""
    return (
        StaffingNeed.objects.filter(employer__platform_id=platform_id, status__in=[NeedStatus.OPEN, NeedStatus.PAUSED])
        .select_related("employer")
        .order_by("title")
    )
