"""Brevo's transactional SMS API (https://developers.brevo.com/reference/sendtransacsms).

``POST {SMS_API_URL}`` with the header ``api-key: {SMS_API_KEY}`` and the JSON body ``{"sender", "recipient",
"content", "type": "transactional"}``; the recipient is the number with its country code and no "+"
("33612345678"). Brevo answers 201 with ``{"messageId": 1511882900176220, ...}``, and an error with
``{"code": "invalid_parameter", "message": "..."}``. The default URL is ``/v3/transactionalSMS/sms``; Brevo's newer
``/v3/transactionalSMS/send`` takes the same body and answers ``{"messageId"}`` too: set ``SMS_API_URL`` to move.

Errors: a 5xx, a 429 (too many requests), a timeout or the network out of reach raise ``SmsTransientError`` (the task
tries again later); any other 4xx raises ``SmsRejected`` with the status and Brevo's error code (not its message,
which may quote the number).
"""

import json
import urllib.error
import urllib.request
from typing import Self

from django.conf import settings

from notifications.sms.base import SmsBackend, SmsRejected, SmsTransientError

TOO_MANY_REQUESTS = 429


class BrevoSmsBackend(SmsBackend):
    def __init__(self, *, api_key: str, sender: str, url: str, timeout: float) -> None:
        self.api_key = api_key
        self.sender = sender
        self.url = url
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> Self:
        if not settings.SMS_API_KEY:
            raise SmsRejected("SMS_BACKEND is brevo but SMS_API_KEY is not set.")
        return cls(
            api_key=settings.SMS_API_KEY,
            sender=settings.SMS_SENDER,
            url=settings.SMS_API_URL,
            timeout=settings.SMS_TIMEOUT_SECONDS,
        )

    def send(self, to: str, text: str) -> str:
        body = {"sender": self.sender, "recipient": to.lstrip("+"), "content": text, "type": "transactional"}
        request = urllib.request.Request(  # noqa: S310 (the URL is the settings', https in production)
            self.url,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"api-key": self.api_key, "accept": "application/json", "content-type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise self._error(error) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise SmsTransientError(f"Brevo out of reach: {type(error).__name__}") from None
        message_id = answer.get("messageId") if isinstance(answer, dict) else None
        if message_id in (None, ""):
            raise SmsTransientError("Brevo answered without a messageId")
        return str(message_id)

    @staticmethod
    def _error(error: urllib.error.HTTPError) -> Exception:
        try:
            code = json.loads(error.read() or b"{}").get("code", "")
        except (ValueError, AttributeError):
            code = ""
        described = f"Brevo answered {error.code}" + (f" ({code})" if code else "")
        if error.code >= 500 or error.code == TOO_MANY_REQUESTS:
            return SmsTransientError(described)
        return SmsRejected(described)
