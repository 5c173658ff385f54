"""Uploaded source files, served to the public only while their source is published.

Files live under MEDIA_ROOT, which no public URL serves: this view is the public's only way to them.
"""

from django.shortcuts import get_object_or_404

from casefile import selectors
from casefile.sources.uploads import file_response


def source_file(request, slug):
    source = get_object_or_404(selectors.sources().exclude(file=""), slug=slug)
    return file_response(source.file.storage, source.file.name, source.slug)
