"""Import from the admin (django-import-export): upload a CSV or Excel file, preview every row and error, confirm.

The preview is the library's dry run (in a transaction rolled back, so nothing is written); a file
with any error cannot be confirmed; confirming imports every row as one review batch or none
(``casefile.curation.resources``). Each list of victims, people, sources and sites offers it.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm

from casefile.cases.models import Case

from .resources import row_errors

SAMPLE_FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX.CONTENT_TYPE}


class CaseImportForm(ImportForm):
    case = forms.ModelChoiceField(
        queryset=Case.objects.all(),
        required=False,
        label=gettext_lazy("Case"),
        help_text=gettext_lazy("The case the imported records belong to (not needed for sources)."),
    )


class CaseConfirmImportForm(ConfirmImportForm):
    case = forms.ModelChoiceField(queryset=Case.objects.all(), required=False, widget=forms.HiddenInput())


class RecordImportMixin(ImportMixin):
    """The admin's *Import from a file* for a record type whose ``resource_classes`` names its resource."""

    import_template_name = "admin/curation/import.html"
    import_form_class = CaseImportForm
    confirm_form_class = CaseConfirmImportForm
    import_formats = [CSV, XLSX]
    skip_admin_log = True  # each record's history says who imported it

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        case = form.cleaned_data.get("case") if form is not None and hasattr(form, "cleaned_data") else None
        return {"case": case, "user": request.user}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None and import_form.cleaned_data.get("case"):
            initial["case"] = import_form.cleaned_data["case"].pk
        return initial

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        sample = path(
            "import/sample.<str:kind>",
            self.admin_site.admin_view(self.sample_view),
            name="{}_{}_import_sample".format(*info),
        )
        return [sample, *super().get_urls()]

    def sample_view(self, request, kind):
        """A file with the header row and one example row, to fill in."""
        if kind not in SAMPLE_FORMATS or not self.has_import_permission(request):
            return HttpResponse(status=404)
        resource = self.get_import_resource_classes(request)[0]
        response = HttpResponse(resource.sample_dataset().export(kind), content_type=SAMPLE_FORMATS[kind])
        response["Content-Disposition"] = f'attachment; filename="{self.opts.model_name}-sample.{kind}"'
        return response

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None:
            resource = self.get_import_resource_classes(request)[0]
            context["columns"] = resource.columns()
            context["required"] = resource.required
            result = context.get("result")
            if result is not None:
                context["import_errors"] = row_errors(result)
                context["preview_rows"] = [
                    {"number": row.number, "diff": row.diff, "duplicates": getattr(row, "duplicates", [])}
                    for row in _numbered(result)
                ]
                context["duplicate_count"] = sum(1 for row in context["preview_rows"] if row["duplicates"])
        return response

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:  # the preview's file was already imported, or has expired
            messages.error(request, _("This preview has expired or was already imported: upload the file again."))
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")

    def process_result(self, result, request):
        batch = getattr(result, "batch", None)
        if batch is None:
            messages.error(request, _("Nothing was imported: %(errors)s") % {"errors": row_errors(result)})
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        count = result.totals.get("new", 0)
        messages.success(
            request,
            _("Imported %(count)d %(records)s as one review batch: a reviewer publishes them.")
            % {"count": count, "records": self.opts.verbose_name_plural},
        )
        return redirect(batch.get_absolute_url())


def _numbered(result):
    """The valid rows of ``result`` with their spreadsheet row numbers (the header is row 1)."""
    rows = []
    for number, row in enumerate(result.rows, start=2):
        if row.import_type in ("new", "update"):
            row.number = number
            rows.append(row)
    return rows
