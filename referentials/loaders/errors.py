"""The error every loader raises when its input is malformed."""

from dataclasses import dataclass

from django.utils.translation import ngettext


@dataclass(frozen=True)
class RowProblem:
    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}, line {self.line}: {self.message}"


class LoaderError(ValueError):
    """A file that cannot be loaded, with every problem found in it."""

    MAX_LISTED = 50

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        listed = "\n".join(f"  {problem}" for problem in problems[: self.MAX_LISTED])
        more = len(problems) - self.MAX_LISTED
        suffix = f"\n  … and {more} more" if more > 0 else ""
        lines = len({(problem.source, problem.line) for problem in problems})
        counted = ngettext("%(count)d problem", "%(count)d problems", len(problems)) % {"count": len(problems)}
        where = ngettext("on %(count)d line", "on %(count)d lines", lines) % {"count": lines}
        super().__init__(f"{counted} {where}, nothing was loaded:\n{listed}{suffix}")


class ProblemCollector:
    """Collects problems while a file is read, then raises them all at once."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[RowProblem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(RowProblem(self.source, line, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise LoaderError(self.problems)
