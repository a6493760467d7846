"""A candidate's right to erasure (RGPD article 17); access and portability are ``matching.personal_data_export``.

**Erasure** (article 17, and the end of the retention period, see ``matching.retention``):
``candidate_anonymise`` keeps the rows that statistics count and removes from them every value about the person.

What an anonymised profile keeps, and why:

- the rows of presentations, hires, outcomes, suggestions and near misses, with their statuses, structured codes
  (contract type, the employer's reason code) and workflow dates: the dashboard's figures (hires, solutions, funnel,
  durations) are computed from them and stay the same;
- the platform, the advisor (a staff member), the creation and last-contact dates of the file, and the matching
  profile made of referential codes (skills, languages, desired occupations, certifications, education level,
  experience, mobility and contracts accepted): without a name, contact, birth date, residence, documents or free
  text they describe no one, and they let the platform count what kind of people it helped;
- the personal-data access log, which holds field names, never values.

What it loses: names (replaced by "Anonymised #<number>"), e-mail, phone, partner reference, birth date, commune of
residence (replaced by the main commune of the platform's area), availability date, consents, the sensitive
situation (so the dashboard's sensitive-group shares no longer count the person), documents and their files,
interview slots, every free text (reasons, the candidate's answer, outcome descriptions, run errors, the messages of
needs' threads that name them), the
representations of these rows in the admin's history, and every session's admin searches and waiting messages (a
session still naming the person elsewhere is deleted, ``accounts.sessions``).
"""

import logging

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.sessions import sessions_forget_person
from candidates.audit import personal_data_access_record
from candidates.documents import document_delete
from candidates.enums import CandidateStatus
from candidates.models import (
    Candidate,
    CandidateDocument,
    CandidateLanguage,
    CandidateReferral,
    CandidateSkill,
    PersonalDataAccess,
    SensitiveSituation,
)
from matching.enums import HandOffStatus, PositiveActionGroup, PresentationStatus
from matching.models import (
    CandidateLink,
    CohortEnrolment,
    ContactEntry,
    HandOff,
    InterviewAssessment,
    InterviewSlot,
    JobDatingCandidateRanking,
    JobDatingEmployerRanking,
    JobDatingProposal,
    MatchRun,
    NeedMessage,
    Outcome,
    Presentation,
    PresentationTransition,
    SessionSeat,
)
from matching.services.hire_tallies import anonymised_follow_ups_tally, anonymised_hires_tally
from matching.services.presentations import presentation_transition
from matching.thread_personal_data import messages_naming_redact
from referentials.models import Commune

logger = logging.getLogger(__name__)


class ErasureReason(models.TextChoices):
    """Why a profile was anonymised: recorded in the access log, never as free text (which could name someone)."""

    REQUEST = "request", _("The person asked for the erasure of their data")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("The person withdrew their consent")
    OBJECTION = "objection", _("The person objected to the processing")
    RETENTION = "retention", _("Two years without contact (retention period)")
    REFERRAL_DECLINED = "referral_declined", _("The platform declined the partner's proposal")


ERASURE_LOG_PREFIX = "erasure:"
"""The access log records an anonymisation as a change whose field names include ``erasure:<reason>``."""

ERASED_FIELDS = (
    "reference",
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_date",
    "commune",
    "available_from",
    "consents_to_processing",
    "consented_to_processing_at",
    "consents_to_presentation",
    "consented_to_presentation_at",
    "retention_notice_sent_at",
    "sensitive_situation",
    "documents",
    "presentations.reason",
    "presentations.candidate_answer_reason",
    "presentations.interview_at",
    "presentations.interview_accepted_at",
    "presentations.interview_slots",
    "presentations.transitions.reason",
    "outcomes.description",
    "presentations.enrolment.drop_out_comment",
    "match_runs.error",
    "hand_offs.message",
    "hand_offs.decline_reason",
    "referrals.decline_reason",
    "need_messages.body",
)
"""What ``candidate_anonymise`` removes, as written in the access log (names only)."""


def _anonymised_first_name() -> str:
    return gettext("Anonymised")


def _redacted() -> str:
    """What replaces a free text that must not stay empty (an ended presentation keeps "a" reason)."""
    return gettext("[anonymised]")


# Erasure


