"""The scoring configuration: the weights of the score's parts and the tolerances of the filters.

There is one configuration in force, ``SCORING``, and every stored result
records its version. Any change to a weight or a parameter must come with a
new version: ``FINGERPRINTS`` pins the content of each version, and a test
fails when the content changes under an old version number.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType

PART_NAMES = ("skills", "occupation", "commute", "availability", "experience")


def _default_weights() -> Mapping[str, int]:
    return MappingProxyType({"skills": 45, "occupation": 20, "commute": 15, "availability": 10, "experience": 10})


@dataclass(frozen=True)
class ScoringConfig:
    """Weights are points out of 100; each part's share of its weight is a number from 0 to 1."""

    version: str
    weights: Mapping[str, int] = field(default_factory=_default_weights)
    # A candidate available this many days after the start date still qualifies, with fewer points.
    availability_tolerance_days: int = 14
    # An occupation of the same ROME family counts this share of an exact wish.
    related_occupation_share: float = 0.5
    # A must-have skill to learn in the pre-hiring training counts this share of a skill already held.
    trainable_skill_share: float = 0.4
    # Nice-to-have skills weigh this share of the skills part, must-haves the rest.
    nice_to_have_share: float = 0.25
    # Experience earns full points at this many years.
    experience_full_years: int = 5

    def __post_init__(self) -> None:
        if tuple(self.weights) != PART_NAMES:
            raise ValueError(f"weights must name the parts {PART_NAMES} in order")
        if sum(self.weights.values()) != 100 or min(self.weights.values()) < 0:
            raise ValueError("weights must be non-negative and add up to 100")

    def fingerprint(self) -> str:
        content = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "version"}
        content["weights"] = dict(self.weights)
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]


SCORING = ScoringConfig(version="2026.1")

FINGERPRINTS: Mapping[str, str] = MappingProxyType({"2026.1": "dac637cd30d7fbdf"})
