"""Figures kept in the cache for a while, and cache keys that must not tell what was typed.

Pages keep what is dear to compute and may be a little old (a dashboard's figures, the header's to-do total, the
occupations a searched word names) for a number of seconds a setting gives; ``0`` computes at every call, as the
tests do. A key built from what someone typed (a search, which may be a person's name) holds a hash of it keyed by
the site's secret: a plain hash of a list of surnames would find the name again.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.utils.crypto import salted_hmac


def cache_kept[T](key: str, compute: Callable[[], T], seconds: int) -> T:
    """What ``compute`` gives, computed at most ``seconds`` ago (at every call when ``seconds`` is 0)."""
    if seconds <= 0:
        return compute()
    return cache.get_or_set(key, compute, seconds)


def typed_text_digest(purpose: str, text: str) -> str:
    """A cache key's part for typed text: keyed by the site's secret and by ``purpose``, so it tells nothing."""
    return salted_hmac(purpose, text, algorithm="sha256").hexdigest()
