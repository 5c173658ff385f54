"""Uploaded source files, served to the public only while their source is published.

Files live under MEDIA_ROOT, which no URL serves: this view is the only way to them.
"""

from pathlib import PurePath

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control

from casefile.sources.models import Source
from casefile.sources.uploads import content_type


def source_file(request, slug):
    source = get_object_or_404(Source.objects.published().exclude(file=""), slug=slug)
    try:
        handle = source.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    extension = PurePath(source.file.name).suffix.lower()
    response = FileResponse(
        handle,
        content_type=content_type(source.file.name),
        # Archived web pages are downloaded rather than shown as pages of this site.
        as_attachment=extension == ".html",
        filename=f"{source.slug}{extension}",
    )
    # Revalidate every time: a source that is withdrawn must stop being served at once.
    patch_cache_control(response, no_cache=True)
    return response
