"""What happened in matching that a higher layer may act on, as Django signals sent inside the change's transaction.

matching sits below notifications: it may not call it, so it announces the change and the layer above connects its
receivers (``notifications.receivers``). Each signal is sent by the one service that makes the change, inside its
transaction, so every front door (admin, portal, staff pages, API) gets the same follow-up, and a receiver that
writes rows (the outbox's ``TaskToSend``) commits or rolls back with the change. Arguments are ids and statuses.
"""

from django.dispatch import Signal

# need_id: int, presentation_ids: list[int], one signal per need.
candidates_presented = Signal()
# presentation_id: int, status: str (interview requested or declined by the employer).
employer_answered = Signal()
# hand_off_id: int
hand_off_requested = Signal()
# hand_off_id: int, status: str (accepted or declined).
hand_off_answered = Signal()
# link_id: int, channels: list[str] (``LinkChannel``): the link's e-mail and SMS are sent (``matching.link_tokens``).
candidate_link_sent = Signal()
# need_id: int, presentation_ids: list[int]: presentations of a need left unanswered past the platform's reminder
# (``matching.services.deadlines``), one signal per need and step.
employer_reminder_due = Signal()
# need_id: int, presentation_ids: list[int]: still unanswered after the reminder: the advisor is alerted.
advisor_alert_due = Signal()
# need_id: int, presentation_ids: list[int]: expired, unanswered past the platform's expiry.
presentations_expired = Signal()
# need_id: int, flagged_at: str (ISO date): an open need without activity, flagged to its platform.
need_flagged_stale = Signal()
# message_id: int: a message was posted on a need's thread (``matching.services.threads``).
need_message_posted = Signal()
# presentation_id: int, method: "REQUEST" or "CANCEL", sequence: int (``matching.interview_calendar``): an interview
# was scheduled, or cancelled before it took place.
interview_changed = Signal()
# presentation_id: int, candidate_id: int: a hire was recorded (``matching.services.presentations.presentation_hire``,
# whichever door: staff, employer, API, a cohort's completion).
candidate_hired = Signal()
