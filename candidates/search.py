"""The staff's candidate search, shared by the admin's candidate list and the API's ``q`` filter.

Every word of the search must match one of ``SEARCHED_FIELDS`` (a part of it, in any case), the candidate's
commune (a part of its name, or one of its postcodes), or a desired occupation (a part of its label, its exact ROME
code, or a job title the suggester is sure of: "téléconseiller", "hotliner", ``referentials.suggest``). Quoted words
are kept whole; a whole search that is exactly a job title ("chargé de clientèle à distance") finds the candidates
who want that occupation.

Each word is looked up through indexes rather than by testing every row of the list: the communes and occupations
it matches are read first (two small queries); the candidates are then those whose own fields match, through the
trigram indexes of migration 0004, or who live in one of those communes, both intersected with the platform's
index, plus those who want one of those occupations, through its foreign-key index. Written as ``ILIKE`` tests over
the list's joined rows, the same search read the 17,000 candidates of a large platform twice a page (count and
rows), many times slower (docs/benchmarks.md, "Measured costs behind the code").
``pk IN (…)`` never repeats a candidate, as a
join on several matching occupations would.
"""

import re

from django.db.models import Q, QuerySet
from django.utils.text import smart_split, unescape_string_literal

from candidates.models import Candidate
from referentials.models import Commune, Occupation, PostalCode
from referentials.suggest import occupation_suggest

# How sure the suggester must be that a searched word names an occupation.
NAMED_OCCUPATION_CONFIDENCE = 0.85

# The candidate's own searched fields; migration 0004 gives each one a trigram index on PostgreSQL.
SEARCHED_FIELDS = ("last_name", "first_name", "email", "phone", "reference")
# Matching communes or occupations beyond this many are looked up by a sub-query instead of a list of ids.
MAX_LISTED_IDS = 1000
POSTCODE = re.compile(r"^\d{5}$")


def search_words(text: str) -> list[str]:
    """The words of a search, as the admin splits them: quoted phrases stay whole, without their quotes."""
    words = []
    for word in smart_split(text):
        if word.startswith(('"', "'")) and word[0] == word[-1]:
            word = unescape_string_literal(word)
        if word.strip():
            words.append(word)
    return words


def _ids_or_subquery(rows: QuerySet) -> list[int] | QuerySet:
    """The ids, when they are few enough to be written into the query; else the query itself, as a sub-query.

    A word of one or two letters matches most of the 35,000 communes: their ids would make a huge statement (and
    pass SQLite's limit on parameters), where a sub-query costs PostgreSQL no more.
    """
    ids = list(rows[: MAX_LISTED_IDS + 1])
    return ids if len(ids) <= MAX_LISTED_IDS else rows


def occupation_codes_named(text: str) -> list[str]:
    """The ROME codes the suggester ranks first for the text, when it is confident ("Téléconseiller", "hotliner",
    "teleconseiler" name D1408); none when it hesitates, so that a name or a street is not read as a job."""
    suggestions = occupation_suggest(text, 5)
    if not suggestions or suggestions[0].confidence < NAMED_OCCUPATION_CONFIDENCE:
        return []
    return [s.code for s in suggestions if s.confidence == suggestions[0].confidence]


def _word_matches(candidates: QuerySet[Candidate], word: str) -> QuerySet:
    """The ids of the candidates that one word matches, as a query PostgreSQL answers from its indexes.

    The matching communes and occupations are read first, two small queries, so that the candidates are then found
    by ``commune_id = ANY(…)`` beside the trigram indexes of their own fields, all intersected with the platform's
    index, and by the occupations' foreign-key index. Joined in the same statement instead, the communes led
    PostgreSQL to read every candidate to hash-join them (docs/benchmarks.md, "Measured costs behind the code").
    """
    in_communes = Q(name__icontains=word)
    if POSTCODE.match(word):
        # A postcode names the communes it covers, as staff type it ("59000" for Lille).
        in_communes |= Q(pk__in=PostalCode.objects.filter(code=word).values("commune_id"))
    communes = Commune.objects.filter(in_communes).values_list("pk", flat=True)
    occupations = Occupation.objects.filter(
        Q(label__icontains=word) | Q(rome_code__iexact=word) | Q(rome_code__in=occupation_codes_named(word))
    ).values_list("pk", flat=True)
    commune_ids, occupation_ids = _ids_or_subquery(communes), _ids_or_subquery(occupations)
    in_own_fields = Q.create([(f"{field}__icontains", word) for field in SEARCHED_FIELDS], connector=Q.OR)
    ids = candidates.filter(in_own_fields | Q(commune_id__in=commune_ids)).values_list("pk", flat=True)
    if isinstance(occupation_ids, QuerySet) or occupation_ids:
        wanting = Candidate.desired_occupations.through.objects.filter(
            occupation_id__in=occupation_ids, candidate__in=candidates.values("pk")
        )
        ids = ids.union(wanting.order_by().values_list("candidate_id", flat=True), all=True).order_by()
    return ids


def _exact_title_codes(text: str) -> list[str]:
    return [s.code for s in occupation_suggest(text, 5) if s.confidence == 1.0]


def candidates_matching(candidates: QuerySet[Candidate], text: str) -> QuerySet[Candidate]:
    """The candidates of ``candidates`` that every word of ``text`` matches; all of them for an empty search.

    Each word's matches are read first when they are at most ``MAX_LISTED_IDS``: the list's count and its page
    then read those rows by primary key. Left as a sub-query, PostgreSQL misjudged how many rows it would return
    and read the whole platform to hash-join them, for each of the two statements (docs/benchmarks.md).
    """
    scope = candidates.order_by()  # the sub-queries need no order
    words = search_words(text)
    if len(words) > 1 and (whole_title := _exact_title_codes(text)):
        # "chargé de clientèle à distance" is one job title, not five words to find each somewhere.
        wanting = Candidate.desired_occupations.through.objects.filter(occupation__rome_code__in=whole_title)
        return candidates.filter(pk__in=wanting.values("candidate_id"))
    listed: set[int] | None = None
    for word in words:
        ids = _ids_or_subquery(_word_matches(scope, word))
        if isinstance(ids, QuerySet):
            candidates = candidates.filter(pk__in=ids)
        else:
            listed = set(ids) if listed is None else listed & set(ids)
    return candidates if listed is None else candidates.filter(pk__in=sorted(listed))
