"""The job titles' semantic index on disk: built when the reference data is loaded, read by the suggester.

``referentials.semantic.TitleIndex`` embeds (code, title) pairs; embedding the 14,700 titles and labels takes
minutes on one core, so ``occupation_index_build`` reuses the vectors of the titles the previous index already
holds and embeds only the new ones (a reload of the same files embeds nothing). ``load_referentials`` calls it after
loading; the suggester reads the file through ``occupation_index_loaded``, once per process and again when the file
changes. Without the ``semantic`` extra, or with ``OCCUPATION_SEMANTIC_ENABLED`` off, there is no index and the
suggester stays lexical.
"""

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from referentials.models import OccupationTitle
from referentials.semantic import INDEX_FORMAT, TitleIndex, embed, semantic_available

# Embedded per call to the model: small enough to report progress, large enough to keep the engine busy.
BATCH = 256


def semantic_enabled() -> bool:
    """Whether the semantic layer runs here: installed, and not turned off in the settings."""
    return semantic_available(enabled=settings.OCCUPATION_SEMANTIC_ENABLED)


def occupation_index_path() -> Path:
    return Path(settings.OCCUPATION_SEMANTIC_INDEX_DIR) / f"occupation_titles-v{INDEX_FORMAT}.npz"


@dataclass(frozen=True)
class IndexBuilt:
    titles: int
    embedded: int  # the titles new to this index: the others kept their vectors


def occupation_index_build() -> IndexBuilt | None:
    """Embed every job title and label of the database (reusing the previous index's vectors) and save the index;
    ``None`` when the semantic layer is off."""
    if not semantic_enabled():
        return None
    pairs = list(
        dict.fromkeys(
            (code, title.strip())
            for code, title in OccupationTitle.objects.order_by("occupation__rome_code", "pk").values_list(
                "occupation__rome_code", "title"
            )
            if title.strip()
        )
    )
    known: dict[tuple[str, str], np.ndarray] = {}
    path = occupation_index_path()
    if path.is_file():
        try:
            previous = TitleIndex.load(path)
        except (ValueError, OSError, KeyError):
            previous = None  # another format, or a damaged file: everything is embedded again
        if previous is not None:
            known = {
                (str(code), title): previous.vectors[row]
                for row, (code, title) in enumerate(zip(previous.codes, previous.titles, strict=True))
            }
    missing = [pair for pair in pairs if pair not in known]
    for start in range(0, len(missing), BATCH):
        chunk = missing[start : start + BATCH]
        for pair, vector in zip(chunk, embed([title for _, title in chunk], query=True), strict=True):
            known[pair] = vector
    vectors = np.array([known[pair] for pair in pairs], dtype=np.float16).reshape(len(pairs), -1)
    TitleIndex([code for code, _ in pairs], [title for _, title in pairs], vectors).save(path)
    return IndexBuilt(titles=len(pairs), embedded=len(missing))


_loaded: dict[Path, tuple[float, TitleIndex]] = {}
_loaded_lock = threading.Lock()


def occupation_index_loaded() -> TitleIndex | None:
    """The saved index, read once per process and again when the file changes; ``None`` without one."""
    if not semantic_enabled():
        return None
    path = occupation_index_path()
    try:
        changed = path.stat().st_mtime
    except FileNotFoundError:
        return None
    with _loaded_lock:
        cached = _loaded.get(path)
        if cached is None or cached[0] != changed:
            _loaded.clear()
            _loaded[path] = (changed, TitleIndex.load(path))
        return _loaded[path][1]
