"""Occupations from what people type: a ROME code, a job title, a label, with typos, accents or inclusive endings.

``occupation_suggest`` is the one entry point of every occupation field (the portal's need form, the staff's
search, the admin, the API, the imports). It returns ROME codes, best first, each with the title that matched and
a confidence in 0..1: 1 for an exact code or an exact title, less as the typed text strays from the title.

With the optional semantic layer installed and its index built (``referentials.occupation_index``), the lexical
and the semantic rankings are fused (docs/adr/0012-occupation-suggester-semantic-layer.md).

The lexical suggester compares the typed text, normalised (``referentials.normalise``), with the stored search
form of every job title (``OccupationTitle``). Candidates are narrowed by trigram similarity — PostgreSQL's
pg_trgm and its GIN index, or an in-memory trigram index on SQLite — and then scored in Python by the same
function on both databases, so that both rank alike (docs/adr/0011-job-titles.md).
"""

import re
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Count, F, Max, Value
from django.db.models.functions import Greatest

from referentials.enums import OccupationTitleKind
from referentials.models import Occupation, OccupationTitle
from referentials.normalise import search_normalise, trigrams
from referentials.occupation_index import occupation_index_loaded
from referentials.semantic import TitleIndex
from referentials.suggest_fusion import Ranked, fuse

MAX_LIMIT = 50
# How many codes each suggester hands to the fusion (as measured in bench/occupation_suggest_bench.py).
FUSION_DEPTH = 20
# Titles read from the database before scoring: far more than a page of suggestions, few enough to score at once.
CANDIDATES = 200
# Below this, a title shares too little with the text to be worth showing.
MIN_CONFIDENCE = 0.45
# What "close" means, as pg_trgm's default thresholds: a title holds 60 % of the text's trigrams, or shares 30 % of
# their union. ``title_score`` applies it on both databases. On PostgreSQL the index is asked with pg_trgm's word
# similarity at 0.4, looser than the score (its extents are stricter than our runs of words): 0.3 read twice as
# many titles for none kept, and adding the similarity operator (``%``) made the index recheck 6,000 rows (50 ms).
WORD_SIMILARITY_THRESHOLD = 0.6
SIMILARITY_THRESHOLD = 0.3
INDEX_WORD_SIMILARITY_THRESHOLD = "0.4"
# A code typed alone, or at the end as the suggestions show it: "D1408", "Conseiller clientèle (D1408)".
_CODE_IN_TEXT = re.compile(r"(?:^|[\s(])([A-Na-n]\d{4})\)?\s*$")
# A code's beginning ("D14") lists its family: a hint, not a choice.
CODE_START_CONFIDENCE = 0.8
_CODE_START = re.compile(r"^[a-n]\d{1,3}$")
_KIND_RANK = {OccupationTitleKind.LABEL: 0, OccupationTitleKind.PRINCIPAL: 1, OccupationTitleKind.SYNONYM: 2}


@dataclass(frozen=True)
class OccupationSuggestion:
    code: str  # ROME code, e.g. "D1408"
    label: str  # the ROME occupation's label
    matched_title: str  # the title (appellation, synonym, label or code) that matched
    confidence: float  # 0..1


@dataclass(frozen=True)
class TitleEntry:
    """One job title as the suggester scores it."""

    code: str
    label: str
    title: str
    kind: str
    is_rarely_used: bool
    search_text: str


def _grouped_coverage(query_trigrams: frozenset[str], query_words: int, title_words: list[str]) -> float:
    """The largest share of the text's trigrams found in a run of consecutive title words, one more than the text
    has: the trigrams must be found together, as pg_trgm's word similarity asks ("teleconseiler" is not in
    "conseillère commerciale en solutions de télécommunications")."""
    word_trigrams = [trigrams(word) for word in title_words]
    span = query_words + 1
    best = 0
    for start in range(len(word_trigrams)):
        found: set[str] = set()
        for word in word_trigrams[start : start + span]:
            found |= word & query_trigrams
        best = max(best, len(found))
    return best / len(query_trigrams)


def title_score(query: str, query_trigrams: frozenset[str], entry: TitleEntry) -> float:
    """How well a title answers the normalised text, in 0..1: 1 only for the same text; 0 when it is not close.

    Mostly the share of the text's trigrams found together in the title (typos cost a few trigrams, extra words in
    the title cost nothing), a little of their overall similarity (shorter titles first); a text whose words each
    begin a word of the title ("prepa commandes") ranks with close matches; titles France Travail marks as rarely
    used come after the others.
    """
    if entry.search_text == query:
        return 1.0
    title_trigrams = trigrams(entry.search_text)
    shared = len(query_trigrams & title_trigrams)
    if not shared:
        return 0.0
    title_words = entry.search_text.split()
    query_words = query.split()
    coverage = _grouped_coverage(query_trigrams, len(query_words), title_words)
    similarity = shared / len(query_trigrams | title_trigrams)
    if coverage < WORD_SIMILARITY_THRESHOLD and similarity < SIMILARITY_THRESHOLD:
        return 0.0
    score = 0.8 * coverage + 0.2 * similarity
    if all(any(word.startswith(typed) for word in title_words) for typed in query_words):
        score = max(score, 0.85 + 0.1 * similarity)
    if entry.search_text.startswith(query):
        score = max(score, 0.9 + 0.05 * similarity)
    if entry.is_rarely_used:
        score -= 0.05
    return round(max(0.0, min(score, 0.99)), 3)


