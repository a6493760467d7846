"""The interface every SMS backend implements, and the errors they raise."""

from typing import Self


class SmsError(Exception):
    """Sending an SMS failed. The message names the provider's status and error code, never the number or text."""


class SmsTransientError(SmsError):
    """Worth trying again later: the provider's server error, a timeout, the network."""


class SmsRejected(SmsError):
    """The provider refused the request itself: trying again would fail the same way."""


class SmsBackend:
    """Sends one SMS. ``to`` is an E.164 number ("+33612345678"); returns the provider's message id."""

    @classmethod
    def from_settings(cls) -> Self:
        return cls()

    def send(self, to: str, text: str) -> str:
        raise NotImplementedError
