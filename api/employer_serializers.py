"""Serializers of the employer area of the API: needs as the employer writes them, presented candidates as the
employer may see them (``PresentedProfile``: a pseudonym, never a name, contact, birth date or sensitive situation,
except the name and contact once the candidate has accepted the interview).

They parse and shape; the rules are checked by the need's forms (``employers.need_forms``, as in the portal) and the
services.
"""

import re
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.job_descriptions import DESCRIPTION_OUTPUT_FIELDS, JobDescriptionInputSerializer, SelectionStepsOutputField
from api.serializers import BoundedDateField, BoundedDateTimeField, QuerySerializer
from employers.enums import ContractType, NeedStatus, SkillImportance, TrainingKind, WaveStatus, WorkingTime
from employers.models import MAX_HEADCOUNT, NeedLanguage, NeedSkill, StaffingNeed
from employers.need_forms import NeedLanguageRowForm, NeedSkillRowForm
from matching.enums import PresentationStatus
from matching.services.employer_answers import COMMENT_MAX_LENGTH, MAX_SLOTS
from referentials.enums import CefrLevel
from referentials.models import Language
from referentials.text import validate_single_line

# Output.


class OccupationSerializer(serializers.Serializer):
    rome_code = serializers.CharField()
    label = serializers.CharField()


class CommuneSerializer(serializers.Serializer):
    insee_code = serializers.CharField()
    name = serializers.CharField()


class SiteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    commune = CommuneSerializer()


class NeedSkillSerializer(serializers.ModelSerializer):
    skill = serializers.CharField(source="skill.label")
    importance = serializers.ChoiceField(choices=SkillImportance.choices)

    class Meta:
        model = NeedSkill
        fields = ["skill", "importance"]


class NeedLanguageSerializer(serializers.ModelSerializer):
    language = serializers.CharField(source="language.code", help_text=_("ISO 639-1 code, such as en."))
    level = serializers.ChoiceField(choices=CefrLevel.choices, help_text=_("CEFR level: 1 (A1) to 6 (C2)."))

    class Meta:
        model = NeedLanguage
        fields = ["language", "level", "is_mandatory", "justification"]


NEED_FIELDS = [
    "id",
    "title",
    "status",
    "occupation",
    "site",
    "headcount",
    "hires_count",
    "openings_left",
    "contract_type",
    "contract_duration_months",
    "working_time",
    "weekly_hours",
    "has_shifts",
    "has_weekend_work",
    "start_date",
    "salary_min",
    "salary_max",
    "minimum_experience_years",
    "accepts_beginners",
    "offers_training",
    "training_kind",
    "training_weeks",
    "has_accessible_workstation",
    "mrs_replaces_experience",
    "mrs_skills",
    *DESCRIPTION_OUTPUT_FIELDS,
    "skills",
    "languages",
    "status_changed_at",
    "created_at",
    "updated_at",
]


class NeedSerializer(serializers.ModelSerializer):
    """A staffing need as its employer sees it (the view prefetches occupation, site and requirements)."""

    status = serializers.ChoiceField(choices=NeedStatus.choices, read_only=True)
    contract_type = serializers.ChoiceField(choices=ContractType.choices, read_only=True)
    working_time = serializers.ChoiceField(choices=WorkingTime.choices, read_only=True)
    training_kind = serializers.ChoiceField(choices=[("", "—"), *TrainingKind.choices], read_only=True)
    occupation = OccupationSerializer(read_only=True)
    site = SiteSerializer(read_only=True)
    openings_left = serializers.IntegerField(read_only=True)
    skills = NeedSkillSerializer(source="skill_requirements", many=True, read_only=True)
    languages = NeedLanguageSerializer(source="language_requirements", many=True, read_only=True)
    mrs_skills = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="label",
        help_text=_("Required skills that an MRS test passed in a session serving this need stands in for."),
    )
    selection_steps = SelectionStepsOutputField(read_only=True)

    class Meta:
        model = StaffingNeed
        fields = NEED_FIELDS
        read_only_fields = NEED_FIELDS


class WaveProgressSerializer(serializers.Serializer):
    """One wave's figures (``matching.wave_selectors.wave_progress_for_need``); ``wave_id`` null: the seats no wave
    plans, at the need's start date."""

    wave_id = serializers.IntegerField(allow_null=True)
    starts_on = serializers.DateField()
    headcount = serializers.IntegerField()
    status = serializers.ChoiceField(choices=WaveStatus.choices)
    openings_left = serializers.IntegerField()
    proposed = serializers.IntegerField(help_text=_("Suggestions the allocation proposes for this wave."))
    presented = serializers.IntegerField(help_text=_("Presentations of this wave presented to the employer or later."))
    in_training = serializers.IntegerField()
    hired = serializers.IntegerField()


class NeedDetailSerializer(NeedSerializer):
    """A need with the figures of each of its waves, given by the view as the ``waves`` context."""

    waves = serializers.SerializerMethodField()

    class Meta(NeedSerializer.Meta):
        fields = [*NEED_FIELDS, "waves"]
        read_only_fields = fields

    @extend_schema_field(WaveProgressSerializer(many=True))
    def get_waves(self, need: StaffingNeed) -> list[dict]:
        return WaveProgressSerializer(self.context["waves"], many=True).data


