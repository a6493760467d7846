"""The form that checks each imported row: the admin's candidate form, made cheap enough for 50,000 rows.

Django's ModelForm is costly per row on its own (docs/benchmarks.md): a query per check constraint, the fields
deep-copied, a bound field per field. ``CandidateImportForm`` keeps the same fields, model validation and
constraints, without that per-row work (see each method's comment).
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q

from candidates.forms import CandidateForm
from candidates.models import Candidate


class _SharedFields(dict):
    """The form's fields, shared by every row instead of deep-copied for each (a third of the check's time).

    The import only cleans values with them: it never renders, binds widgets to data or changes a field.
    """

    def __deepcopy__(self, memo: dict) -> "_SharedFields":
        return self


class CandidateImportForm(CandidateForm):
    """The admin's candidate form, without its commune field (resolved once per distinct value by the reader)."""

    commune = None

    class Meta(CandidateForm.Meta):
        fields = [name for name in CandidateForm.Meta.fields if name != "commune"]

    def _clean_fields(self) -> None:
        # Django's loop, without a bound field and a widget per field and row: the reader hands every field its
        # raw value under its own name (dates as dates, checkboxes as "on" or ""), which is what the widgets
        # would have read from the data.
        for name, field in self.fields.items():
            try:
                self.cleaned_data[name] = field.clean(self.data.get(name))
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except ValidationError as error:
                self.add_error(name, error)

    def _post_clean(self) -> None:
        # Django's ModelForm._post_clean, with the values set directly: every field of this form is a plain model
        # field present in the data, so construct_instance's checks (omitted widgets, files, many-to-many) would
        # change nothing but cost a bound field per field and row.
        exclude = self._get_validation_exclusions()
        for name, value in self.cleaned_data.items():
            setattr(self.instance, name, value)
        try:
            self.instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self._update_errors(error)
        # As Django does: the fields that failed above are left out of the constraints, which would repeat them.
        self._constraints_check(self._get_validation_exclusions())

    def validate_unique(self) -> None:
        # Skipped on purpose: one query per row and per constraint would make a 50,000-row file take minutes.
        # The file reference is checked for the whole file at once, and the database still enforces uniqueness
        # when rows are saved.
        return

    def validate_constraints(self) -> None:
        self._constraints_check(self._get_validation_exclusions())

    def _constraints_check(self, exclude: set[str]) -> None:
        """The model's check constraints, evaluated here rather than by one query each (Django's way).

        Django asks the database for every check constraint of every row; for a 50,000-row file that was
        100,000 queries, most of the check's time. The conditions of ``Candidate`` are simple comparisons of the
        instance's own fields, which ``_condition_holds`` evaluates in Python; any other constraint is still
        asked of the database.
        """
        errors = []
        for constraint in Candidate._meta.constraints:
            if not isinstance(constraint, models.CheckConstraint) or _condition_fields(constraint.condition) & exclude:
                continue
            holds = _condition_holds(constraint.condition, self.instance)
            if holds is None:
                try:
                    constraint.validate(Candidate, self.instance, exclude=exclude)
                except ValidationError as error:
                    errors.append(error)
            elif not holds:
                errors.append(ValidationError(constraint.get_violation_error_message()))
        if errors:
            self._update_errors(ValidationError(errors))


_LOOKUPS = {
    "exact": lambda value, expected: value == expected,
    "gte": lambda value, expected: value is not None and value >= expected,
    "lte": lambda value, expected: value is not None and value <= expected,
    "gt": lambda value, expected: value is not None and value > expected,
    "lt": lambda value, expected: value is not None and value < expected,
    "isnull": lambda value, expected: (value is None) == expected,
}


def _condition_fields(condition: Q) -> set[str]:
    """The names of the fields a condition compares."""
    names: set[str] = set()
    for child in condition.children:
        names |= _condition_fields(child) if isinstance(child, Q) else {child[0].split("__")[0]}
    return names


def _condition_holds(condition: Q, instance: Candidate) -> bool | None:
    """Whether a check constraint's condition holds for an unsaved instance; None when it cannot be said here.

    A comparison with NULL is unknown in SQL and a check constraint passes when unknown: a ``None`` field value
    makes its comparison true, as the database would decide.
    """
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            result = _condition_holds(child, instance)
        else:
            lookup, expected = child
            name, _, operator = lookup.partition("__")
            if operator not in _LOOKUPS and operator:
                return None
            if hasattr(expected, "resolve_expression") or "__" in operator:
                return None
            try:
                value = getattr(instance, Candidate._meta.get_field(name).attname)
            except FieldDoesNotExist:
                return None
            operator = operator or "exact"
            result = True if value is None and operator != "isnull" else _LOOKUPS[operator](value, expected)
        if result is None:
            return None
        results.append(result)
    holds = all(results) if condition.connector == Q.AND else any(results)
    return not holds if condition.negated else holds


CandidateImportForm.base_fields = _SharedFields(CandidateImportForm.base_fields)
