"""Enumerations of the matching app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunScope(models.TextChoices):
    NEED = "need", _("One need")
    CANDIDATE = "candidate", _("One candidate")
    ALL = "all", _("Every open need")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")

    @classmethod
    def unfinished(cls) -> list[str]:
        return [cls.QUEUED, cls.RUNNING]


class PositiveActionGroup(models.TextChoices):
    """Groups a staff member may reserve proposals for. Only the allocation step reads them."""

    DISABILITY_RECOGNITION = "has_disability_recognition", _("People with disability recognition (RQTH)")
    LONG_TERM_JOB_SEEKERS = "is_long_term_job_seeker", _("Long-term job seekers")
    PRIORITY_NEIGHBOURHOOD = "lives_in_priority_neighbourhood", _("Residents of priority neighbourhoods")
    UNDER_26 = "is_under_26", _("People under 26")
    AGED_50_AND_OVER = "is_50_or_over", _("People aged 50 and over")
    MINIMUM_INCOME = "receives_minimum_income", _("Minimum-income recipients")


class PresentationStatus(models.TextChoices):
    SHORTLISTED = "shortlisted", _("Shortlisted")
    PRESENTED = "presented", _("Presented")
    INTERVIEW_REQUESTED = "interview_requested", _("Interview requested")
    INTERVIEW_SCHEDULED = "interview_scheduled", _("Interview scheduled")
    IN_TRAINING = "in_training", _("In pre-hiring training")
    HIRED = "hired", _("Hired")
    HIRE_ENDED = "hire_ended", _("Hire ended")
    NOT_HIRED = "not_hired", _("Not hired")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED_BY_EMPLOYER = "declined_by_employer", _("Declined by the employer")
    DECLINED_BY_CANDIDATE = "declined_by_candidate", _("Declined by the candidate")
    # Left unanswered by the employer past the platform's deadline; only the system makes this step.
    EXPIRED = "expired", _("Expired")

    @classmethod
    def active(cls) -> list[str]:
        return [cls.SHORTLISTED, cls.PRESENTED, cls.INTERVIEW_REQUESTED, cls.INTERVIEW_SCHEDULED, cls.IN_TRAINING]

    @classmethod
    def hired_ever(cls) -> list[str]:
        """A hire, whether it still holds or ended since: it counts in the programme's outcomes and is followed up.

        Only ``HIRED`` holds a seat of the need (its ``hires_count``) and makes the person placed.
        """
        return [cls.HIRED, cls.HIRE_ENDED]

    @classmethod
    def presented_or_later(cls) -> list[str]:
        """Statuses a presentation reaches only once the employer has received the profile."""
        return [
            cls.PRESENTED,
            cls.INTERVIEW_REQUESTED,
            cls.INTERVIEW_SCHEDULED,
            cls.IN_TRAINING,
            cls.HIRED,
            cls.HIRE_ENDED,
            cls.NOT_HIRED,
            cls.DECLINED_BY_EMPLOYER,
            cls.EXPIRED,
        ]

    @classmethod
    def declined(cls) -> list[str]:
        """Ends after which the candidate is not suggested for that need again."""
        return [cls.NOT_HIRED, cls.DECLINED_BY_EMPLOYER, cls.DECLINED_BY_CANDIDATE]

    @classmethod
    def needing_reason(cls) -> list[str]:
        """The ends without a hire: each records its reason, and staff may undo it (``presentation_reopen``)."""
        return [cls.NOT_HIRED, cls.WITHDRAWN, cls.DECLINED_BY_EMPLOYER, cls.DECLINED_BY_CANDIDATE, cls.EXPIRED]


class CandidateAnswer(models.TextChoices):
    NOT_CONTACTED = "not_contacted", _("Not contacted yet")
    CONTACTED = "contacted", _("Contacted, no answer yet")
    INTERESTED = "interested", _("Interested")
    NOT_INTERESTED = "not_interested", _("Not interested")


class OutcomeKind(models.TextChoices):
    TRAINING = "training", _("Entry into training")
    JOB_ELSEWHERE = "job_elsewhere", _("Job found outside the platform")
    BUSINESS_CREATION = "business_creation", _("Business creation")
    OTHER = "other", _("Other")


class EmployerDeclineReason(models.TextChoices):
    """Why an employer declines a presented candidate: about the job's requirements, never about the person."""

    SKILLS = "skills", _("Skills do not match the job")
    EXPERIENCE = "experience", _("Not enough experience for the job")
    AVAILABILITY = "availability", _("Not available at the start date")
    WORKING_CONDITIONS = "working_conditions", _("Working hours or conditions do not fit")
    POSITION_FILLED = "position_filled", _("Positions already filled")
    OTHER = "other", _("Other (explain in the comment)")


class NoHireReason(models.TextChoices):
    """Why an interview did not lead to a hire."""

    INTERVIEW_INCONCLUSIVE = "interview_inconclusive", _("The interview was not conclusive")
    CANDIDATE_ABSENT = "candidate_absent", _("The candidate did not come")
    CANDIDATE_WITHDREW = "candidate_withdrew", _("The candidate withdrew")
    POSITION_FILLED = "position_filled", _("Positions already filled")
    OTHER = "other", _("Other (explain in the comment)")


