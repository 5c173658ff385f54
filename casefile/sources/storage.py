"""Where uploaded source files are kept: MEDIA_ROOT, which no public URL serves.

A file's ``url`` is the admin's view of it, for staff; the public reaches a published source's
file through ``Source.get_file_url()`` only.
"""

from django.core.files.storage import FileSystemStorage
from django.urls import reverse


class SourceFileStorage(FileSystemStorage):
    def url(self, name):
        return reverse("admin:sources_source_file", kwargs={"name": name})


def source_file_storage():
    return SourceFileStorage()
