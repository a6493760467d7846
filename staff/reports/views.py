"""The territorial reports: a scope's figures by platform, EPCI, département or sector, month by month.

Who reads what is ``accounts.access.report_scope_for``: a region observer their territory (every platform, or one
département), platform staff their own platforms, a superuser the region; anyone else is not found. Counts only:
no page here names a person. Every door (page, CSV, XLSX, print, PDF) renders the same tables
(``staff.reports.tables``) from the same figures, read from what ``matching.reporting`` keeps ready.
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import ReportScope, report_scope_for
from accounts.models import Platform
from matching.models import ReportRefresh
from matching.reporting import measures
from matching.reporting.periods import Period, report_periods
from matching.reporting.tables import CACHE_SECONDS, DIMENSIONS, Dimension, ReportFigures, report_figures
from staff.dashboard.exports import dashboard_csv_response, dashboard_csv_rows, dashboard_xlsx_response
from staff.dashboard.tables import FigureTable, chart_data
from staff.reports.pdf import report_pdf
from staff.reports.tables import DETAIL_MEASURES, report_tables

LEGEND = gettext_lazy(
    "—: fewer than 5 people, or a figure that would give such a count by difference with others (small cells are "
    "hidden across every table and period)."
)


@dataclass
class Report:
    """What the request asks for; its figures and tables are read only when a rendering is not in the cache."""

    scope: ReportScope
    scope_label: str
    platforms: list[Platform]
    platform: Platform | None
    dimension: Dimension
    period: Period
    periods: list[Period]
    detail: measures.Measure
    today: datetime.date
    refreshed_at: datetime.datetime | None

    @cached_property
    def figures(self) -> ReportFigures:
        return report_figures(scope=self.scope, dimension=self.dimension, today=self.today)

    @cached_property
    def tables(self) -> list[FigureTable]:
        return report_tables(figures=self.figures, dimension=self.dimension, period=self.period, detail=self.detail)

    def rendered(self, kind: str, render: Callable[[], Any]) -> Any:
        """A rendering of these figures (the page's tables, the print page, a file), kept until the next refresh:
        every reader of the same territory and choices gets the same bytes, drawn once."""
        stamp = self.refreshed_at.isoformat() if self.refreshed_at else "never"
        # The title names the territory as its reader knows it (the region narrowed to a platform, or that platform).
        label = hashlib.sha256(self.scope_label.encode()).hexdigest()[:16]
        key = (
            f"reports:rendered:{kind}:{stamp}:{get_language()}:{self.today:%Y-%m}:{self.scope.key}:{label}:"
            f"{self.dimension.key}:{self.period.key}:{self.detail.key}"
        )
        return cache.get_or_set(key, render, CACHE_SECONDS)


def _scope(request: HttpRequest) -> tuple[ReportScope, str, list[Platform], Platform | None]:
    """The user's scope, narrowed to one of its platforms by ``?platform=<id>``; not found for anyone else."""
    scope = report_scope_for(request.user)
    if scope is None:
        raise Http404
    platforms = Platform.objects.order_by("name")
    if scope.platform_ids is not None:
        platforms = platforms.filter(pk__in=scope.platform_ids)
    platforms = list(platforms)
    if scope.departement_code:
        label = _("Département %(code)s") % {"code": scope.departement_code}
    elif scope.platform_ids is None:
        label = _("Region")
    else:
        label = ", ".join(platform.name for platform in platforms)
    asked = request.GET.get("platform")
    if not asked:
        return scope, label, platforms, None
    platform = next((platform for platform in platforms if str(platform.pk) == asked), None)
    if platform is None:
        raise Http404(_("No such platform among those you may read."))
    narrowed = ReportScope(platform_ids=frozenset({platform.pk}), departement_code=scope.departement_code)
    return narrowed, f"{label} — {platform.name}" if scope.platform_ids is None else platform.name, platforms, platform


def _report(request: HttpRequest) -> Report:
    scope, label, platforms, platform = _scope(request)
    today = timezone.localdate()
    dimension = DIMENSIONS.get(request.GET.get("dimension", "platform"))
    periods = report_periods(today)
    period = next((period for period in periods if period.key == request.GET.get("period", "rolling")), None)
    detail = measures.MEASURES_BY_KEY.get(request.GET.get("measure", measures.HIRES.key))
    if dimension is None or period is None or detail is None or detail not in DETAIL_MEASURES:
        raise Http404(_("No such report."))
    refresh = ReportRefresh.objects.order_by("-refreshed_at").values_list("refreshed_at", flat=True).first()
    return Report(scope, label, platforms, platform, dimension, period, periods, detail, today, refresh)


def _freshness(report: Report) -> str:
    if report.refreshed_at is None:
        return _("The figures have not been computed yet: they are every hour.")
    return _("Figures of %(when)s, computed every hour.") % {
        "when": date_format(timezone.localtime(report.refreshed_at), "DATETIME_FORMAT")
    }


def _context(report: Report) -> dict:
    return {
        "title": _("Territorial reports — %(scope)s") % {"scope": report.scope_label},
        "report": report,
        "dimensions": DIMENSIONS.values(),
        "detail_measures": DETAIL_MEASURES,
        "freshness": _freshness(report),
        "legend": str(LEGEND),
    }


@require_GET
@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    context = _context(report)

    def tables() -> str:
        # No request in this rendering: it is shared by every reader of the territory (the page's header is not).
        return render_to_string(
            "staff/reports/_figures.html", {"report": report, "data": chart_data(report.tables), "with_charts": True}
        )

    context["figures_html"] = mark_safe(report.rendered("page", tables))  # noqa: S308 (our template's output)
    return render(request, "staff/reports/report.html", context)


@require_GET
@login_required
def report_print(request: HttpRequest) -> HttpResponse:
    """The monthly report to print (its stylesheet hides the page's controls); it names nobody, so the whole page is
    kept for every reader of the territory."""
    report = _report(request)
    page = report.rendered("print", lambda: render_to_string("staff/reports/print.html", _context(report)))
    return HttpResponse(page)


def _filename(report: Report, extension: str) -> str:
    return f"rapport-{report.dimension.key}-{report.period.key}.{extension}"


def _rows(report: Report) -> list[list]:
    return dashboard_csv_rows(scope=report.scope_label, period=report.period.label, tables=report.tables)


def _kept(report: Report, kind: str, draw: Callable[[], HttpResponse]) -> HttpResponse:
    """A download drawn once per refresh and territory, served again from the cache with the same headers."""

    def drawn() -> tuple[bytes, dict[str, str]]:
        response = draw()
        return response.content, dict(response.items())

    content, headers = report.rendered(kind, drawn)
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


@require_GET
@login_required
def report_csv(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    return _kept(report, "csv", lambda: dashboard_csv_response(filename=_filename(report, "csv"), rows=_rows(report)))


@require_GET
@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    return _kept(
        report, "xlsx", lambda: dashboard_xlsx_response(filename=_filename(report, "xlsx"), rows=_rows(report))
    )


@require_GET
@login_required
def report_pdf_download(request: HttpRequest) -> HttpResponse:
    report = _report(request)

    def draw() -> HttpResponse:
        context = _context(report)
        content = report_pdf(
            title=context["title"],
            subtitle=[report.period.label, str(report.dimension.label), context["freshness"]],
            tables=report.tables,
            legend=context["legend"],
        )
        return HttpResponse(content, content_type="application/pdf")

    response = _kept(report, "pdf", draw)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "pdf")}"'
    return response
