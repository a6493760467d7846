"""Two candidates answer at the same moment for the last seat of a session: exactly one gets it.

Each answer runs in its own thread with its own database connection, released together by a barrier; the session's
row lock orders them, and the second counts the seat the first just took.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from matching.enums import SeatStatus
from matching.services.sessions import seat_accept
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 30


def test_two_answers_for_the_last_seat_at_once_give_it_to_one():
    session = CollectiveSessionFactory(capacity=3)
    SessionSeatFactory.create_batch(2, session=session, accepted=True)
    racing = SessionSeatFactory.create_batch(2, session=session)
    barrier = threading.Barrier(len(racing))

    def answer(seat):
        try:
            barrier.wait(timeout=TIMEOUT)
            seat_accept(seat=seat)
            return "seated"
        except ValidationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(racing)) as pool:
        results = sorted(pool.map(answer, racing, timeout=TIMEOUT))

    assert results == ["full", "seated"]
    assert session.seats.filter(status=SeatStatus.ACCEPTED).count() == 3
