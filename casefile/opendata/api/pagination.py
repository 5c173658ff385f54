from django.conf import settings
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Cursor pagination by primary key: page 1,000 costs what page 1 does (an index seek, no OFFSET)."""

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        self.page_size = settings.API_PAGE_SIZE
        return super().get_page_size(request)
