"""The console backend: each SMS printed on the standard output, for a developer's machine and the demo.

It prints the number and the text (that is what it is for: reading the link the candidate would receive) on the
standard output only, never through the logging system, whose records may be shipped elsewhere.
"""

import sys
import uuid

from notifications.sms.base import SmsBackend


class ConsoleSmsBackend(SmsBackend):
    def __init__(self, stream=None) -> None:
        self.stream = stream

    def send(self, to: str, text: str) -> str:
        message_id = f"console-{uuid.uuid4().hex[:12]}"
        stream = self.stream or sys.stdout
        stream.write(f"SMS {message_id} to {to}:\n{text}\n{'-' * 40}\n")
        stream.flush()
        return message_id
