"""``manage.py occupation_suggest "text" [--limit N] [--json]``: the occupations the suggester gives for a text.

For staff checking how a title people type is understood, and for scripts (``--json``).
"""

import json as json_module

from django.core.management.base import BaseCommand, CommandError, CommandParser

from referentials.suggest import MAX_LIMIT, occupation_suggest


class Command(BaseCommand):
    help = "Suggest ROME occupations for a job title as people type it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="The job title or words to look up, such as “téléconseiller”.")
        parser.add_argument("--limit", type=int, default=10, help=f"At most this many (1 to {MAX_LIMIT}; 10).")
        parser.add_argument("--json", action="store_true", help="Print a JSON list instead of a table.")

    def handle(self, *args, text: str, limit: int, json: bool, **options) -> None:
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {MAX_LIMIT}.")
        if not text.strip():
            raise CommandError("Give the text to look up, such as “téléconseiller”.")
        suggestions = occupation_suggest(text, limit)
        if json:
            self.stdout.write(_as_json(suggestions))
            return
        if not suggestions:
            self.stdout.write(f"No occupation found for “{text}”.")
            return
        self.stdout.write(f"{'code':<6} {'confidence':>10}  {'matched title':<50} label")
        for suggestion in suggestions:
            self.stdout.write(
                f"{suggestion.code:<6} {suggestion.confidence:>10.3f}  {suggestion.matched_title[:50]:<50} "
                f"{suggestion.label}"
            )


def _as_json(suggestions: list) -> str:
    rows = [
        {"code": s.code, "label": s.label, "matched_title": s.matched_title, "confidence": s.confidence}
        for s in suggestions
    ]
    return json_module.dumps(rows, ensure_ascii=False, indent=2)
