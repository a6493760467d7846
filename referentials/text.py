"""Single-line text: names, titles, addresses. One check and one normalisation for every way in.

A title or a name goes into e-mail subjects, CSV exports, page headings and logs of other systems. A line break
there breaks a header or a row; a control character or an invisible one (zero-width space, soft hyphen, Hangul
filler) makes two names look the same; a bidirectional override (U+202A–U+202E, U+2066–U+2069) shows text other
than what is stored (``facture\\u202egpj.exe`` reads “facturexe.jpg”). So such text is refused with a message that
names the character, and what is accepted is normalised: Unicode NFC (“é” typed as e + accent is stored as one
character), no leading or trailing spaces, runs of spaces as one.

``SingleLineCharField`` carries all of it, so that model forms (the portal, the admin, the imports' forms), DRF
model serializers and ``full_clean`` check the same way; its ``pre_save`` puts a value that skipped every check
(a service's own write) on one line, so that the database never holds a line break in these fields.

This module sits in ``referentials``, the lowest app, so that every app may use it.
"""

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Line breaks: str.splitlines() breaks on these.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Invisible letters that are not format characters (Unicode category Cf), but show nothing.
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_SPACES = re.compile(r" {2,}")


def _refused(character: str) -> bool:
    # Cc: control characters (tab included); Cf: format characters (zero-width spaces and joiners, soft hyphen,
    # byte-order mark, bidirectional marks, embeddings, overrides and isolates); Zl, Zp: line and paragraph
    # separators; Cs: lone surrogates; Co: private-use characters, which show differently on each computer.
    return unicodedata.category(character) in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co"} or character in INVISIBLE_LETTERS


def single_line_normalise(value: str) -> str:
    """NFC, without leading or trailing spaces, runs of spaces as one. Refused characters are left for the check."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value).strip())


def validate_single_line(value: str) -> None:
    """Refuse line breaks, control, invisible and bidirectional characters, naming the first one found."""
    if any(character in LINE_BREAKS for character in value):
        raise ValidationError(_("Write this on a single line, without line breaks."), code="line_break")
    for character in value:
        if _refused(character):
            raise ValidationError(
                _("Remove the invisible or control character %(character)s: it can hide or reorder what is written."),
                code="invisible_character",
                params={"character": f"U+{ord(character):04X}"},
            )


def single_line_force(value: str) -> str:
    """The value on one line whatever it holds: line breaks and other whitespace as spaces, refused characters
    dropped. For writes that skipped the check (``pre_save``) and for text read from older rows."""
    text = " ".join(unicodedata.normalize("NFC", value).split())
    return _SPACES.sub(" ", "".join(character for character in text if not _refused(character))).strip()


class SingleLineFormField(forms.CharField):
    """The form field of ``SingleLineCharField``, and of forms that are not a model's (the portal's access request)."""

    default_validators = [validate_single_line]

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return single_line_normalise(text) if isinstance(text, str) else text


class SingleLineCharField(models.CharField):
    """A ``CharField`` for text on one line: checked and normalised (see the module's docstring)."""

    description = _("Text on a single line")
    default_validators = [validate_single_line]

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        return single_line_normalise(text) if isinstance(text, str) else text

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)
        if isinstance(value, str):
            forced = single_line_force(value)
            if forced != value:
                setattr(model_instance, self.attname, forced)
            return forced
        return value

    def formfield(self, **kwargs: Any) -> forms.Field:
        if not self.choices:
            kwargs.setdefault("form_class", SingleLineFormField)
        return super().formfield(**kwargs)


# What the database's regular expression (PostgreSQL's, or Python's on SQLite) finds in a value to put on one line.
REFUSED_PATTERN = (
    r"[\x01-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0]"
)


def single_line_rows_fix(model: type[models.Model], field_names: list[str]) -> int:
    """Put on one line the values stored before the check (for data migrations); return the rows changed."""
    changed = 0
    for name in field_names:
        for row in model._default_manager.filter(**{f"{name}__regex": REFUSED_PATTERN}).only("pk", name):
            model._default_manager.filter(pk=row.pk).update(**{name: single_line_force(getattr(row, name))})
            changed += 1
    return changed


# Plain text of several lines: a job's description, shown to candidates.
ALLOWED_IN_PLAIN_TEXT = frozenset("\n\t")


def plain_text_normalise(value: str) -> str:
    """NFC, line breaks as ``\\n`` (browsers send ``\\r\\n``, which would count twice against a length), no
    trailing spaces on the lines, no blank lines at either end."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n").rstrip()


def validate_plain_text(value: str) -> None:
    """Refuse control, invisible and bidirectional characters (line breaks and tabs aside), naming the first."""
    for character in value:
        if character not in ALLOWED_IN_PLAIN_TEXT and _refused(character):
            raise ValidationError(
                _("Remove the invisible or control character %(character)s: it can hide or reorder what is written."),
                code="invisible_character",
                params={"character": f"U+{ord(character):04X}"},
            )


class PlainTextFormField(forms.CharField):
    """The form field of ``PlainTextField``: a text area whose value is normalised before its length is checked."""

    default_validators = [validate_plain_text]
    widget = forms.Textarea

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return plain_text_normalise(text) if isinstance(text, str) else text


class PlainTextField(models.TextField):
    """Text of several lines, no markup (it is shown escaped, its line breaks kept), bounded by ``max_length``
    in forms and ``full_clean`` alike; a database constraint on its length belongs to the model's ``Meta``."""

    description = _("Plain text of several lines")
    default_validators = [validate_plain_text]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(MaxLengthValidator(self.max_length))

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        return plain_text_normalise(text) if isinstance(text, str) else text

    def formfield(self, **kwargs: Any) -> forms.Field:
        kwargs.setdefault("form_class", PlainTextFormField)
        return super().formfield(**kwargs)
