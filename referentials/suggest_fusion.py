"""Combining the lexical and the semantic rankings of occupation suggestions into one.

The two suggesters fail differently. The lexical one (titles, labels and codes matched letter by letter, typos
forgiven) is right when the words typed are a title's words — "cariste", "aide soignante" — and lost with a phrase
that shares no word with any title. The semantic one finds "répondre au téléphone des clients" but ranks near
titles before the exact one ("vendeuse" among a dozen kinds of sales assistant). Their scores are on different
scales (a trigram similarity, a cosine), so they are merged by rank: weighted reciprocal-rank fusion, each code
scoring ``weight / (K + rank)`` in each list it appears in. A code in both lists rises above codes in one.

Two rules on top, from the evaluation set (tests/data/occupation_eval.csv, figures in docs/adr/0012):
- an exact or near-exact lexical match (score ≥ ``EXACT_SCORE``) stays first: the person typed the title;
- a semantic match with a low similarity is dropped: e5 gives every French text a cosine above 0.7 with every
  other (the best title of a query is at 0.89 or more for 95 % of the set), so the tail of its list is noise that
  would push the lexical hits down.

Pure: lists of (code, title, score) in, a list out; no Django, no model.
"""

from dataclasses import dataclass

# Reciprocal-rank constant: larger flattens the difference between ranks.
RANK_CONSTANT = 3
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 1.0
# A lexical score from which the match is taken as the title itself (scores in [0, 1]).
EXACT_SCORE = 0.99
# Cosine similarities under this are not meaningful for e5 on short French titles.
SEMANTIC_FLOOR = 0.86

Ranked = tuple[str, str, float]


@dataclass(frozen=True)
class FusionWeights:
    """The tuning of ``fuse``; the defaults are the module's constants, measured on the evaluation set."""

    rank_constant: float = RANK_CONSTANT
    lexical: float = LEXICAL_WEIGHT
    semantic: float = SEMANTIC_WEIGHT
    exact_score: float = EXACT_SCORE
    semantic_floor: float = SEMANTIC_FLOOR


DEFAULT_WEIGHTS = FusionWeights()


def _best_per_code(ranked: list[Ranked]) -> list[Ranked]:
    """The list in its order, each code once (its first, best, entry)."""
    seen: set[str] = set()
    kept = []
    for code, title, score in ranked:
        if code not in seen:
            seen.add(code)
            kept.append((code, title, score))
    return kept


def fuse(
    lexical: list[Ranked], semantic: list[Ranked], limit: int = 10, *, weights: FusionWeights = DEFAULT_WEIGHTS
) -> list[Ranked]:
    """One ranking of codes from the lexical and semantic ones (each best first): (code, title, confidence).

    The title shown is the lexical one when the code matched lexically (the words typed), the semantic one
    otherwise. The confidence is in [0, 1]: the fused score over the score of a code ranked first in both lists,
    and at least the lexical score of an exact match.
    """
    if limit <= 0:
        return []
    lexical = _best_per_code(lexical)
    semantic = [item for item in _best_per_code(semantic) if item[2] >= weights.semantic_floor]
    scores: dict[str, float] = {}
    titles: dict[str, str] = {}
    for weight, ranked in ((weights.semantic, semantic), (weights.lexical, lexical)):
        for rank, (code, title, _) in enumerate(ranked, start=1):
            scores[code] = scores.get(code, 0.0) + weight / (weights.rank_constant + rank)
            titles[code] = title  # the lexical title, written last, wins
    best_possible = (weights.lexical + weights.semantic) / (weights.rank_constant + 1)
    confidence = {code: min(1.0, score / best_possible) for code, score in scores.items()}
    order = sorted(scores, key=lambda code: (-scores[code], code))
    if lexical and lexical[0][2] >= weights.exact_score:
        exact_code = lexical[0][0]
        order.remove(exact_code)
        order.insert(0, exact_code)
        confidence[exact_code] = max(confidence[exact_code], lexical[0][2])
    return [(code, titles[code], round(confidence[code], 4)) for code in order[:limit]]
