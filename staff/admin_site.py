"""The staff workspace's admin site: Django's, with its autocomplete asked by POST.

An autocomplete field sends what the user types (a candidate's or an advisor's name) with each keystroke. Django's
admin sends it by GET, in the URL, where access logs and proxies keep it; here the field posts it, with the CSRF
token of the page (config/static/workspace/autocomplete_by_post.js), and a GET is refused. The search itself is
unchanged: the target admin's ``get_search_results`` on the rows its ``get_queryset`` lets the user see.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.http import HttpRequest, HttpResponse, JsonResponse


class PostedAutocompleteView(AutocompleteJsonView):
    """Django's autocomplete answer, to a POST only."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
        # The view and its paginator read their parameters from request.GET throughout: they are the posted ones.
        request.GET = request.POST
        return super().get(request, *args, **kwargs)


class TremplinAdminSite(AdminSite):
    def autocomplete_view(self, request: HttpRequest) -> HttpResponse:
        return PostedAutocompleteView.as_view(admin_site=self)(request)
