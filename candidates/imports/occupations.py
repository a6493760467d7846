"""A free-text occupation column ("Métier", "Emploi recherché") mapped to ROME codes through the suggester.

Each distinct value, as ``referentials.normalise.search_normalise`` gives it, is asked of
``referentials.suggest.occupation_suggest`` once per check, whatever the number of rows holding it. A confident
answer is applied at once ("mapped"); any other value waits for staff to choose its code ("to confirm"), once for
every row holding it. Staff choices are stored on the import job (``CandidateImport.occupation_choices``, by
search form) and given back to the check that writes, which applies them.
"""

from dataclasses import dataclass, field

from referentials.normalise import search_normalise
from referentials.suggest import OccupationSuggestion, occupation_suggest

# On the suggester's scale, 1 is an exact title or code, 0.9 to 0.95 a title that begins with the text typed, 0.85
# to 0.95 a title whose words each begin with a typed word, and below 0.85 a title found only by shared trigrams
# (typos, words missing): the mapping is automatic only from there up, where the text is one of the titles or
# the beginning of one.
CONFIDENT = 0.85
# ... and clearly ahead of the best other code. Measured on the shipped titles: a value that names one title
# stands 0.04 or more above the next code ("boulanger" 0.967 against 0.919, "téléconseiller" 1 against 0.93); one
# that begins titles of many occupations does not ("conseiller", "vendeur": 0.001 to 0.003; "maçon": 0.018).
AHEAD_BY = 0.04
# Suggestions shown for a value to confirm.
SHOWN = 3
# Lines of the file listed for one value (the count says how many hold it).
LINES_SHOWN = 50

MAPPED = "mapped"
CHOSEN = "chosen"
TO_CONFIRM = "to_confirm"


@dataclass
class OccupationValue:
    """One distinct value of the column, the rows holding it, and what it maps to."""

    key: str  # the value's search form: the key of a staff choice
    text: str  # the value as first written in the file
    status: str  # MAPPED, CHOSEN or TO_CONFIRM
    code: str = ""  # the ROME code applied ("" for none)
    label: str = ""
    matched_title: str = ""
    suggestions: list[OccupationSuggestion] = field(default_factory=list)
    rows: int = 0
    lines: list[int] = field(default_factory=list)

    def as_report(self) -> dict[str, object]:
        return {
            "key": self.key,
            "text": self.text,
            "code": self.code,
            "label": self.label,
            "matched_title": self.matched_title,
            "rows": self.rows,
            "lines": self.lines,
            "suggestions": [
                {
                    "code": suggestion.code,
                    "label": suggestion.label,
                    "matched_title": suggestion.matched_title,
                    "confidence": suggestion.confidence,
                }
                for suggestion in self.suggestions
            ],
        }


def suggestion_is_confident(suggestions: list[OccupationSuggestion]) -> bool:
    """The best suggestion is confident enough, and far enough ahead of the next code, to be applied unasked."""
    if not suggestions or suggestions[0].confidence < CONFIDENT:
        return False
    return len(suggestions) == 1 or suggestions[0].confidence - suggestions[1].confidence >= AHEAD_BY


class OccupationMapper:
    """Maps the column's values for one check: each distinct value asked of the suggester once."""

    def __init__(self, *, occupation_ids: dict[str, int], choices: dict[str, str] | None = None) -> None:
        self.occupation_ids = occupation_ids  # ROME code → occupation id, read once by the row reader
        self.choices = choices or {}
        self.values: dict[str, OccupationValue] = {}

    def _value(self, key: str, text: str) -> OccupationValue:
        if key in self.choices:
            code = self.choices[key]
            label = ""
            suggestions = occupation_suggest(code, 1) if code else []
            if suggestions:
                label = suggestions[0].label
            return OccupationValue(key, text, CHOSEN, code=code, label=label)
        suggestions = occupation_suggest(text, SHOWN + 1)
        if suggestion_is_confident(suggestions):
            best = suggestions[0]
            return OccupationValue(
                key, text, MAPPED, code=best.code, label=best.label, matched_title=best.matched_title
            )
        return OccupationValue(key, text, TO_CONFIRM, suggestions=suggestions[:SHOWN])

    def __call__(self, text: str, line: int) -> int | None:
        """The occupation id of the cell's value, or None (empty, to confirm, or left empty by staff)."""
        key = search_normalise(text)
        if not key:
            return None
        value = self.values.get(key)
        if value is None:
            value = self.values[key] = self._value(key, text)
        value.rows += 1
        if len(value.lines) < LINES_SHOWN:
            value.lines.append(line)
        return self.occupation_ids.get(value.code) if value.code else None

    def by_status(self, status: str) -> list[OccupationValue]:
        return [value for value in self.values.values() if value.status == status]