# Input.


class WholeRowSerializer(serializers.Serializer):
    """A row that replaces the old ones: its required fields are required in a PATCH too.

    DRF skips a missing field whenever the root serializer is partial, nested rows included; a language row without
    its level would then reach the service half-built.
    """

    def to_internal_value(self, data: object) -> dict:
        if isinstance(data, Mapping):
            missing = {
                name: [field.error_messages["required"]]
                for name, field in self.fields.items()
                if field.required and not field.read_only and name not in data
            }
            if missing:
                raise serializers.ValidationError(missing, code="required")
        return super().to_internal_value(data)


class NeedSkillInputSerializer(WholeRowSerializer):
    skill = serializers.CharField(max_length=150, help_text=_("The skill's label, as the portal suggests it."))
    importance = serializers.ChoiceField(choices=SkillImportance.choices, default=SkillImportance.MUST_HAVE)


class LanguageCodeField(serializers.SlugRelatedField):
    """A language by its ISO 639-1 code; anything that is not two letters is refused before any query."""

    def to_internal_value(self, data: object) -> Language:
        if not isinstance(data, str) or not re.fullmatch(r"[a-z]{2}", data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:20])
        return super().to_internal_value(data)


class NeedLanguageInputSerializer(WholeRowSerializer):
    language = LanguageCodeField(
        slug_field="code", queryset=Language.objects.all(), help_text=_("ISO 639-1 code, such as en.")
    )
    level = serializers.ChoiceField(choices=CefrLevel.choices, help_text=_("CEFR level: 1 (A1) to 6 (C2)."))
    is_mandatory = serializers.BooleanField(default=False)
    justification = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text=_("Required for a mandatory language: why the job itself needs it (10 characters or more)."),
    )


class NeedWriteSerializer(JobDescriptionInputSerializer):
    """A need's job, place and contract, and optionally its skills and languages (which then replace the old ones)
    and its job description.

    The fields are those of the portal's first two steps, checked by the same forms (``NeedJobForm``,
    ``NeedDescriptionForm``) and the model.
    """

    title = serializers.CharField(max_length=200, validators=[validate_single_line])
    occupation = serializers.CharField(
        max_length=300, help_text=_("The ROME code (such as D1401) or the occupation's exact label.")
    )
    place = serializers.CharField(
        max_length=300,
        help_text=_(
            "One of the employer's sites (by name), or a commune (INSEE code or “59000 Lille”) for a new site."
        ),
    )
    address = serializers.CharField(
        max_length=255,
        required=False,
        allow_blank=True,
        validators=[validate_single_line],
        help_text=_("The address of a new site."),
    )
    headcount = serializers.IntegerField(min_value=1, max_value=MAX_HEADCOUNT)
    contract_type = serializers.ChoiceField(choices=ContractType.choices)
    contract_duration_months = serializers.IntegerField(min_value=1, max_value=36, required=False, allow_null=True)
    working_time = serializers.ChoiceField(choices=WorkingTime.choices, default=WorkingTime.FULL_TIME)
    weekly_hours = serializers.IntegerField(min_value=1, max_value=48, required=False, allow_null=True)
    has_shifts = serializers.BooleanField(required=False)
    has_weekend_work = serializers.BooleanField(required=False)
    start_date = BoundedDateField()
    skills = NeedSkillInputSerializer(many=True, required=False, max_length=60)
    languages = NeedLanguageInputSerializer(many=True, required=False, max_length=10)

    def validate_skills(self, rows: list[dict]) -> list[tuple[object, str]]:
        """Each skill found by its label (as the portal's form finds it), and none twice."""
        skills, errors, seen = [], [], set()
        for row in rows:
            importance = row.get("importance", SkillImportance.MUST_HAVE)  # no default applied in a PATCH
            form = NeedSkillRowForm(data={"skill": row["skill"], "importance": importance})
            if not form.is_valid():
                errors.append({name: list(messages) for name, messages in form.errors.items()})
                continue
            skill = form.cleaned_data["skill"]
            if skill.pk in seen:
                errors.append({"skill": [_("“%(item)s” is listed twice.") % {"item": skill}]})
                continue
            seen.add(skill.pk)
            skills.append((skill, importance))
            errors.append({})
        if any(errors):
            raise serializers.ValidationError(errors)
        return skills

    def validate_languages(self, rows: list[dict]) -> list[dict]:
        """Each language checked by the portal's row form (a mandatory one is justified), and none twice."""
        errors, seen = [], set()
        for row in rows:
            data = {
                "language": row["language"].pk,
                "level": row["level"],
                "is_mandatory": row.get("is_mandatory", False),
                "justification": row.get("justification", ""),
            }
            form = NeedLanguageRowForm(data=data)
            if not form.is_valid():
                errors.append({name: list(messages) for name, messages in form.errors.items()})
            elif row["language"].pk in seen:
                errors.append({"language": [_("“%(item)s” is listed twice.") % {"item": row["language"]}]})
            else:
                errors.append({})
            seen.add(row["language"].pk)
        if any(errors):
            raise serializers.ValidationError(errors)
        return rows


