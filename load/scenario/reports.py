"""The territorial reports' readers: region observers, who read nothing else, and (from ``scenario.staff``) the
manager, now and then.

The report pages read only the figures rebuilt every hour (``matching_reportfact``) and the tables computed from
them, kept in the cache until the next rebuild: what they cost does not grow with the candidates. Their query picks
a dimension and a period, and now and then one platform of the reader's territory and the measure shown in detail;
each page is named by its dimension, the tables of some dimensions having many more lines than others.
"""

import itertools
from urllib.parse import urlencode

from locust import task

from scenario.base import FIXTURE, TremplinUser

REPORTS = FIXTURE["reports"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_query(user: TremplinUser, *, platforms: list[int]) -> str:
    """A report's query string: a dimension and a period; one platform in three reads, and a detail measure in two."""
    query = {
        "dimension": user.random.choice(REPORTS["dimensions"]),
        "period": user.random.choice(REPORTS["periods"]),
    }
    if platforms and user.random.random() < 1 / 3:
        query["platform"] = str(user.random.choice(platforms))
    if user.random.random() < 1 / 2:
        query["measure"] = user.random.choice(REPORTS["measures"])
    return urlencode(query)


def report_page(user: TremplinUser, *, platforms: list[int]) -> None:
    query = report_query(user, platforms=platforms)
    dimension = query.split("&")[0].split("=")[1]
    user.read(f"/staff/reports/?{query}", f"/staff/reports/?dimension={dimension}", showing='id="report-dimension"')


class RegionObserver(TremplinUser):
    """A region observer, of the whole region or of one département (the two accounts in turn): the report page, its
    printed version, and now and then a download of its tables as CSV, XLSX or PDF."""

    weight = 2
    accounts = itertools.cycle(FIXTURE["observers"])

    def _query(self) -> str:
        return report_query(self, platforms=self.account["platforms"])

    @task(10)
    def report(self) -> None:
        report_page(self, platforms=self.account["platforms"])

    @task(2)
    def report_print(self) -> None:
        self.read(f"/staff/reports/print/?{self._query()}", "/staff/reports/print/", showing='class="report-print"')

    @task(1)
    def report_csv(self) -> None:
        self.download(
            f"/staff/reports/export.csv?{self._query()}", "/staff/reports/export.csv", content_type="text/csv"
        )

    @task(1)
    def report_xlsx(self) -> None:
        self.download(f"/staff/reports/export.xlsx?{self._query()}", "/staff/reports/export.xlsx", content_type=XLSX)

    @task(1)
    def report_pdf(self) -> None:
        self.download(
            f"/staff/reports/report.pdf?{self._query()}", "/staff/reports/report.pdf", content_type="application/pdf"
        )
