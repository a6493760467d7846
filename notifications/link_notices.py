"""The messages that carry a candidate's secure link: the e-mail (a notice of ``CANDIDATE_LINK``) and the SMS.

Both are sent by tasks that receive the link's id only (``notifications.tasks``), promised through the outbox when
``matching.services.links.candidate_link_send`` announces the link (``notifications.receivers``). The token is
derived again from the link's row (``matching.link_tokens``): for the SMS at the moment the text is handed to the
backend, for the e-mail at the moment it is handed to the mail server (``notifications.link_delivery``), so the
notice recorded meanwhile holds a placeholder. A link revoked, expired or answered before its task runs is not sent.

Messages are in the candidate's language when it is known (``candidate_message_language``), else in French. They
name the job (its occupation and town) and the link's deadline, never the employer. Logs carry the link's id only.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.models import Candidate, CandidateLanguage
from candidates.phones import mobile_number
from matching.enums import LinkPurpose
from matching.link_tokens import link_token
from matching.models import CandidateLink
from matching.services.links import candidate_link_sms_sent_record
from notifications.kinds import CANDIDATE_LINK
from notifications.link_delivery import TOKEN_PLACEHOLDER
from notifications.sending import notice_send
from notifications.sms import sms_backend

logger = logging.getLogger(__name__)
# The occupation is shortened in an SMS, so that the text and the link hold in two SMS at most.
SMS_OCCUPATION_MAX_LENGTH = 40


def candidate_message_language(candidate: Candidate) -> str:
    """The language to write to the person in: French unless their profile lists English and not French."""
    codes = set(CandidateLanguage.objects.filter(candidate=candidate).values_list("language__code", flat=True))
    if "en" in codes and "fr" not in codes:
        return "en"
    return settings.LANGUAGE_CODE


def candidate_link_url(*, token: str, language: str) -> str:
    """The link's absolute address, in ``language`` (``/en/portal/l/…`` for English)."""
    with translation.override(language):
        return str(settings.TREMPLIN_BASE_URL).rstrip("/") + reverse("portal:candidate_link", args=[token])


def _sendable(link_id: int, channel_field: str) -> CandidateLink | None:
    link = (
        CandidateLink.objects.select_related(
            "candidate", "presentation__need__occupation", "presentation__need__site__commune", "seat__session"
        )
        .filter(pk=link_id, **{channel_field: True})
        .first()
    )
    if link is None or not link.is_usable_at(timezone.now()):
        logger.info("Link %s not sent: no longer usable", link_id)
        return None
    return link


def _deadline(link: CandidateLink) -> str:
    return date_format(timezone.localtime(link.expires_at), "SHORT_DATE_FORMAT")


def _session_when(link: CandidateLink) -> str:
    return date_format(timezone.localtime(link.seat.session.starts_at), "SHORT_DATETIME_FORMAT")


def candidate_link_email_send(*, link_id: int) -> bool:
    """E-mail the link to the candidate, once (the notice's key is the link's); True when sent now."""
    link = _sendable(link_id, "sent_by_email")
    if link is None or not link.candidate.email:
        return False
    language = candidate_message_language(link.candidate)
    is_proposal = link.purpose == LinkPurpose.PROPOSAL
    is_session = link.purpose == LinkPurpose.SESSION_SEAT
    is_ranking = link.purpose == LinkPurpose.JOB_DATING_RANKING
    with translation.override(language):
        deadline = _deadline(link)
        when = _session_when(link) if is_session or is_ranking else ""
    # Lazy: rendered in the candidate's language by ``notice_render``.
    if is_ranking:
        subject = gettext_lazy("Tremplin: which jobs of the job dating do you want?")
        about = {"session_title": link.seat.session.title, "session_when": when}
    elif is_session:
        subject = gettext_lazy("Tremplin: an invitation to a collective session")
        about = {"session_title": link.seat.session.title, "session_when": when}
    else:
        subject = (
            gettext_lazy("Tremplin: a job offer for you, %(occupation)s")
            if is_proposal
            else gettext_lazy("Tremplin: choose the time of your interview")
        )
        need = link.presentation.need
        about = {"occupation": need.occupation.label, "town": need.site.commune.name}
    sent = notice_send(
        CANDIDATE_LINK,
        recipient=link.candidate.email,
        link_id=link.pk,
        language=language,
        subject=subject,
        first_name=link.candidate.first_name,
        is_proposal=is_proposal,
        is_session=is_session,
        is_ranking=is_ranking,
        deadline=deadline,
        url=candidate_link_url(token=TOKEN_PLACEHOLDER, language=language),
        **about,
    )
    logger.info("Link %s e-mailed: %s", link_id, sent)
    return sent


def candidate_link_sms_text(link: CandidateLink, *, url: str, language: str) -> str:
    """The SMS: short, in ``language``, with the job's occupation, the deadline and the link."""
    with translation.override(language):
        deadline = _deadline(link)
        if link.purpose == LinkPurpose.JOB_DATING_RANKING:
            text = _("Tremplin: after the job dating, tell us which jobs you want by %(deadline)s: %(url)s")
            return text % {"deadline": deadline, "url": url}
        if link.purpose == LinkPurpose.SESSION_SEAT:
            text = _("Tremplin: you are invited to a collective session on %(when)s. Answer by %(deadline)s: %(url)s")
            return text % {"when": _session_when(link), "deadline": deadline, "url": url}
        if link.purpose == LinkPurpose.PROPOSAL:
            occupation = link.presentation.need.occupation.label
            if len(occupation) > SMS_OCCUPATION_MAX_LENGTH:
                occupation = occupation[: SMS_OCCUPATION_MAX_LENGTH - 1].rstrip() + "…"
            text = _("Tremplin: a job offer for you (%(occupation)s). Answer by %(deadline)s: %(url)s")
            return text % {"occupation": occupation, "deadline": deadline, "url": url}
        text = _("Tremplin: choose the time of your interview by %(deadline)s: %(url)s")
        return text % {"deadline": deadline, "url": url}


def candidate_link_sms_send(*, link_id: int) -> str:
    """Send the link by SMS, once: the provider's message id is kept on the link, and a link whose SMS another run
    of the task is sending (its row locked) is left to it. Returns the message id ("" when nothing was sent).

    Raises the backend's ``SmsTransientError`` (the task retries) or ``SmsRejected`` (the task fails).
    """
    with transaction.atomic():
        link = CandidateLink.objects.select_for_update(skip_locked=True, of=("self",)).filter(pk=link_id).first()
        if link is None or link.sms_message_id:
            return ""
        link = _sendable(link_id, "sent_by_sms")
        if link is None:
            return ""
        number = mobile_number(link.candidate.phone)
        if not number:
            logger.warning("Link %s not sent by SMS: the candidate has no mobile number any more", link_id)
            return ""
        language = candidate_message_language(link.candidate)
        url = candidate_link_url(token=link_token(link.token_salt), language=language)
        message_id = sms_backend().send(number, candidate_link_sms_text(link, url=url, language=language))
        candidate_link_sms_sent_record(link_id=link.pk, message_id=message_id)
    logger.info("Link %s sent by SMS", link_id)
    return message_id
