"""*Import from a file* on the admin lists of victims, people, sources and sites.

Added here, by the curation app, so that the records' own admin modules need not know about imports.
"""

from django.contrib import admin

from .admin_import import RecordImportMixin
from .resources import RESOURCES


def _with_import(resource):
    model = resource._meta.model
    model_admin = type(admin.site._registry[model])
    admin.site.unregister(model)
    admin.site.register(
        model,
        type(model_admin.__name__, (RecordImportMixin, model_admin), {"resource_classes": [resource]}),
    )


for _resource in RESOURCES.values():
    _with_import(_resource)
