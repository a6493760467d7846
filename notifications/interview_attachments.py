"""The files an e-mail carries, built when it leaves from the notice's key (``notifications.delivery``): today an
interview's calendar file (``notifications.interview_notices``), so that no name waits in the recorded notice."""

from matching.interview_calendar import interview_calendar
from notifications.kinds import INTERVIEW_INVITATION

CALENDAR_FILE_NAME = "interview.ics"
KEY_PARTS = 6  # interview, presentation id, sequence, method, audience, recipient


def interview_attachments(*, kind: str, key: str, recipient: str) -> list[tuple[str, bytes, str]]:
    """The files of a notice, rebuilt from its key: an interview's calendar file; nothing for other kinds."""
    if kind != INTERVIEW_INVITATION.name:
        return []
    parts = key.split(":")
    if len(parts) < KEY_PARTS or not parts[1].isdigit() or not parts[2].isdigit():
        return []
    method, audience = parts[3], parts[4]
    content = interview_calendar(
        presentation_id=int(parts[1]), method=method, sequence=int(parts[2]), audience=audience, recipient=recipient
    )
    if not content:
        return []
    return [(CALENDAR_FILE_NAME, content, f"text/calendar; charset=utf-8; method={method}")]
