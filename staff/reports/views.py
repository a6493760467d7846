"""The territorial reports: a scope's figures by platform, EPCI, département or sector, month by month.

Who reads what is ``accounts.access.report_scope_for``: a region observer their territory (every platform, or one
département), platform staff their own platforms, a superuser the region; anyone else is not found. Counts only:
no page here names a person. Every door (page, CSV, XLSX, print, PDF) renders the same tables
(``staff.reports.tables``) from the same figures, read from what ``matching.reporting`` keeps ready.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.access import ReportScope, report_scope_for
from accounts.models import Platform
from matching.reporting import measures
from matching.reporting.periods import Period, report_periods
from matching.reporting.tables import DIMENSIONS, Dimension, ReportFigures, report_figures
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
    scope: ReportScope
    scope_label: str
    platforms: list[Platform]
    platform: Platform | None
    dimension: Dimension
    period: Period
    periods: list[Period]
    detail: measures.Measure
    figures: ReportFigures
    tables: list[FigureTable]


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
    figures = report_figures(scope=scope, dimension=dimension, today=today)
    tables = report_tables(figures=figures, dimension=dimension, period=period, detail=detail)
    return Report(scope, label, platforms, platform, dimension, period, periods, detail, figures, tables)


def _freshness(report: Report) -> str:
    if report.figures.refreshed_at is None:
        return _("The figures have not been computed yet: they are every hour.")
    return _("Figures of %(when)s, computed every hour.") % {
        "when": date_format(timezone.localtime(report.figures.refreshed_at), "DATETIME_FORMAT")
    }


def _context(report: Report) -> dict:
    return {
        "title": _("Territorial reports — %(scope)s") % {"scope": report.scope_label},
        "report": report,
        "dimensions": DIMENSIONS.values(),
        "detail_measures": DETAIL_MEASURES,
        "freshness": _freshness(report),
        "legend": str(LEGEND),
        "data": chart_data(report.tables),
    }


@require_GET
@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    return render(request, "staff/reports/report.html", _context(report))


@require_GET
@login_required
def report_print(request: HttpRequest) -> HttpResponse:
    """The monthly report to print (its stylesheet hides the page's controls)."""
    report = _report(request)
    return render(request, "staff/reports/print.html", _context(report))


def _filename(report: Report, extension: str) -> str:
    return f"rapport-{report.dimension.key}-{report.period.key}.{extension}"


def _rows(report: Report) -> list[list]:
    return dashboard_csv_rows(scope=report.scope_label, period=report.period.label, tables=report.tables)


@require_GET
@login_required
def report_csv(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    return dashboard_csv_response(filename=_filename(report, "csv"), rows=_rows(report))


@require_GET
@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    return dashboard_xlsx_response(filename=_filename(report, "xlsx"), rows=_rows(report))


@require_GET
@login_required
def report_pdf_download(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    context = _context(report)
    content = report_pdf(
        title=context["title"],
        subtitle=[report.period.label, str(report.dimension.label), context["freshness"]],
        tables=report.tables,
        legend=context["legend"],
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "pdf")}"'
    return response
