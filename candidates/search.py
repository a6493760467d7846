"""The staff's candidate search, shared by the admin's candidate list and the API's ``q`` filter.

Every word of the search must match one of ``SEARCHED_FIELDS`` (a part of it, in any case), the candidate's
commune (a part of its name, or one of its postcodes), or a desired occupation (a part of its label, its exact ROME
code, or a job title the suggester is sure of: "téléconseiller", "hotliner", ``referentials.suggest``). Quoted words
are kept whole; a whole search that is exactly a job title ("chargé de clientèle à distance") finds the candidates
who want that occupation.

Each word becomes a condition PostgreSQL answers from its indexes, never a list of every candidate it matches:

- its own fields, through the trigram indexes of migration 0004: the ids when they are at most
  ``MAX_LISTED_OWN_IDS`` (a name, a phone number), else the test itself, row by row;
- its communes (a part of the name or a postcode, read first: a small query): ``commune_id IN (…)``;
- its occupations (read first too): the ids of those who want one, when they are seldom wanted; else the test that the
  candidate wants one, as ``EXISTS`` on the desired-occupations table, made row by row along the list's order;
- the listed ids are one ``pk IN (…)``, at most ``MAX_LISTED_OWN_IDS`` a word, read beside the communes' index
  into one bitmap.

The words' conditions are joined with AND, and each word's parts with OR; ``EXISTS`` and ``pk IN (…)`` never
repeat a candidate, as a join on several matching occupations would. Building the union of a word's matches first
read every candidate of the platform to hash-join them: 2 to 2.8 s at 1,000,000 candidates for a ROME code that
44 % of them want (docs/benchmarks.md, "Measured costs behind the code").
"""

import re

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.text import smart_split, unescape_string_literal

from candidates.models import Candidate
from referentials.caching import cache_kept, typed_text_digest
from referentials.models import Commune, Occupation, PostalCode
from referentials.suggest import occupation_suggest, occupation_titles_version

# How sure the suggester must be that a searched word names an occupation.
NAMED_OCCUPATION_CONFIDENCE = 0.85

# The candidate's own searched fields; migration 0004 gives each one a trigram index on PostgreSQL.
SEARCHED_FIELDS = ("last_name", "first_name", "email", "phone", "reference")
# Matching communes or occupations beyond this many are looked up by a sub-query instead of a list of ids.
MAX_LISTED_IDS = 1000
# A word's own-field matches beyond this many are tested on each row instead of listed: a tenth of a large
# platform at least, so the list's first page is found within its first few hundred names. Listed below it: a
# common surname (1,100 to 3,500 candidates of a platform at 1,000,000) tested on each row in name order led
# PostgreSQL to walk every name up to the letter D to find 50 Duponts.
MAX_LISTED_OWN_IDS = 10_000
# The occupations of a word wanted more often than this, on every platform, are tested row by row instead.
MAX_LISTED_WANTED = 10_000
POSTCODE = re.compile(r"^\d{5}$")
# A ROME code anywhere in the text, bare or in brackets ("dupont (D1408)").
ROME_CODE = re.compile(r"(?<![\w])[A-Na-n]\d{4}(?![\w])")


def search_words(text: str) -> list[str]:
    """The words of a search, as the admin splits them: quoted phrases stay whole, without their quotes."""
    words = []
    for word in smart_split(text):
        if word.startswith(('"', "'")) and word[0] == word[-1]:
            word = unescape_string_literal(word)
        if word.strip():
            words.append(word)
    return words


def _ids_or_subquery(rows: QuerySet, at_most: int = MAX_LISTED_IDS) -> list[int] | QuerySet:
    """The ids, when they are few enough to be written into the query; else the query itself, as a sub-query.

    A word of one or two letters matches most of the 35,000 communes: their ids would make a huge statement (and
    pass SQLite's limit on parameters), where a sub-query costs PostgreSQL no more.
    """
    ids = list(rows[: at_most + 1])
    return ids if len(ids) <= at_most else rows


def _is_empty(ids: list[int] | QuerySet) -> bool:
    return not isinstance(ids, QuerySet) and not ids


def occupation_codes_named(text: str) -> list[str]:
    """The ROME codes the suggester ranks first for the text, when it is confident ("Téléconseiller", "hotliner",
    "teleconseiler" name D1408); none when it hesitates, so that a name or a street is not read as a job.

    Asked again at each page of a searched list, and the suggester weighs thousands of titles (10 to 20 ms): the
    answer is kept ``CANDIDATE_SEARCH_OCCUPATIONS_CACHE_SECONDS`` for this load of the titles, under a hash of the
    text keyed by the site's secret: the text may be a person's name, which an unkeyed hash of a list of names would
    find again."""
    seconds = settings.CANDIDATE_SEARCH_OCCUPATIONS_CACHE_SECONDS
    if seconds <= 0:
        return _occupation_codes_named(text)
    rows, highest = occupation_titles_version()
    key = f"search:occupations-named:{rows}:{highest}:{typed_text_digest('search:occupations-named', text)}"
    return cache_kept(key, lambda: _occupation_codes_named(text), seconds)


