"""Reads behind the typing suggestions of the need form: occupations by code, label or job title, places by site or
commune.

Matching ignores case and accents ("teleconseiller" finds "Téléconseiller"). Occupations come from the suggester
(``referentials.suggest``); communes are many, so the database narrows them first.
"""

from django.db.models import Q

from employers.models import Employer, Site
from employers.need_forms import commune_option, folded, occupation_suggestion_option, site_option
from referentials.models import Commune, PostalCode
from referentials.suggest import occupation_suggest


def occupations_matching(*, text: str, limit: int) -> list[str]:
    """The options for the typed text: occupations by code, label or job title, as ``occupation_suggest`` ranks
    them (typos, accents and abbreviations forgiven)."""
    return [occupation_suggestion_option(suggestion) for suggestion in occupation_suggest(text, limit)]


def places_matching(*, employer: Employer, text: str, limit: int) -> list[str]:
    """The employer's sites whose name or commune matches, then communes by postcode or name start."""
    wanted = folded(text)
    sites = [
        site_option(site)
        for site in Site.objects.filter(employer=employer).select_related("commune").order_by("name")
        if wanted in folded(site_option(site))
    ]
    if text[:2].isdigit():
        postcodes = PostalCode.objects.filter(code__startswith=text[:5]).select_related("commune")
        postcodes = postcodes.order_by("code", "commune__name")[:limit]
    else:
        # Accents vary in what people type: the database narrows by the first letter, Python compares folded names.
        initials = Q(name__istartswith=text[:1]) | Q(name__istartswith=wanted[:1])
        if wanted[:1] == "e":
            initials |= Q(name__startswith="É") | Q(name__startswith="È")
        communes = Commune.objects.filter(initials)
        communes = [
            commune
            for commune in communes.only("pk", "name", "population").order_by("-population", "name")
            if folded(commune.name).startswith(wanted)
        ][:limit]
        first_postcodes = {}
        for postcode in PostalCode.objects.filter(commune__in=communes).order_by("code"):
            first_postcodes.setdefault(postcode.commune_id, postcode.code)
        return (
            sites
            + [
                commune_option(commune, first_postcodes[commune.pk])
                for commune in communes
                if commune.pk in first_postcodes
            ][: max(limit - len(sites), 0)]
        )
    return (
        sites
        + [commune_option(postcode.commune, postcode.code) for postcode in postcodes][: max(limit - len(sites), 0)]
    )
