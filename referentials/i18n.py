"""Translation helpers shared by the apps."""

from django.utils.functional import Promise, lazy


def _interpolate(message: str | Promise, values: dict) -> str:
    return str(message) % values


_lazy_interpolate = lazy(_interpolate, str)


def lazy_interpolation(message: str | Promise, **values: object) -> Promise:
    """``message % values``, evaluated only when displayed, so it follows the language active at that moment."""
    return _lazy_interpolate(message, values)
