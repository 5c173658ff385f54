"""The read-only API: one viewset per record type, built from ``casefile.opendata.registry``.

Every queryset comes from ``casefile.opendata.querysets``, which reads through ``casefile.selectors``.
"""

from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import routers, viewsets

from casefile.opendata.registry import RECORD_TYPES

LOOKUP_CONVERTERS = {"pk": "int", "slug": "slug"}
# What the URL accepts, said in the schema (anything else is not an address of the API).
LOOKUP_SCHEMAS = {
    "pk": {"type": "integer", "minimum": 0},
    "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
}


def viewset_for(record_type):
    """A read-only viewset of ``record_type``: its list (with the public list's filters) and one record."""

    class RecordViewSet(viewsets.ReadOnlyModelViewSet):
        serializer_class = record_type.serializer
        filterset_class = record_type.filterset
        lookup_field = record_type.lookup
        lookup_value_converter = LOOKUP_CONVERTERS[record_type.lookup]

        def get_queryset(self):
            if self.action == "retrieve" and record_type.detail_queryset is not None:
                return record_type.detail_queryset()
            return record_type.queryset()

        def get_serializer_class(self):
            if self.action == "retrieve" and record_type.detail_serializer is not None:
                return record_type.detail_serializer
            return record_type.serializer

    name = "".join(part.capitalize() for part in record_type.name.split("_"))
    RecordViewSet.__name__ = RecordViewSet.__qualname__ = f"{name}ViewSet"
    RecordViewSet.__doc__ = f"{record_type.title}: every published record, with its citations."
    tag = {"tags": [record_type.name]}
    refusals = {
        404: OpenApiResponse(OpenApiTypes.OBJECT, description="No such public record, or an invalid cursor."),
        429: OpenApiResponse(OpenApiTypes.OBJECT, description="Too many requests: see Retry-After."),
    }
    listing = {
        200: record_type.serializer,
        400: OpenApiResponse(OpenApiTypes.OBJECT, description="A filter's value is not valid: the parameter says why."),
        **refusals,
    }
    one = {200: record_type.detail_serializer or record_type.serializer, **refusals}
    lookup = OpenApiParameter(
        record_type.lookup, location=OpenApiParameter.PATH, required=True, type=LOOKUP_SCHEMAS[record_type.lookup]
    )
    return extend_schema_view(
        list=extend_schema(responses=listing, **tag),
        retrieve=extend_schema(responses=one, parameters=[lookup], **tag),
    )(RecordViewSet)


def not_found(request, unknown):
    return JsonResponse({"detail": "Not found."}, status=404)


class Router(routers.DefaultRouter):
    include_format_suffixes = False


router = Router(use_regex_path=False)
for _record_type in RECORD_TYPES:
    router.register(_record_type.name, viewset_for(_record_type), basename=_record_type.name)
