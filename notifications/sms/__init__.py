"""SMS: one interface (``SmsBackend.send(to, text) -> the provider's message id``), the backend the settings name.

``SMS_BACKEND`` (``config/settings/candidate_messages.py``, read from the environment by ``config.env``) names it:
``console`` prints each SMS on the standard output (a developer's machine, ``make run``, the demo), ``brevo`` sends
it through Brevo's transactional SMS API (``notifications.sms.brevo``). A backend raises ``SmsTransientError`` when
sending may work later (the provider's 5xx, a timeout, the network), which the sending task retries with backoff, and
``SmsRejected`` when the provider refused the request itself (a 4xx: a wrong key, a number it does not take), which
fails loudly. Neither error's message carries the number or the text.
"""

from django.conf import settings

from notifications.sms.base import SmsBackend, SmsError, SmsRejected, SmsTransientError
from notifications.sms.brevo import BrevoSmsBackend
from notifications.sms.console import ConsoleSmsBackend

BACKENDS: dict[str, type[SmsBackend]] = {"console": ConsoleSmsBackend, "brevo": BrevoSmsBackend}

__all__ = ["SmsBackend", "SmsError", "SmsRejected", "SmsTransientError", "sms_backend"]


def sms_backend() -> SmsBackend:
    """The backend ``SMS_BACKEND`` names, configured from the settings."""
    try:
        backend = BACKENDS[settings.SMS_BACKEND]
    except KeyError:
        raise SmsRejected(f"Unknown SMS_BACKEND {settings.SMS_BACKEND!r}: choose one of {sorted(BACKENDS)}.") from None
    return backend.from_settings()