def _entry(code: str, label: str, title: str, kind: str, rarely: bool, search_text: str) -> TitleEntry:
    return TitleEntry(code, label, title, kind, rarely, search_text)


_ENTRY_FIELDS = ("occupation__rome_code", "occupation__label", "title", "kind", "is_rarely_used", "search_text")


def _candidates_postgresql(query: str) -> list[TitleEntry]:
    """Titles close to the text by pg_trgm's operators, which its GIN index on ``search_text`` answers.

    The planner prices the trigram operators as cheap and reads the 13,000 titles instead of the index: 330 ms
    against 25 ms measured. Sequential scans are therefore turned off for this one statement, inside its own
    (sub-)transaction, and the previous settings restored at once.
    """
    # Word similarity is at least the similarity (the whole title is one of the extents it tries): one operator at
    # the lower threshold finds both kinds of close titles; an OR with ``%`` made the index recheck 6,000 rows.
    close = TrigramWordSimilar(F("search_text"), Value(query))
    closeness = Greatest(
        TrigramWordSimilarity(Value(query), "search_text"), TrigramSimilarity("search_text", Value(query))
    )
    # The titles alone: joined to the occupations, the statement would read every title through the join.
    rows = (
        OccupationTitle.objects.filter(close)
        .annotate(closeness=closeness)
        .order_by("-closeness", "id")
        .values_list("occupation_id", "title", "kind", "is_rarely_used", "search_text")[:CANDIDATES]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'),"
            " coalesce(current_setting('pg_trgm.word_similarity_threshold', true), '0.6'),"
            " set_config('enable_seqscan', 'off', true),"
            " set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [INDEX_WORD_SIMILARITY_THRESHOLD],
        )
        seqscan, threshold, *_ = cursor.fetchone()
        try:
            found = list(rows)
        finally:
            cursor.execute(
                "SELECT set_config('enable_seqscan', %s, true),"
                " set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [seqscan, threshold],
            )
    occupations = {
        pk: (code, label)
        for pk, code, label in Occupation.objects.filter(pk__in={row[0] for row in found}).values_list(
            "pk", "rome_code", "label"
        )
    }
    return [_entry(*occupations[pk], *rest) for pk, *rest in found]


class _MemoryIndex:
    """Every title with its trigrams, and which titles hold each trigram: SQLite has no trigram index."""

    def __init__(self, entries: list[TitleEntry]) -> None:
        self.entries = entries
        self.sizes = [len(trigrams(entry.search_text)) for entry in entries]
        self.holders: dict[str, list[int]] = {}
        for position, entry in enumerate(entries):
            for trigram in trigrams(entry.search_text):
                self.holders.setdefault(trigram, []).append(position)

    def candidates(self, query_trigrams: frozenset[str]) -> list[TitleEntry]:
        shared: Counter[int] = Counter()
        for trigram in query_trigrams:
            shared.update(self.holders.get(trigram, ()))
        wanted = len(query_trigrams)
        close = [
            (count / wanted, position)
            for position, count in shared.items()
            if count / wanted >= WORD_SIMILARITY_THRESHOLD
            or count / (wanted + self.sizes[position] - count) >= SIMILARITY_THRESHOLD
        ]
        close.sort(key=lambda item: (-item[0], item[1]))
        return [self.entries[position] for _closeness, position in close[:CANDIDATES]]


_memory: dict[tuple[int, int], _MemoryIndex] = {}
_memory_lock = threading.Lock()


def occupation_titles_version() -> tuple[int, int]:
    """Which load of the job titles is in the database: a load replaces every row, so the number of rows and the
    highest id tell the versions apart."""
    summary = OccupationTitle.objects.aggregate(rows=Count("id"), highest=Max("id"))
    return summary["rows"], summary["highest"] or 0


def _candidates_in_memory(query_trigrams: frozenset[str]) -> list[TitleEntry]:
    """Titles close to the text, from an index built once per process and rebuilt when the titles are reloaded."""
    key = occupation_titles_version()
    with _memory_lock:
        index = _memory.get(key)
        if index is None:
            entries = [_entry(*row) for row in OccupationTitle.objects.order_by("id").values_list(*_ENTRY_FIELDS)]
            index = _MemoryIndex(entries)
            _memory.clear()
            _memory[key] = index
    return index.candidates(query_trigrams)