@transaction.atomic
def candidate_anonymise(*, candidate: Candidate, by: User | None, reason: str) -> Candidate:
    """Remove every personal value of ``candidate`` and of the rows that belong to it; keep the rows statistics count.

    Locks the profile first: a second call (a double click, the retention task at the same time) finds it
    anonymised and is refused. Active presentations are withdrawn through the workflow, so the employer no longer
    sees the person. Documents' files are deleted after commit. The access log records who, when and why (a
    reason code), never a value. Returns the anonymised profile.
    """
    if reason not in ErasureReason.values:
        raise ValidationError({"reason": gettext("Choose why the profile is anonymised.")}, code="reason")
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if locked.status == CandidateStatus.ANONYMISED:
        raise ValidationError(gettext("This profile is already anonymised."), code="already_anonymised")

    presentations = Presentation.objects.filter(candidate=locked)
    presentation_ids = list(presentations.values_list("pk", flat=True))
    slots = InterviewSlot.objects.filter(presentation_id__in=presentation_ids)
    history = {
        Candidate: [locked.pk],
        SensitiveSituation: list(SensitiveSituation.objects.filter(candidate=locked).values_list("pk", flat=True)),
        CandidateSkill: list(locked.skills.values_list("pk", flat=True)),
        CandidateLanguage: list(locked.languages.values_list("pk", flat=True)),
        CandidateDocument: list(locked.documents.values_list("pk", flat=True)),
        Presentation: presentation_ids,
        PresentationTransition: list(
            PresentationTransition.objects.filter(presentation_id__in=presentation_ids).values_list("pk", flat=True)
        ),
        InterviewSlot: list(slots.values_list("pk", flat=True)),
        InterviewAssessment: list(
            InterviewAssessment.objects.filter(presentation_id__in=presentation_ids).values_list("pk", flat=True)
        ),
        Outcome: list(locked.outcomes.values_list("pk", flat=True)),
        CohortEnrolment: list(
            CohortEnrolment.objects.filter(presentation_id__in=presentation_ids).values_list("pk", flat=True)
        ),
        HandOff: list(locked.hand_offs.values_list("pk", flat=True)),
        CandidateReferral: list(locked.referrals.values_list("pk", flat=True)),
        ContactEntry: list(locked.contact_entries.values_list("pk", flat=True)),
        CandidateLink: list(locked.links.values_list("pk", flat=True)),
        SessionSeat: list(locked.session_seats.values_list("pk", flat=True)),
        JobDatingCandidateRanking: list(
            JobDatingCandidateRanking.objects.filter(candidate=locked).values_list("pk", flat=True)
        ),
        JobDatingEmployerRanking: list(
            JobDatingEmployerRanking.objects.filter(candidate=locked).values_list("pk", flat=True)
        ),
        JobDatingProposal: list(JobDatingProposal.objects.filter(candidate=locked).values_list("pk", flat=True)),
    }
    # Needs' threads may name the person once their identity was given to the employer: those messages lose their
    # text, and keep their side and date.
    history[NeedMessage] = messages_naming_redact(locked, text=_redacted())

    # Free texts first: the withdrawal below then records its own, neutral, reason.
    PresentationTransition.objects.filter(presentation_id__in=presentation_ids).exclude(reason="").update(reason="")
    presentations.exclude(reason="").update(reason=_redacted())
    presentations.update(
        candidate_answer_reason="",
        interview_at=None,
        interview_accepted_at=None,
        follow_up_note="",
        placement_end_note="",
    )
    # The contact log keeps its kinds and dates (what was done, when), not what staff wrote; open links stop working,
    # and lose their salt (no token can be checked again) and the SMS provider's message id (which the provider's own
    # records tie to a phone number).
    locked.contact_entries.exclude(note="").update(note="")
    locked.links.filter(answered_at__isnull=True, revoked_at__isnull=True).update(revoked_at=timezone.now())
    locked.links.update(token_salt="", sms_message_id="")
    slots.delete()
    # What an employer thought of the person after an interview is about them alone: gone, like the rankings below.
    InterviewAssessment.objects.filter(presentation_id__in=presentation_ids).delete()
    # Job-dating rankings are what the person wanted and what employers thought of them: gone. The proposals keep
    # their pairs and dates (the session's results), with nothing personal in them.
    JobDatingCandidateRanking.objects.filter(candidate=locked).delete()
    JobDatingEmployerRanking.objects.filter(candidate=locked).delete()
    locked.outcomes.exclude(description="").update(description=_redacted())
    # A trainee's enrolment keeps its dates, days and structured reason for leaving (the programme's figures), not
    # what staff wrote about why.
    CohortEnrolment.objects.filter(presentation_id__in=presentation_ids).update(drop_out_comment="")
    MatchRun.objects.filter(candidate=locked).exclude(error="").update(error="")
    # Hand-offs keep their rows (who asked whom, and when), not what the staff wrote about the person; a request
    # still waiting is declined.
    locked.hand_offs.update(message=_redacted())
    locked.hand_offs.exclude(decline_reason="").update(decline_reason=_redacted())
    # A partner's proposal keeps its status and dates (who proposed to whom, when, and the consent's record), not
    # what the platform wrote about the person.
    CandidateReferral.objects.filter(candidate=locked).exclude(decline_reason="").update(decline_reason=_redacted())
    locked.hand_offs.filter(status=HandOffStatus.REQUESTED).update(
        status=HandOffStatus.DECLINED, decline_reason=_redacted(), decided_at=timezone.now()
    )
    for presentation in presentations.filter(status__in=PresentationStatus.active()).order_by("pk"):
        presentation_transition(
            presentation=presentation,
            to_status=PresentationStatus.WITHDRAWN,
            by=by,
            reason=gettext("The candidate's profile was anonymised."),
        )

    situation = SensitiveSituation.objects.filter(candidate=locked).first()
    if situation is not None:
        # The dashboard's shares of hires and retention by group keep counting this person's hires and checks, as
        # counts (hire_tallies).
        groups = [group for group in PositiveActionGroup.values if getattr(situation, group)]
        anonymised_hires_tally(candidate_id=locked.pk, groups=groups)
        anonymised_follow_ups_tally(candidate_id=locked.pk, groups=groups)
        situation.delete()
    _documents_delete(locked, by=by)
    _admin_history_scrub(history)
    # Staff searched the person and were told of steps naming them: sessions keep both (accounts/sessions.py).
    names = (f"{locked.first_name} {locked.last_name}", f"{locked.last_name} {locked.first_name}")
    sessions_forget_person(words=[*names, locked.email, locked.phone])

    locked.first_name = _anonymised_first_name()
    locked.last_name = f"#{locked.pk}"
    locked.reference = None
    locked.email = ""
    locked.phone = ""
    locked.birth_date = None
    locked.commune = _area_commune(locked) or locked.commune
    locked.available_from = timezone.localdate()
    locked.consents_to_processing, locked.consented_to_processing_at = False, None
    locked.consents_to_presentation, locked.consented_to_presentation_at = False, None
    locked.consents_to_messages, locked.consented_to_messages_at = False, None
    locked.retention_notice_sent_at = None
    locked.status = CandidateStatus.ANONYMISED
    locked.anonymised_at = timezone.now()
    locked.save()

    personal_data_access_record(
        actor=by,
        candidate_ids=[locked.pk],
        action=PersonalDataAccess.Action.CHANGED,
        fields=[f"{ERASURE_LOG_PREFIX}{reason}", *ERASED_FIELDS],
    )
    logger.info("Candidate %s anonymised (%s)", locked.pk, reason)
    return locked


def _area_commune(candidate: Candidate) -> Commune | None:
    """The most populous commune of the platform's area: where the person lived is replaced by where they were
    helped. None when the platform's area is not recorded (the commune is then kept: it cannot be left empty)."""
    return (
        Commune.objects.filter(Q(platforms=candidate.platform_id) | Q(epci__platforms=candidate.platform_id))
        .order_by("-population", "insee_code")
        .first()
    )


def _documents_delete(candidate: Candidate, *, by: User | None) -> None:
    """Delete the documents through ``candidates.documents``, which owns their files (removed after commit)."""
    for document in candidate.documents.all():
        document_delete(document=document, by=by)


def _admin_history_scrub(history: dict[type[models.Model], list[int]]) -> None:
    """The admin's history keeps each object's text representation and a change message (which may quote names,
    such as a merge's): both are replaced for the candidate and every row that belonged to it."""
    for model, ids in history.items():
        if not ids:
            continue
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id__in=[str(pk) for pk in ids],
        ).update(object_repr=Concat(Value("#"), "object_id"), change_message="")
