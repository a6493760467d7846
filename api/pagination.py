"""Page-number pagination for every list: ``?page=2&page_size=50`` (``PAGE_SIZE`` by default, at most 100)."""

from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination

MAX_PAGE_SIZE = 100


class PageNumberPagination(BasePageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
