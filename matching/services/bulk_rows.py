"""One action on many rows, each row through the workflow's own service in a savepoint of its own.

Shared by the staff board's bulk actions (``matching.services.bulk``) and the employer's bulk answers
(``matching.services.employer_bulk``): the caller opens one transaction; a row the service refuses (a
``ValidationError``, or a ``PermissionDenied`` when the row is not the actor's to answer) is rolled back alone and
reported with its name and the service's message, while the others are done.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction


@dataclass(frozen=True)
class BulkRefusal:
    name: str
    message: str
    row_id: int | None = None  # the row's id, for callers that report by id (the API)


@dataclass
class BulkResult:
    action: str
    done: list[str] = field(default_factory=list)  # the names of the rows done, in order
    refusals: list[BulkRefusal] = field(default_factory=list)
    done_ids: list[int] = field(default_factory=list)


def row_run(result: BulkResult, name: str, step: Callable[[], object], *, row_id: int | None = None) -> bool:
    """One row in its own savepoint: done, or refused with the service's messages."""
    try:
        with transaction.atomic():
            step()
    except ValidationError as error:
        result.refusals.append(BulkRefusal(name=name, message=" ".join(error.messages), row_id=row_id))
        return False
    except PermissionDenied as error:
        result.refusals.append(BulkRefusal(name=name, message=str(error), row_id=row_id))
        return False
    result.done.append(name)
    if row_id is not None:
        result.done_ids.append(row_id)
    return True
