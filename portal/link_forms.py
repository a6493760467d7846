"""The forms of a candidate's link page: answering a job proposal, picking an interview slot, taking a session's
seat or ranking the jobs met at a job dating.

They only parse what was typed; ``matching.services.link_answers`` checks the answer and records it, and its
refusals come back on the fields they name. Choices (waves, slots) are the ones the link's offer lists.
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from matching.enums import CandidateDeclineReason
from matching.job_dating_forms import rank_field_name
from matching.link_selectors import JobDatingJob, LinkOffer
from matching.services.link_answers import COMMENT_MAX_LENGTH, LinkAnswer

YES, NO = "yes", "no"
NO_SLOT = "none"


class ProposalAnswerForm(forms.Form):
    interested = forms.ChoiceField(
        label=_("Does this job interest you?"),
        choices=[(YES, _("Yes, it interests me")), (NO, _("No, it does not interest me"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us whether the job interests you.")},
    )
    available_from = forms.DateField(
        label=_("From when are you available?"),
        required=False,
        help_text=_("Leave empty if you are available now."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    wave = forms.TypedChoiceField(
        label=_("Which start date suits you?"), required=False, coerce=int, empty_value=None, widget=forms.RadioSelect
    )
    reason_code = forms.ChoiceField(
        label=_("If not, why?"),
        required=False,
        choices=CandidateDeclineReason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add?"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Do not write anything about your health or private life."),
    )

    def __init__(self, *args, offer: LinkOffer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        wave = self.fields["wave"]
        assert isinstance(wave, forms.TypedChoiceField)
        wave.choices = [(item.pk, date_format(item.starts_on, "DATE_FORMAT")) for item in offer.waves]
        if offer.current_wave_id in {item.pk for item in offer.waves}:
            self.initial.setdefault("wave", offer.current_wave_id)
        if len(offer.waves) < 2:
            # One start date or none: nothing to choose.
            del self.fields["wave"]

    def answer(self) -> LinkAnswer:
        data = self.cleaned_data
        interested = data["interested"] == YES
        return LinkAnswer(
            interested=interested,
            reason_code="" if interested else data.get("reason_code") or "",
            comment=data.get("comment") or "",
            available_from=data.get("available_from") if interested else None,
            wave_id=data.get("wave") if interested else None,
        )


class SlotAnswerForm(forms.Form):
    slot = forms.ChoiceField(
        label=_("Which interview time suits you?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the interview slots offered.")},
    )

    def __init__(self, *args, offer: LinkOffer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        slot = self.fields["slot"]
        assert isinstance(slot, forms.ChoiceField)
        slot.choices = [
            (str(item.pk), f"{date_format(timezone.localtime(item.starts_at), 'DATETIME_FORMAT')} — {item.place}")
            for item in offer.slots
        ] + [(NO_SLOT, _("None of these times suits me: please call me"))]

    def answer(self) -> LinkAnswer:
        chosen = self.cleaned_data["slot"]
        if chosen == NO_SLOT:
            return LinkAnswer(no_slot_suits=True)
        return LinkAnswer(slot_id=int(chosen))


class SessionSeatAnswerForm(forms.Form):
    """A collective session's invitation: take the seat or decline."""

    attending = forms.TypedChoiceField(
        label=_("Will you come?"),
        choices=[("yes", _("Yes, I take a seat")), ("no", _("No, I cannot come"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us whether you will come.")},
    )


class JobDatingRankingForm(forms.Form):
    """After a job dating: one choice per job met, "1" for the one the person wants most; "—" for a job they do not
    want. The rules on the ranks (no repeat, no gap) are the service's, said on the form."""

    def __init__(self, *args, jobs: list[JobDatingJob], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.jobs = jobs
        choices = [("", _("I do not want this job")), *((str(rank), str(rank)) for rank in range(1, len(jobs) + 1))]
        for job in jobs:
            self.fields[rank_field_name(job.need_id)] = forms.TypedChoiceField(
                label=_("%(occupation)s at %(employer)s") % {"occupation": job.occupation, "employer": job.employer},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def job_fields(self) -> list[tuple[JobDatingJob, forms.BoundField]]:
        return [(job, self[rank_field_name(job.need_id)]) for job in self.jobs]

    def ranks(self) -> dict[int, int]:
        """{need id: rank} of the jobs given a rank."""
        return {
            job.need_id: self.cleaned_data[rank_field_name(job.need_id)]
            for job in self.jobs
            if self.cleaned_data.get(rank_field_name(job.need_id)) is not None
        }
