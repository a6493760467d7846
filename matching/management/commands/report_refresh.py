"""``manage.py report_refresh``: compute the territorial reports' figures now, as the hourly task does.

For a freshly seeded database (``make setup``) or after a correction, so that nobody waits for the next hour. The
tables are suppressed on their first read (the task also computes the Region's ahead, in a cache the web shares
only when it is Redis). The figures are counts: nothing about a person is printed.
"""

from django.core.management.base import BaseCommand

from matching.reporting.facts import report_facts_refresh


class Command(BaseCommand):
    help = "Compute the territorial reports' figures now (the hourly task's work)."

    def handle(self, *args, **options) -> None:
        refresh = report_facts_refresh()
        self.stdout.write(f"Report figures: {refresh.fact_rows} rows in {refresh.duration_ms} ms.")