class NeedListQuerySerializer(QuerySerializer):
    status = serializers.ChoiceField(choices=NeedStatus.choices, required=False)


PRESENTED_STATUS_CHOICES = [
    (status.value, status.label) for status in PresentationStatus if status in PresentationStatus.presented_or_later()
]


class EmployerPresentationQuerySerializer(QuerySerializer):
    need = serializers.IntegerField(min_value=1, max_value=999_999_999_999_999_999, required=False)
    status = serializers.ChoiceField(choices=PRESENTED_STATUS_CHOICES, required=False)


class ScorePartSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    points = serializers.FloatField()


class ContactSerializer(serializers.Serializer):
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


class InterviewSlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    is_chosen = serializers.BooleanField()


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    label = serializers.CharField()
    reason = serializers.CharField()
    by_label = serializers.CharField()


class EmployerPresentationSerializer(serializers.Serializer):
    """A presented candidate: pseudonym, skills, experience, availability, distance band and score's parts.

    ``contact`` is null until the candidate has accepted the interview.
    """

    id = serializers.IntegerField(source="profile.presentation_id")
    need = serializers.IntegerField(source="need.pk")
    need_title = serializers.CharField(source="need.title")
    pseudonym = serializers.CharField(source="profile.pseudonym")
    status = serializers.ChoiceField(choices=PRESENTED_STATUS_CHOICES, source="profile.status")
    status_label = serializers.CharField(source="profile.status_label")
    skills = serializers.ListField(child=serializers.CharField(), source="profile.skills")
    experience_years = serializers.IntegerField(source="profile.experience_years")
    available_from = serializers.DateField(source="profile.available_from")
    distance_band = serializers.CharField(source="profile.distance_band")
    skills_to_train = serializers.ListField(child=serializers.CharField(), source="profile.skills_to_train")
    score_points = serializers.FloatField(source="profile.score_points", allow_null=True)
    score_parts = ScorePartSerializer(many=True, source="profile.parts")
    interview_accepted_at = serializers.DateTimeField(source="profile.interview_accepted_at", allow_null=True)
    interview_at = serializers.DateTimeField(source="profile.interview_at", allow_null=True)
    contact = ContactSerializer(source="profile.contact", allow_null=True)


class EmployerPresentationDetailSerializer(EmployerPresentationSerializer):
    slots = InterviewSlotSerializer(many=True)
    history = HistoryEntrySerializer(many=True)


# Answers.

ANSWER_ACTIONS = ("interview_request", "decline", "propose_slots", "confirm_slot", "hire", "no_hire")
REQUIRED_FOR_ACTION = {
    "interview_request": (),
    "decline": ("reason_code",),
    "propose_slots": ("slots",),
    "confirm_slot": ("slot",),
    "hire": ("contract_type", "starts_on"),
    "no_hire": ("reason_code",),
}


class SlotInputSerializer(serializers.Serializer):
    starts_at = BoundedDateTimeField()
    place = serializers.CharField(max_length=200, help_text=_("An address, “by phone” or a video-call link."))


class AnswerSerializer(serializers.Serializer):
    """The employer's answer: one action and the fields it needs.

    - ``interview_request``: nothing more;
    - ``decline``: ``reason_code`` (skills, experience, availability, working_conditions, position_filled, other) and
      ``comment`` (required for other);
    - ``propose_slots``: ``slots``, one to three future dates with a place, once the candidate accepted the interview;
    - ``confirm_slot``: ``slot``, the id of a proposed slot;
    - ``hire``: ``contract_type``, ``starts_on`` and, for a CDD, ``contract_duration_months``;
    - ``no_hire``: ``reason_code`` (interview_inconclusive, candidate_absent, candidate_withdrew, position_filled,
      other) and ``comment`` (required for other).
    """

    action = serializers.ChoiceField(choices=[(action, action) for action in ANSWER_ACTIONS])
    reason_code = serializers.CharField(max_length=32, required=False)
    comment = serializers.CharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True, default="")
    slots = SlotInputSerializer(many=True, required=False, min_length=1, max_length=MAX_SLOTS)
    slot = serializers.IntegerField(min_value=1, max_value=999_999_999_999_999_999, required=False)
    contract_type = serializers.ChoiceField(choices=ContractType.choices, required=False)
    contract_duration_months = serializers.IntegerField(min_value=1, max_value=60, required=False, allow_null=True)
    starts_on = BoundedDateField(required=False)

    def validate(self, data: dict) -> dict:
        missing = [name for name in REQUIRED_FOR_ACTION[data["action"]] if data.get(name) in (None, "")]
        if missing:
            raise serializers.ValidationError(
                {name: [_("Required for this action.")] for name in missing}, code="required"
            )
        return data
