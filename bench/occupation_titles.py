"""The ROME labels and job titles the occupation benchmark searches, and their semantic index kept on disk.

Read from the database when the job titles are loaded there, otherwise from the ROME 4.0 files (the project's
vendored copy under ``referentials/data/``, or the shared copy beside the checkout). The index takes minutes to
embed, so it is saved under ``var/semantic/`` keyed by a digest of its titles and reused while they do not change.
"""

import csv
import hashlib
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ROME_FILES = "cr_gd_dp_v4.csv", "appellations_v460.csv"
ROME_DIRECTORIES = (
    PROJECT_ROOT / "referentials" / "data" / "rome",
    PROJECT_ROOT / "referentials" / "data",
    PROJECT_ROOT.parent / "shared" / "data" / "rome",
    Path("/work/shared/data/rome"),
)
INDEX_DIRECTORY = PROJECT_ROOT / "var" / "semantic"


def rome_directory() -> Path:
    """The first directory holding both ROME files."""
    for directory in ROME_DIRECTORIES:
        if all((directory / name).is_file() for name in ROME_FILES):
            return directory
    raise FileNotFoundError(f"no directory holds {', '.join(ROME_FILES)}: looked in {ROME_DIRECTORIES}")


def rome_labels() -> dict[str, str]:
    """ROME code → label, from the ROME 4.0 file."""
    with (rome_directory() / ROME_FILES[0]).open(encoding="utf-8", newline="") as file:
        return {row["code_rome"]: row["libelle_rome"] for row in csv.DictReader(file)}


def rome_title_pairs() -> list[tuple[str, str]]:
    """(code, title) for every ROME label and every job title (appellation), in file order."""
    pairs = list(rome_labels().items())
    with (rome_directory() / ROME_FILES[1]).open(encoding="utf-8", newline="") as file:
        pairs += [(row["code_rome"], row["libelle_appellation_long"]) for row in csv.DictReader(file)]
    return pairs


def title_index_cached(pairs: list[tuple[str, str]], *, name: str = "rome_titles"):  # type: ignore[no-untyped-def]
    """The semantic index of ``pairs``: read from var/semantic/ when built before, else built and saved."""
    from referentials.semantic import INDEX_FORMAT, TitleIndex

    digest = hashlib.sha256("\n".join(f"{code}\t{title}" for code, title in pairs).encode()).hexdigest()[:12]
    path = INDEX_DIRECTORY / f"{name}-v{INDEX_FORMAT}-{digest}.npz"
    if path.is_file():
        return TitleIndex.load(path), path, False
    index = TitleIndex.build(pairs)
    index.save(path)
    return index, path, True
