"""The platform dashboard: one platform's figures, a manager's region, and their CSV exports.

Only platform staff reach these pages. A user chooses among the platforms they belong to (a superuser, among all);
any other platform is not found. The region view is for managers and superusers: the aggregate of every platform
they may see, with one line per platform. Each page downloads as CSV or XLSX, the same lines either way.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import is_platform_staff, platform_ids_for
from accounts.enums import MembershipRole
from accounts.models import Platform
from staff.dashboard.cached import dashboard_figures_recent, dashboard_platforms_recent
from staff.dashboard.exports import dashboard_csv_response, dashboard_csv_rows, dashboard_xlsx_response
from staff.dashboard.figures import dashboard_figures, dashboard_platforms
from staff.dashboard.forms import DateRangeForm
from staff.dashboard.selectors import DateRange
from staff.dashboard.tables import chart_data, figure_tables, platform_table


def _visible_platforms(request: HttpRequest) -> QuerySet[Platform]:
    """The platforms whose figures the user may see; not found for anyone but platform staff."""
    user = request.user
    if not is_platform_staff(user):
        raise Http404
    platforms = Platform.objects.order_by("name")
    return platforms if user.is_superuser else platforms.filter(pk__in=platform_ids_for(user))


def _chosen_platform(request: HttpRequest) -> tuple[Platform, list[Platform]]:
    """The platform of ``?platform=<id>`` (the first one by name without it), and every platform to choose from."""
    platforms = list(_visible_platforms(request))
    if not platforms:
        raise Http404(_("No platform to show."))
    asked = request.GET.get("platform")
    if asked is None:
        return platforms[0], platforms
    chosen = next((platform for platform in platforms if str(platform.pk) == asked), None)
    if chosen is None:
        raise Http404(_("No such platform among yours."))
    return chosen, platforms


def _is_manager(user) -> bool:
    return user.is_superuser or user.memberships.filter(role=MembershipRole.MANAGER).exists()


def _region_platforms(request: HttpRequest) -> list[Platform]:
    """Every platform a manager belongs to (every platform for a superuser); not found for an advisor."""
    platforms = list(_visible_platforms(request))
    if not platforms or not _is_manager(request.user):
        raise Http404
    return platforms


def _period(date_range: DateRange) -> str:
    if date_range.start is None and date_range.end is None:
        return _("Whole history")
    start = date_format(date_range.start, "SHORT_DATE_FORMAT") if date_range.start else "…"
    end = date_format(date_range.end, "SHORT_DATE_FORMAT") if date_range.end else "…"
    return f"{start} – {end}"


def _page_context(form: DateRangeForm, figures: dict) -> dict:
    tables = figure_tables(figures)
    date_range = form.date_range()
    return {
        "form": form,
        "tables": tables,
        "data": chart_data(tables),
        "period": _period(date_range),
        "figures_age_limit": settings.DASHBOARD_CACHE_SECONDS,
    }


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    platform, platforms = _chosen_platform(request)
    form = DateRangeForm(request.GET)
    figures = dashboard_figures_recent(platform_ids=[platform.pk], date_range=form.date_range())
    context = _page_context(form, figures) | {
        "title": _("Dashboard — %(platform)s") % {"platform": platform.name},
        "platform": platform,
        "platforms": platforms,
        "shows_region_link": _is_manager(request.user),
    }
    return render(request, "staff/dashboard/dashboard.html", context)


def _download(*, file_format: str, name: str, scope: str, period: str, tables: list) -> HttpResponse:
    """The tables as a CSV or XLSX file: the same lines either way."""
    rows = dashboard_csv_rows(scope=scope, period=period, tables=tables)
    if file_format == "xlsx":
        return dashboard_xlsx_response(filename=f"{name}.xlsx", rows=rows)
    return dashboard_csv_response(filename=f"{name}.csv", rows=rows)


def _platform_download(request: HttpRequest, file_format: str) -> HttpResponse:
    platform, _platforms = _chosen_platform(request)
    date_range = DateRangeForm(request.GET).date_range()
    tables = figure_tables(dashboard_figures(platform_ids=[platform.pk], date_range=date_range))
    return _download(
        file_format=file_format,
        name=f"tableau-de-bord-{platform.slug}",
        scope=platform.name,
        period=_period(date_range),
        tables=tables,
    )


@login_required
@require_GET
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    return _platform_download(request, "csv")


@login_required
@require_GET
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    return _platform_download(request, "xlsx")


@login_required
@require_GET
def dashboard_region(request: HttpRequest) -> HttpResponse:
    platforms = _region_platforms(request)
    form = DateRangeForm(request.GET)
    platform_ids = [platform.pk for platform in platforms]
    figures = dashboard_figures_recent(platform_ids=platform_ids, date_range=form.date_range())
    breakdown = dashboard_platforms_recent(platform_ids=platform_ids, date_range=form.date_range())
    lines = platform_table([(platform.name, breakdown[platform.pk]) for platform in platforms])
    context = _page_context(form, figures) | {
        "title": _("Dashboard — region"),
        "platforms": platforms,
        "breakdown": [(platform, breakdown[platform.pk]) for platform in platforms],
        # The line per platform as the exports write it: its columns, and each platform's values with its link.
        "platform_lines": lines,
        "platform_values": [
            (platform, values) for platform, (_name, values) in zip(platforms, lines.rows, strict=True)
        ],
    }
    return render(request, "staff/dashboard/region.html", context)


def _region_download(request: HttpRequest, file_format: str) -> HttpResponse:
    platforms = _region_platforms(request)
    date_range = DateRangeForm(request.GET).date_range()
    platform_ids = [platform.pk for platform in platforms]
    breakdown = dashboard_platforms(platform_ids=platform_ids, date_range=date_range)
    tables = [
        platform_table([(platform.name, breakdown[platform.pk]) for platform in platforms]),
        *figure_tables(dashboard_figures(platform_ids=platform_ids, date_range=date_range)),
    ]
    return _download(
        file_format=file_format,
        name="tableau-de-bord-region",
        scope=", ".join(platform.name for platform in platforms),
        period=_period(date_range),
        tables=tables,
    )


@login_required
@require_GET
def dashboard_region_csv(request: HttpRequest) -> HttpResponse:
    return _region_download(request, "csv")


@login_required
@require_GET
def dashboard_region_xlsx(request: HttpRequest) -> HttpResponse:
    return _region_download(request, "xlsx")