class HandOffStatus(models.TextChoices):
    """Where a request to work another platform's candidate for a need stands."""

    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")

    @classmethod
    def open(cls) -> list[str]:
        """A request waiting for an answer or granted: at most one per need and candidate."""
        return [cls.REQUESTED, cls.ACCEPTED]


class DeclineScope(models.TextChoices):
    """What an end of a presentation rules out: the whole need, or only its wave (the person stays in the pool)."""

    NEED = "need", _("Not for this job")
    WAVE = "wave", _("Not for this wave (kept in the pool for a later one)")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")


class DropOutReason(models.TextChoices):
    """Why a trainee left a cohort: about the training and the job, never about the person's situation."""

    FOUND_OTHER_JOB = "found_other_job", _("Found another job")
    TRAINING_NOT_SUITED = "training_not_suited", _("The training or the job did not suit")
    SCHEDULE = "schedule", _("Hours or travel could not be kept up")
    ABSENCES = "absences", _("Too many absences")
    OTHER = "other", _("Other (explain in the comment)")


class FollowUpResult(models.TextChoices):
    """What the six-month check found: the programme's key indicator is the share of solutions still in work."""

    SAME_EMPLOYER = "same_employer", _("Still in work with this employer")
    OTHER_EMPLOYER = "other_employer", _("In work with another employer")
    IN_TRAINING = "in_training", _("In training")
    NOT_IN_WORK = "not_in_work", _("Not in work")
    NOT_REACHED = "not_reached", _("Not reached")

    @classmethod
    def in_work(cls) -> list[str]:
        return [cls.SAME_EMPLOYER, cls.OTHER_EMPLOYER]


class HireEndReason(models.TextChoices):
    """Why a hire ended before its term: the seat opens again, the hire stays in the history."""

    TRIAL_NOT_CONFIRMED = "trial_not_confirmed", _("Trial period not confirmed")
    RESIGNATION = "resignation", _("Resignation")
    ENDED_EARLY = "ended_early", _("Contract ended early")
    RECORDED_BY_MISTAKE = "recorded_by_mistake", _("Hire recorded by mistake")
    OTHER = "other", _("Other (explain in the comment)")


class ContactKind(models.TextChoices):
    """An entry of a candidate's contact log: what happened between the platform and the person."""

    CALL = "call", _("Phone call")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    MEETING = "meeting", _("Meeting")
    LINK_SENT = "link_sent", _("Link sent")
    LINK_ANSWERED = "link_answered", _("Link answered")
    WORKFLOW = "workflow", _("Workflow step")
    NOTE = "note", _("Note")

    @classmethod
    def contacts(cls) -> list[str]:
        """Kinds that are a contact with the person: they move the candidate's last contact date."""
        return [cls.CALL, cls.EMAIL, cls.SMS, cls.MEETING, cls.LINK_ANSWERED]


class LinkPurpose(models.TextChoices):
    """What a secure link sent to a candidate lets them do: for one presentation, or for one session seat."""

    PROPOSAL = "proposal", _("Answer a job proposal")
    INTERVIEW_SLOT = "interview_slot", _("Choose an interview slot")
    SESSION_SEAT = "session_seat", _("Take a seat in a collective session")
    JOB_DATING_RANKING = "dating_ranking", _("Rank the jobs met at a job dating")


# The purposes whose link serves a session seat rather than a presentation.
SEAT_LINK_PURPOSES = (LinkPurpose.SESSION_SEAT, LinkPurpose.JOB_DATING_RANKING)


class LinkChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class CandidateDeclineReason(models.TextChoices):
    """Why a candidate is not interested in a job proposed to them, as they say it through a link."""

    FOUND_JOB = "found_job", _("I have found a job")
    JOB_NOT_SUITED = "job_not_suited", _("The job does not suit me")
    CONDITIONS = "conditions", _("The hours or the contract do not suit me")
    TRAVEL = "travel", _("The workplace is too far or hard to reach")
    DATES = "dates", _("I am not available at these dates")
    OTHER = "other", _("Another reason (tell us below)")


class MessageSide(models.TextChoices):
    """Which side of a need's thread wrote a message: the employer's members or the platform's staff."""

    EMPLOYER = "employer", _("Employer")
    PLATFORM = "platform", _("Platform")


class SessionKind(models.TextChoices):
    """The collective sessions a platform runs for its needs (see the domain's vocabulary)."""

    INFORMATION = "information", _("Information session")
    MRS = "mrs", _("MRS test session (recruitment by simulation)")
    JOB_DATING = "job_dating", _("Job dating")


class SeatStatus(models.TextChoices):
    """A candidate's place in a collective session: invited, then accepted or declined; cancelled by staff."""

    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def answered(cls) -> list[str]:
        return [cls.ACCEPTED, cls.DECLINED]


class JobDatingProposalStatus(models.TextChoices):
    """A pair proposed after a job dating: staff confirm it into a presentation, or reject it."""

    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
