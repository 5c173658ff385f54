"""Public downloads and the page that lists them. Every row is read through ``casefile.selectors``."""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from casefile import selectors

from . import linked_data
from .datapackage import zip_chunks
from .exports import csv_lines, json_chunks, serialized
from .popolo import popolo_data
from .registry import BY_NAME, RECORD_TYPES

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@require_safe
def download(request, name, extension):
    """``/data/<type>.<csv|json>``: the public list of ``name``, with the list's filters from the query string."""
    record_type = BY_NAME.get(name)
    if record_type is None or extension not in CONTENT_TYPES:
        raise Http404("No such download.")
    queryset = record_type.queryset()
    if record_type.filterset is not None:
        filters = record_type.filterset(request.GET, queryset=queryset, request=request)
        if not filters.is_valid():
            return JsonResponse({"errors": filters.errors.get_json_data()}, status=400)
        queryset = filters.qs
    rows = serialized(record_type, queryset.order_by("pk"), {"request": request})
    chunks = csv_lines(record_type, rows) if extension == "csv" else json_chunks(rows)
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="casefile-{name}.{extension}"'
    return response


@require_safe
def data_package(request):
    """The whole public case as one Frictionless data package, built as it is sent: always what is public now."""
    response = StreamingHttpResponse(zip_chunks(request), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="casefile.zip"'
    return response


class DataView(TemplateView):
    """What a researcher can download, and how to reach the API."""

    template_name = "opendata/data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record_types=RECORD_TYPES,
            license_title=settings.DATA_LICENSE_TITLE,
            license_url=settings.DATA_LICENSE_URL,
            **kwargs,
        )


def _public_source(slug):
    return get_object_or_404(selectors.sources(), slug=slug)


@require_safe
def source_bibtex(request, slug):
    response = HttpResponse(linked_data.bibtex(_public_source(slug), request), content_type="application/x-bibtex")
    response["Content-Disposition"] = f'attachment; filename="{slug}.bib"'
    return response


@require_safe
def source_csl(request, slug):
    response = JsonResponse(linked_data.csl_json(_public_source(slug), request), safe=False)
    response["Content-Type"] = "application/vnd.citationstyles.csl+json"
    response["Content-Disposition"] = f'attachment; filename="{slug}.csl.json"'
    return response


@require_safe
def popolo(request):
    """Officials, their positions (as memberships) and the organisations named in them, as Popolo JSON."""
    return JsonResponse(popolo_data(request), json_dumps_params={"ensure_ascii": False})