def _by_code(text: str, query: str) -> list[OccupationSuggestion]:
    """The occupation of a code typed alone or at the end (confidence 1), or those whose code begins so."""
    found = _CODE_IN_TEXT.search(text.strip())
    if found:
        occupation = Occupation.objects.filter(rome_code=found.group(1).upper()).first()
        if occupation is not None:
            return [OccupationSuggestion(occupation.rome_code, occupation.label, occupation.rome_code, 1.0)]
    if _CODE_START.match(query):
        return [
            OccupationSuggestion(code, label, code, CODE_START_CONFIDENCE)
            for code, label in Occupation.objects.filter(rome_code__istartswith=query)
            .order_by("rome_code")
            .values_list("rome_code", "label")[:MAX_LIMIT]
        ]
    return []


def occupation_suggest_lexical(
    text: str, limit: int = 10, *, in_memory: bool | None = None
) -> list[OccupationSuggestion]:
    """The occupations whose code, label or job titles match the text, best first, at most ``limit``.

    One suggestion per ROME code, with its best-matching title; nothing below ``MIN_CONFIDENCE``. Titles are
    narrowed in memory, or by pg_trgm on PostgreSQL when ``OCCUPATION_SUGGEST_IN_MEMORY`` is off; ``in_memory``
    forces either way (the tests check that both give the same answers).
    """
    limit = max(1, min(limit, MAX_LIMIT))
    query = search_normalise(text)
    if not query:
        return []
    best: dict[str, tuple[float, int, int, OccupationSuggestion]] = {}
    for suggestion in _by_code(text, query):
        best[suggestion.code] = (suggestion.confidence, -1, 0, suggestion)
    query_trigrams = trigrams(query)
    if in_memory is None:
        # In memory: p95 16 ms against 46 ms through pg_trgm on the evaluation set, for 13 MB a process (ADR 0011).
        in_memory = settings.OCCUPATION_SUGGEST_IN_MEMORY or connection.vendor != "postgresql"
    entries = _candidates_in_memory(query_trigrams) if in_memory else _candidates_postgresql(query)
    for entry in entries:
        score = title_score(query, query_trigrams, entry)
        if score < MIN_CONFIDENCE:
            continue
        ranked = (score, -_KIND_RANK.get(entry.kind, 3), -len(entry.title))
        if entry.code not in best or ranked > best[entry.code][:3]:
            best[entry.code] = (*ranked, OccupationSuggestion(entry.code, entry.label, entry.title, score))
    ordered = sorted(best.values(), key=lambda item: (-item[0], -item[1], -item[2], item[3].code))
    return [item[3] for item in ordered[:limit]]


# The semantic search reads no database: it runs on this thread while the calling one queries the titles. One thread:
# the model runs on one core (``referentials.semantic.ENGINE_THREADS``).
_semantic_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="occupation-semantic")


def rankings_fused(
    text: str, index: TitleIndex, lexical: Callable[[], list[Ranked]], limit: int, depth: int = FUSION_DEPTH
) -> list[Ranked]:
    """The lexical ranking (``lexical()``, on this thread) and the semantic one (``index``, on another), side by
    side, fused (``referentials.suggest_fusion``): the wait is the slower of the two, not their sum."""
    semantic = _semantic_pool.submit(index.search, text, depth)
    try:
        lexical_ranked = lexical()
    finally:
        semantic_ranked = semantic.result()
    return fuse(lexical_ranked, semantic_ranked, limit)


def occupation_suggest(text: str, limit: int = 10) -> list[OccupationSuggestion]:
    """The suggestions every occupation field shows: the lexical suggester's, fused with the semantic layer's when
    its index is there (``referentials.suggest_fusion``: an exact title or code stays first)."""
    limit = max(1, min(limit, MAX_LIMIT))
    index = occupation_index_loaded() if text.strip() else None
    if index is None:
        return occupation_suggest_lexical(text, limit)
    found: list[OccupationSuggestion] = []

    def lexical() -> list[Ranked]:
        found.extend(occupation_suggest_lexical(text, max(limit, FUSION_DEPTH)))
        return [(item.code, item.matched_title, item.confidence) for item in found]

    fused = rankings_fused(text, index, lexical, limit)
    labels = {item.code: item.label for item in found}
    unlabelled = [code for code, _, _ in fused if code not in labels]
    if unlabelled:
        labels |= dict(Occupation.objects.filter(rome_code__in=unlabelled).values_list("rome_code", "label"))
    return [
        OccupationSuggestion(code, labels[code], title, confidence)
        for code, title, confidence in fused
        if code in labels  # a code of an index older than the occupations loaded since is left out
    ]
