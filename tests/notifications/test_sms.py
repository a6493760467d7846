"""SMS: the Brevo backend against a local HTTP server that speaks Brevo's transactional SMS protocol (the header, the
JSON body, ``{"messageId"}`` or an error), the console backend, and the link's SMS sent once with a working link."""

import io
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from matching.enums import LinkChannel
from matching.link_selectors import candidate_link_for_token
from notifications import tasks
from notifications.link_notices import candidate_link_sms_send
from notifications.sms import SmsRejected, SmsTransientError, sms_backend
from notifications.sms.brevo import BrevoSmsBackend
from notifications.sms.console import ConsoleSmsBackend
from tests.matching.link_world import link_world, send

API_KEY = "xkeysib-test-key"
MESSAGE_ID = 1511882900176220
# Recipients the fake server answers with an error, as Brevo would.
REFUSED_NUMBER = "33600000000"
FAILING_NUMBER = "33699999999"
SLOW_NUMBER = "33688888888"


class FakeBrevo(BaseHTTPRequestHandler):
    """POST /v3/transactionalSMS/sms as Brevo answers it."""

    received: list[dict] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append(
            {"path": self.path, "headers": {key.lower(): value for key, value in self.headers.items()}, "body": body}
        )
        if self.path != "/v3/transactionalSMS/sms":
            return self._answer(404, {"code": "not_found", "message": "Not found"})
        if self.headers.get("api-key") != API_KEY:
            return self._answer(401, {"code": "unauthorized", "message": "Key not found"})
        if self.headers.get("content-type") != "application/json":
            return self._answer(415, {"code": "invalid_parameter", "message": "JSON expected"})
        missing = {"sender", "recipient", "content"} - set(body)
        if missing or body.get("type") != "transactional" or body["recipient"].startswith("+"):
            return self._answer(400, {"code": "missing_parameter", "message": f"Bad body: {sorted(missing)}"})
        if body["recipient"] == REFUSED_NUMBER:
            return self._answer(400, {"code": "invalid_parameter", "message": f"Invalid number {REFUSED_NUMBER}"})
        if body["recipient"] == FAILING_NUMBER:
            return self._answer(502, {"code": "internal_error", "message": "Upstream failure"})
        if body["recipient"] == SLOW_NUMBER:
            time.sleep(1.5)
        return self._answer(
            201,
            {
                "reference": "ab1cde2fgh3i4jklmno",
                "messageId": MESSAGE_ID,
                "smsCount": 1,
                "usedCredits": 0.7,
                "remainingCredits": 82.85,
            },
        )

    def _answer(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture
def brevo():
    FakeBrevo.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBrevo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v3/transactionalSMS/sms"
    with override_settings(SMS_BACKEND="brevo", SMS_API_KEY=API_KEY, SMS_API_URL=url, SMS_SENDER="Tremplin"):
        yield FakeBrevo
    server.shutdown()
    server.server_close()


def test_brevo_sends_the_key_and_body_and_returns_the_message_id(brevo):
    message_id = sms_backend().send("+33612345678", "Bonjour, voici votre lien")

    assert message_id == str(MESSAGE_ID)
    (request,) = brevo.received
    assert request["headers"]["api-key"] == API_KEY
    assert request["body"] == {
        "sender": "Tremplin",
        "recipient": "33612345678",
        "content": "Bonjour, voici votre lien",
        "type": "transactional",
    }


def test_a_refusal_fails_loudly_without_the_number(brevo):
    with pytest.raises(SmsRejected) as raised:
        sms_backend().send(f"+{REFUSED_NUMBER}", "Bonjour")

    assert str(raised.value) == "Brevo answered 400 (invalid_parameter)"
    assert REFUSED_NUMBER not in str(raised.value)


def test_a_wrong_key_is_a_refusal(brevo):
    backend = BrevoSmsBackend(api_key="wrong", sender="Tremplin", url=sms_backend().url, timeout=5)

    with pytest.raises(SmsRejected, match="401"):
        backend.send("+33612345678", "Bonjour")


def test_a_server_error_or_a_timeout_is_transient(brevo):
    with pytest.raises(SmsTransientError, match="502"):
        sms_backend().send(f"+{FAILING_NUMBER}", "Bonjour")

    slow = BrevoSmsBackend(api_key=API_KEY, sender="Tremplin", url=sms_backend().url, timeout=0.5)
    with pytest.raises(SmsTransientError):
        slow.send(f"+{SLOW_NUMBER}", "Bonjour")


def test_a_server_out_of_reach_is_transient():
    backend = BrevoSmsBackend(api_key=API_KEY, sender="T", url="http://127.0.0.1:9/v3/transactionalSMS/sms", timeout=2)

    with pytest.raises(SmsTransientError, match="out of reach"):
        backend.send("+33612345678", "Bonjour")


def test_the_console_backend_prints_the_sms():
    stream = io.StringIO()

    message_id = ConsoleSmsBackend(stream=stream).send("+33612345678", "Bonjour")

    assert message_id.startswith("console-")
    assert "+33612345678" in stream.getvalue()
    assert "Bonjour" in stream.getvalue()


def test_the_console_backend_is_the_default(settings):
    assert settings.SMS_BACKEND == "console"
    assert isinstance(sms_backend(), ConsoleSmsBackend)


@pytest.mark.django_db
def test_the_link_s_sms_is_short_opens_the_page_and_is_sent_once(brevo, platform, advisor):
    world = link_world(platform)
    link, token = send(world.presentation, advisor, channels=[LinkChannel.SMS])

    assert candidate_link_sms_send(link_id=link.pk) == str(MESSAGE_ID)
    assert candidate_link_sms_send(link_id=link.pk) == ""

    (request,) = brevo.received
    text = request["body"]["content"]
    assert request["body"]["recipient"] == "33612345678"
    assert text.startswith("Tremplin : une offre d’emploi pour vous (")
    assert len(text) <= 200
    sent_token = re.search(r"/portal/l/([A-Za-z0-9_-]+)/", text).group(1)
    assert sent_token == token
    assert candidate_link_for_token(sent_token) == link
    link.refresh_from_db()
    assert link.sms_message_id == str(MESSAGE_ID)


@pytest.mark.django_db
def test_the_sms_task_retries_a_server_error_and_fails_on_a_refusal(brevo, platform, advisor):
    failing = link_world(platform, phone=f"+{FAILING_NUMBER}")
    refused = link_world(platform, phone=f"+{REFUSED_NUMBER}")
    failing_link, _token = send(failing.presentation, advisor, channels=[LinkChannel.SMS])
    refused_link, _token = send(refused.presentation, advisor, channels=[LinkChannel.SMS])

    # Run eagerly, the retries follow at once: the first try and eight more, then the task fails.
    retried = tasks.candidate_link_sms_send.apply(args=[failing_link.pk])
    tries_of_failing = len(brevo.received)
    failed = tasks.candidate_link_sms_send.apply(args=[refused_link.pk])

    assert tries_of_failing == 9
    assert isinstance(retried.result, SmsTransientError)
    assert len(brevo.received) == tries_of_failing + 1
    assert failed.state == "FAILURE"
    assert isinstance(failed.result, SmsRejected)
    failing_link.refresh_from_db()
    assert failing_link.sms_message_id == ""
