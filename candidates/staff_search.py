"""The staff's candidate search by place, skill and occupation, beside the words of ``candidates.search``.

A place is a commune's name (case, accents, hyphens and apostrophes ignored: "villeneuve d ascq") or a postcode,
which may cover several communes: all of them are the place. The candidates found live in a commune within the
radius of one of the place's communes. The communes in reach are read through a latitude/longitude box (two
indexed ranges, a few thousand rows at most for 200 km), then kept by their exact great-circle distance; the
candidates are then those whose ``commune_id`` is one of them, through its foreign-key index.

Skills are all required. An occupation is free text, turned into ROME codes by ``occupation_codes_for_text``.
"""

import functools
import math
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from candidates.duplicates import name_normalise
from candidates.models import Candidate, CandidateSkill
from candidates.search import candidates_matching
from referentials.geo import EARTH_RADIUS_KM, haversine_km
from referentials.models import Commune, Occupation
from referentials.suggest import occupation_suggest

DEFAULT_RADIUS_KM = 10
MAX_RADIUS_KM = 200
# The suggestions read for a typed occupation, and how close to the best one's confidence another must be to count:
# a typed title names its occupation, not its neighbours.
SUGGESTIONS_READ = 10
AS_HIGH_AS_THE_BEST = 0.02
KM_PER_DEGREE_OF_LATITUDE = math.pi * EARTH_RADIUS_KM / 180
_POSTCODE = re.compile(r"^\d{5}$")
# Capital letters a commune's name may start with, for the initial typed without its accent.
_ACCENTED_INITIALS = "ÀÂÄÉÈÊËÎÏÔÖÙÛÜÇŒÆ"


@dataclass(frozen=True)
class CandidateSearchCriteria:
    """What the staff search asks for; an empty criterion filters nothing."""

    place_communes: Sequence[Commune] = ()
    radius_km: int = DEFAULT_RADIUS_KM
    skill_ids: Sequence[int] = ()
    occupation_codes: Sequence[str] | None = None
    words: str = ""


def communes_for_place(text: str) -> list[Commune]:
    """The communes a typed place names: every commune of a postcode, or those of that name; none if unknown.

    Names are compared folded (``name_normalise``); the database first narrows them by their initial, with or
    without an accent, as the portal's place suggestions do.
    """
    text = text.strip()
    if _POSTCODE.match(text):
        return list(Commune.objects.filter(postcodes__code=text).distinct().order_by("name", "pk"))
    wanted = name_normalise(text)
    if not wanted:
        return []
    initials = [wanted[0], *(letter for letter in _ACCENTED_INITIALS if name_normalise(letter)[:1] == wanted[0])]
    narrowed = Commune.objects.filter(Q.create([("name__istartswith", letter) for letter in initials], connector=Q.OR))
    return [
        commune
        for commune in narrowed.only("pk", "name", "insee_code", "latitude", "longitude").order_by("name", "pk")
        if name_normalise(commune.name) == wanted
    ]


def commune_ids_within(places: Sequence[Commune], radius_km: float) -> list[int]:
    """The ids of the communes within ``radius_km`` of one of ``places`` (the places themselves included)."""
    boxes: list[Q] = []
    for place in places:
        latitude_span = radius_km / KM_PER_DEGREE_OF_LATITUDE
        # Near the poles a degree of longitude shrinks to nothing: the box then spans every longitude.
        cosine = math.cos(math.radians(place.latitude))
        longitude_span = 180.0 if cosine < 0.01 else radius_km / (KM_PER_DEGREE_OF_LATITUDE * cosine)
        boxes.append(
            Q(
                latitude__range=(place.latitude - latitude_span, place.latitude + latitude_span),
                longitude__range=(place.longitude - longitude_span, place.longitude + longitude_span),
            )
        )
    if not boxes:
        return []
    in_boxes = Commune.objects.filter(functools.reduce(operator.or_, boxes)).values_list("pk", "latitude", "longitude")
    return sorted(
        pk
        for pk, latitude, longitude in in_boxes
        if any(haversine_km(place.latitude, place.longitude, latitude, longitude) <= radius_km for place in places)
    )


def occupation_codes_for_text(text: str) -> list[str]:
    """The ROME codes an occupation typed by staff stands for: its exact code, the labels containing it, and what
    the occupation suggester (``referentials.suggest.occupation_suggest``) puts first ("téléconseiller", "hotliner",
    typos forgiven), with the codes it ranks as high ("AVS" names two occupations).

    The single place where the staff search turns free text into occupations.
    """
    text = text.strip()
    if not text:
        return []
    occupations = Occupation.objects.filter(Q(rome_code__iexact=text) | Q(label__icontains=text))
    codes = set(occupations.values_list("rome_code", flat=True))
    suggestions = occupation_suggest(text, SUGGESTIONS_READ)
    if suggestions:
        best = suggestions[0].confidence
        codes |= {item.code for item in suggestions if item.confidence >= best - AS_HIGH_AS_THE_BEST}
    return sorted(codes)


def candidates_for_criteria(candidates: QuerySet[Candidate], criteria: CandidateSearchCriteria) -> QuerySet[Candidate]:
    """The candidates of ``candidates`` that meet every criterion given."""
    if criteria.place_communes:
        candidates = candidates.filter(commune_id__in=commune_ids_within(criteria.place_communes, criteria.radius_km))
    for skill_id in sorted(set(criteria.skill_ids)):
        candidates = candidates.filter(pk__in=CandidateSkill.objects.filter(skill_id=skill_id).values("candidate_id"))
    if criteria.occupation_codes is not None:
        wanting = Candidate.desired_occupations.through.objects.filter(
            occupation__rome_code__in=list(criteria.occupation_codes)
        )
        candidates = candidates.filter(pk__in=wanting.values("candidate_id"))
    if criteria.words.strip():
        candidates = candidates_matching(candidates, criteria.words)
    return candidates
