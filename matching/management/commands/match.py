"""``manage.py match``: compute suggestions for a need, a candidate or every open need, and show the best ones."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from candidates.models import Candidate
from employers.models import StaffingNeed
from matching.engine.config import PART_NAMES, SCORING
from matching.enums import RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion
from matching.services import match_run_execute, match_run_finish, match_run_request, match_run_shard_execute

BAR_WIDTH = 40


class Command(BaseCommand):
    help = "Send a matching run to the workers (or run it here with --sync), follow its progress, print the top."

    def add_arguments(self, parser: CommandParser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--need", type=int, help="Id of a staffing need.")
        target.add_argument("--candidate", type=int, help="Id of a candidate.")
        target.add_argument("--all", action="store_true", help="Every open need.")
        parser.add_argument("--sync", action="store_true", help="Run in this process instead of on the workers.")
        parser.add_argument("--top", type=int, default=10, help="How many suggestions to print per need.")
        parser.add_argument("--timeout", type=float, default=600, help="Seconds to wait for the workers.")

    def handle(
        self,
        *args,
        need: int | None,
        candidate: int | None,
        all: bool,
        sync: bool,
        top: int,
        timeout: float,
        **options,
    ) -> None:
        found_need = found_candidate = None
        if need is not None:
            found_need = StaffingNeed.objects.filter(pk=need).first()
            if found_need is None:
                raise CommandError(f"No staffing need has the id {need}.")
        if candidate is not None:
            found_candidate = Candidate.objects.filter(pk=candidate).first()
            if found_candidate is None:
                raise CommandError(f"No candidate has the id {candidate}.")
        scope = RunScope.NEED if found_need else RunScope.CANDIDATE if found_candidate else RunScope.ALL
        if sync:
            run = self._run_here(scope, found_need, found_candidate)
        else:
            with transaction.atomic():
                run = match_run_request(scope=scope, need=found_need, candidate=found_candidate)
            run = self._follow(run.pk, timeout)
        self._print_results(run, top)

    def _run_here(self, scope: str, need: StaffingNeed | None, candidate: Candidate | None) -> MatchRun:
        run = MatchRun.objects.create(scope=scope, need=need, candidate=candidate, scoring_version=SCORING.version)
        match_run_execute(run_id=run.pk, dispatch_shards=False)
        run.refresh_from_db()
        if scope == RunScope.ALL:
            for index in run.shards.order_by("index").values_list("index", flat=True):
                match_run_shard_execute(run_id=run.pk, index=index, dispatch_finish=False)
                self._draw(MatchRun.objects.get(pk=run.pk))
            match_run_finish(run_id=run.pk)
        run.refresh_from_db()
        self._draw(run)
        self.stdout.write("")
        return run

    def _follow(self, run_id: int, timeout: float) -> MatchRun:
        deadline = time.monotonic() + timeout
        while True:
            run = MatchRun.objects.get(pk=run_id)
            self._draw(run)
            if run.is_finished:
                self.stdout.write("")
                return run
            if time.monotonic() > deadline:
                self.stdout.write("")
                raise CommandError(
                    f"Run {run_id} still {run.get_status_display()} after {timeout:.0f} s: is a worker running?"
                )
            time.sleep(0.2)

    def _draw(self, run: MatchRun) -> None:
        filled = BAR_WIDTH * run.progress_percent // 100
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        progress = f"{run.progress_percent:3d} % {run.progress_done}/{run.progress_total}"
        self.stdout.write(f"\r[{bar}] {progress} {run.get_status_display()}", ending="")
        sys.stdout.flush()

    def _print_results(self, run: MatchRun, top: int) -> None:
        if run.status == RunStatus.FAILED:
            raise CommandError(f"Run {run.pk} failed: {run.error}")
        self.stdout.write(
            self.style.SUCCESS(f"Run {run.pk} succeeded: {run.suggestions_stored} suggestions, timings {run.timings}")
        )
        suggestions = MatchSuggestion.objects.select_related("need").order_by("need_id", "rank")
        if run.need_id:
            suggestions = suggestions.filter(need_id=run.need_id)
        elif run.candidate_id:
            suggestions = suggestions.filter(candidate_id=run.candidate_id)
        else:
            suggestions = suggestions.filter(run=run)
        shown: dict[int, int] = {}
        for suggestion in suggestions.iterator():
            if shown.get(suggestion.need_id, 0) >= top:
                continue
            if suggestion.need_id not in shown:
                self.stdout.write(f"\nNeed #{suggestion.need_id} {suggestion.need.title}")
            shown[suggestion.need_id] = shown.get(suggestion.need_id, 0) + 1
            parts = " + ".join(f"{name} {suggestion.parts[name] / 100:.2f}" for name in PART_NAMES)
            flags = " (proposed)" if suggestion.is_proposed else ""
            train = ", ".join(skill["label"] for skill in suggestion.skills_to_train)
            score = f"{suggestion.score / 100:6.2f}"
            self.stdout.write(
                f"  {suggestion.rank:>3}. candidate #{suggestion.candidate_id}: {score} = {parts}"
                f"; {suggestion.distance_km} km{flags}" + (f"; to train: {train}" if train else "")
            )