def _occupation_codes_named(text: str) -> list[str]:
    suggestions = occupation_suggest(text, 5)
    if not suggestions or suggestions[0].confidence < NAMED_OCCUPATION_CONFIDENCE:
        return []
    return [s.code for s in suggestions if s.confidence == suggestions[0].confidence]


def _word_condition(scope: QuerySet[Candidate], word: str) -> Q | None:
    """The condition one word puts on a candidate of ``scope``; ``None`` when it can match no one."""
    in_communes = Q(name__icontains=word)
    if POSTCODE.match(word):
        # A postcode names the communes it covers, as staff type it ("59000" for Lille).
        in_communes |= Q(pk__in=PostalCode.objects.filter(code=word).values("commune_id"))
    commune_ids = _ids_or_subquery(Commune.objects.filter(in_communes).values_list("pk", flat=True))
    occupation_ids = _ids_or_subquery(
        Occupation.objects.filter(
            Q(label__icontains=word) | Q(rome_code__iexact=word) | Q(rome_code__in=occupation_codes_named(word))
        ).values_list("pk", flat=True)
    )
    in_own_fields = Q.create([(f"{field}__icontains", word) for field in SEARCHED_FIELDS], connector=Q.OR)
    own_ids = _ids_or_subquery(scope.filter(in_own_fields).values_list("pk", flat=True), MAX_LISTED_OWN_IDS)
    wanting_ids = _wanting_ids(scope, occupation_ids)
    own_listed, wanting_listed = not isinstance(own_ids, QuerySet), wanting_ids is not None
    if own_listed and wanting_listed and len(own_ids) + len(wanting_ids) > MAX_LISTED_OWN_IDS:
        own_listed = wanting_listed = False  # too many to list together: both are tested row by row
    parts, listed = [], set()
    if own_listed:
        listed.update(own_ids)
    else:
        parts.append(in_own_fields)
    if wanting_listed:
        listed.update(wanting_ids)
    else:
        wanting = Candidate.desired_occupations.through.objects.filter(
            candidate_id=OuterRef("pk"), occupation_id__in=occupation_ids
        )
        parts.append(Q(Exists(wanting)))
    if listed:
        # Written one by one, beside the communes' index: PostgreSQL reads them into one bitmap, where an array
        # parameter, a sub-query to it, made it test every candidate of the table (docs/benchmarks.md).
        parts.append(Q(pk__in=sorted(listed)))
    if not _is_empty(commune_ids):
        parts.append(Q(commune_id__in=commune_ids))
    return Q.create(parts, connector=Q.OR) if parts else None


def _wanting_ids(scope: QuerySet[Candidate], occupation_ids: list[int] | QuerySet) -> list[int] | None:
    """The ids of ``scope``'s candidates who want one of the occupations, read through the occupations' index;
    ``None`` when the occupations are wanted more than ``MAX_LISTED_WANTED`` times in all, whatever the scope.

    Few people want most occupations: their ids join the word's other matches in one indexed list. Half the
    candidates of a contact-centre region want "D1408": tested row by row along the name order, the list's first
    page is found within its first hundred names, where listing them would read tens of thousands of rows.
    """
    if _is_empty(occupation_ids):
        return []
    wanted = Candidate.desired_occupations.through.objects.filter(occupation_id__in=occupation_ids)
    if wanted[MAX_LISTED_WANTED : MAX_LISTED_WANTED + 1].exists():
        return None
    return list(wanted.filter(candidate_id__in=scope.values("pk")).values_list("candidate_id", flat=True))


def _exact_title_codes(text: str) -> list[str]:
    """The occupations the whole text names exactly, as a job title; none when a word is a ROME code, which the
    suggester reads as naming its occupation wherever it stands ("dupont D1408" is a name and a code)."""
    if ROME_CODE.search(text):
        return []
    return [s.code for s in occupation_suggest(text, 5) if s.confidence == 1.0]


def candidates_matching(candidates: QuerySet[Candidate], text: str) -> QuerySet[Candidate]:
    """The candidates of ``candidates`` that every word of ``text`` matches; all of them for an empty search."""
    words = search_words(text)
    if len(words) > 1 and (whole_title := _exact_title_codes(text)):
        # "chargé de clientèle à distance" is one job title, not five words to find each somewhere.
        wanting = Candidate.desired_occupations.through.objects.filter(
            candidate_id=OuterRef("pk"), occupation__rome_code__in=whole_title
        )
        return candidates.filter(Exists(wanting))
    scope = candidates.order_by()  # the look-ups need no order
    for word in words:
        condition = _word_condition(scope, word)
        if condition is None:
            return candidates.none()
        candidates = candidates.filter(condition)
    return candidates
