"""Import victims from the admin: upload a CSV or Excel file, see every row and every error, then confirm.

Nothing is written until the editor confirms; a file with any error cannot be confirmed, and the
confirmed import writes every row in one transaction or none (``casefile.curation.victims``).
Between the preview and the confirmation the file waits under ``MEDIA_ROOT/imports/``, readable
by the site's user only, and is deleted once imported.
"""

import csv
import io
import re
import secrets
import zipfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casefile.cases.models import Case

from .victims import COLUMNS, VictimImportError, check_victims, import_victims

PREVIEW_ROWS = 500
TOKEN = re.compile(r"^[0-9a-f]{32}$")
ERROR = re.compile(r"^row (\d+): ([\w, ]+): (.*)$", re.S)
SAMPLE = {
    "name": "Example Name",
    "name_fa": "نام نمونه",
    "other_names": "Example Nam; E. Name",
    "fate": "executed",
    "affiliation": "",
    "prison": "evin-prison",
    "arrest_date": "1981",
    "death_date": "1988-08",
    "burial_site": "",
    "notes": "",
    "source": "",
    "quote": "",
}


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV (UTF-8) or Excel (.xlsx) file"))
    case = forms.ModelChoiceField(queryset=Case.objects.all(), label=gettext_lazy("Case"))


def file_text(upload):
    """The uploaded file as CSV text: a CSV file as it is, the first sheet of an .xlsx file converted."""
    data = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        return xlsx_to_csv(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise VictimImportError([_("The file is not UTF-8 text: save it as “CSV UTF-8”, or as .xlsx.")]) from None


def xlsx_to_csv(data):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError):
        raise VictimImportError([_("The file cannot be read as an Excel (.xlsx) workbook.")]) from None
    output = io.StringIO()
    writer = csv.writer(output)
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(["" if value is None else _cell(value) for value in row])
    return output.getvalue()


def _cell(value):
    if hasattr(value, "date") and hasattr(value, "hour"):  # a datetime from a date cell
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _folder():
    folder = settings.MEDIA_ROOT / "imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _keep(text):
    token = secrets.token_hex(16)
    path = _folder() / f"{token}.csv"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return token


def _kept(token):
    if not TOKEN.match(token or ""):
        return None
    path = _folder() / f"{token}.csv"
    return path if path.is_file() else None


def error_rows(errors):
    """Each error as (row, column, what is wrong) for the preview table."""
    found = []
    for error in errors:
        match = ERROR.match(error)
        found.append(match.groups() if match else ("", "", error))
    return found


def sample_csv():
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerow(SAMPLE)
    response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="victims-sample.csv"'
    return response


def import_view(model_admin, request):
    """The upload form, its preview, and the confirmation (``admin:people_victim_import``)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.GET.get("sample") == "csv":
        return sample_csv()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import victims"),
        "columns": COLUMNS,
        "form": UploadForm(),
    }
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(model_admin, request, context)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            try:
                text = file_text(form.cleaned_data["file"])
                checked = check_victims(text)
            except VictimImportError as error:
                context["file_errors"] = error.errors
            else:
                context.update(_preview(checked, form.cleaned_data["case"], text if not checked.errors else None))
    return TemplateResponse(request, "admin/curation/victim_import.html", context)


def _preview(checked, case, text):
    shown = []
    for row, plan in list(zip(checked.rows, checked.plans, strict=True))[:PREVIEW_ROWS]:
        victim = plan["victim"]
        shown.append(
            {
                "number": row.number,
                "name": plan["person"].name,
                "name_fa": plan["person"].name_fa,
                "other_names": "; ".join(plan["aliases"]),
                "fate": victim.fate,
                "death_date": row.values.get("death_date", ""),
                "prison": victim.prison.name if victim.prison else "",
                "duplicates": checked.duplicates.get(row.number, []),
            }
        )
    return {
        "preview": True,
        "case": case,
        "count": len(checked.rows),
        "rows": shown,
        "more": max(0, len(checked.rows) - PREVIEW_ROWS),
        "errors": error_rows(checked.errors),
        "duplicate_count": len(checked.duplicates),
        "token": _keep(text) if text is not None else "",
    }


def _confirm(model_admin, request, context):
    path = _kept(request.POST.get("token"))
    case = Case.objects.filter(pk=request.POST.get("case")).first() if request.POST.get("case", "").isdigit() else None
    if path is None or case is None:
        context["file_errors"] = [_("This preview has expired or was already imported: upload the file again.")]
        return TemplateResponse(request, "admin/curation/victim_import.html", context, status=400)
    text = path.read_text(encoding="utf-8")
    try:
        count = import_victims(text, case=case, user=request.user)
    except VictimImportError as error:
        # The database changed since the preview (a site or source removed): nothing was written.
        context["file_errors"] = [_("Nothing was imported.")]
        context.update(_preview(check_victims(text), case, None))
        context["errors"] = error_rows(error.errors)
        return TemplateResponse(request, "admin/curation/victim_import.html", context, status=400)
    path.unlink(missing_ok=True)
    messages.success(request, _("Imported %(count)d victims as drafts: a reviewer publishes them.") % {"count": count})
    return redirect(reverse(f"{model_admin.admin_site.name}:people_victim_changelist") + "?state__exact=draft")
