"""Schemathesis against the schema the app serves, once per role: no server error, no answer outside the schema.

The schema is loaded from the running Django app (``/api/schema/`` through WSGI) and every operation is called with
generated input, authenticated as an employer member, an advisor, a superuser, or no one. Half the examples of an
operation that takes an id use an id of the small world (side A's and side B's objects), so that found objects,
scoped-out objects (404) and services' refusals (400) are all reached, not only unknown ids.

Each example runs in a savepoint that is rolled back: writes stay inside the test's transaction, and each example
starts from the same world. Django's request signals would close the test's database connection after each request
(as the test client knows): they are disconnected while the examples run.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.world import World

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 25
# Outside the role's area every answer is the same 401 or 403: a few examples show it.
FEW_EXAMPLES = 3
ROLES = ("member_a", "advisor_a", "superuser", "anonymous")
AREA_OF_ROLE = {"member_a": "/api/employer/", "advisor_a": "/api/staff/", "superuser": "/api/staff/"}


@pytest.fixture
def wsgi_app() -> Iterator[object]:
    """The Django application, with the signals that would close the test's connection disconnected."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def known_ids(world: World) -> dict[str, list[int]]:
    """Ids of the world's objects, by the path that takes them."""
    a, b = world.a, world.b
    return {
        "/api/employer/needs/": [a.need.pk, a.draft.pk, b.need.pk],
        "/api/employer/presentations/": [a.presentation.pk, b.presentation.pk],
        "/api/staff/candidates/": [a.candidate.pk, b.candidate.pk],
        "/api/staff/needs/": [a.need.pk, b.need.pk],
        "/api/staff/runs/": [a.run.pk, b.run.pk, world.full_refresh.pk],
        "/api/staff/presentations/": [a.presentation.pk, a.shortlisted.pk, b.presentation.pk],
        "/api/staff/hand-offs/": [a.hand_off.pk],
    }


def ids_for(path: str, ids: dict[str, list[int]]) -> list[int]:
    prefix = path.split("{id}")[0]
    return ids.get(prefix, [])


def run_operation(operation, headers: dict[str, str], ids: list[int], examples: int) -> None:
    strategies = [operation.as_strategy(headers=headers)]
    if "{id}" in operation.path:
        strategies += [operation.as_strategy(headers=headers, path_parameters={"id": pk}) for pk in ids]

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def check(case) -> None:
        with transaction.atomic():
            response = case.call()
            transaction.set_rollback(True)
        case.validate_response(response, checks=CHECKS)

    check()


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_keeps_to_the_schema(world, wsgi_app, role):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    headers = {"Authorization": f"Token {world.keys[role]}"} if role in world.keys else {}
    ids = known_ids(world)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures = []
    for operation in operations:
        try:
            in_area = operation.path.startswith(AREA_OF_ROLE.get(role, "-"))
            examples = MAX_EXAMPLES if in_area else FEW_EXAMPLES
            run_operation(operation, headers, ids_for(operation.path, ids), examples)
        except Exception as error:  # every operation is tried; the failures are reported together
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
