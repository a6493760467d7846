"""Page-number pagination for every list: ``?page=2&page_size=50`` (``PAGE_SIZE`` by default, at most 100).

A list counts its rows up to ``COUNT_AT_MOST`` (10,000), as the admin's lists do: beyond it, ``count`` is the bound
and ``count_is_bounded`` is true, and the pages stop there. Counting every one of a platform's candidates who want a
common occupation costs more than the page itself at a million candidates; a client narrows its filters instead.
"""

from typing import Any

from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from referentials.pagination import COUNT_AT_MOST, BoundedCountPaginator

MAX_PAGE_SIZE = 100
COUNT_DESCRIPTION = f"How many rows match, counted up to {COUNT_AT_MOST:,}."
COUNT_IS_BOUNDED_DESCRIPTION = "True when more rows match than `count`: the pages stop there; narrow the filters."


class PageNumberPagination(BasePageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    django_paginator_class = BoundedCountPaginator

    def get_paginated_response(self, data: Any) -> Response:
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_is_bounded": paginator.is_bounded,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        described = super().get_paginated_response_schema(schema)
        described["required"] = [*described.get("required", []), "count_is_bounded"]
        described["properties"] = {
            "count": {
                **described["properties"]["count"],
                "description": COUNT_DESCRIPTION,
            },
            "count_is_bounded": {
                "type": "boolean",
                "example": False,
                "description": COUNT_IS_BOUNDED_DESCRIPTION,
            },
            **{name: value for name, value in described["properties"].items() if name != "count"},
        }
        return described


def paginated(view: APIView, request: Request, items: Any) -> tuple[list, PageNumberPagination]:
    """One page of ``items`` for ``view``, and the paginator that renders its response."""
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(items, request, view=view)
    return page, paginator
