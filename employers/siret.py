"""SIRET numbers: 14 digits whose checksum is Luhn's, except La Poste's establishments."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LA_POSTE_SIREN = "356000000"


def luhn_is_valid(number: str) -> bool:
    total = 0
    for position, character in enumerate(reversed(number)):
        digit = int(character)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def siret_is_valid(siret: str) -> bool:
    if len(siret) != 14 or not siret.isdigit():
        return False
    if luhn_is_valid(siret):
        return True
    # La Poste's establishments share one SIREN and many follow a digit-sum rule instead of Luhn.
    return siret.startswith(LA_POSTE_SIREN) and sum(int(digit) for digit in siret) % 5 == 0


def validate_siret(value: str) -> None:
    if len(value) != 14 or not value.isdigit():
        raise ValidationError(
            _("A SIRET has exactly 14 digits (%(value)s)."), code="siret_format", params={"value": value}
        )
    if not siret_is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid SIRET: its check digit is wrong."),
            code="siret_checksum",
            params={"value": value},
        )


def siret_complete(first_13_digits: str) -> str:
    """The valid SIRET that starts with these 13 digits (Luhn check digit appended)."""
    for check_digit in "0123456789":
        if luhn_is_valid(first_13_digits + check_digit):
            return first_13_digits + check_digit
    raise AssertionError("unreachable: one Luhn check digit always exists")
