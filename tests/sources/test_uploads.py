"""Uploaded source files: only what they claim to be, cleaned, and served only while published."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, PngImagePlugin
from pypdf import PdfReader

from casefile.core import workflow
from casefile.sources import uploads
from casefile.sources.models import Source
from tests.factories import SourceFactory
from tests.sources.pdfs import make_pdf
from tests.test_admin import admin_url, form_data

MARKER = "WITNESS-MARKER-Tehran-35.6892"
# A real PDF whose /Author and /Creator name a witness.
PDF = make_pdf(["The victims were buried in secret mass graves."], {"/Author": MARKER, "/Creator": MARKER})
HTML = (
    "<!DOCTYPE html><html><head><title>t</title><style>p{color:red}</style>"
    "<script>alert('x')</script></head><body><h1>UN experts</h1>"
    '<p onclick="steal()">The victims were buried in <b>secret</b> mass graves.</p>'
    '<p>Second paragraph.</p><a href="javascript:steal()">link</a></body></html>'
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(name, data):
    return SimpleUploadedFile(name, data)


def jpeg_with_metadata():
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010E] = MARKER  # ImageDescription
    exif[0x013B] = MARKER  # Artist
    exif[0x8825] = {1: "N", 2: (35.0, 41.0, 21.0), 3: "E", 4: (51.0, 23.0, 0.0)}  # GPS position
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif.tobytes())
    assert MARKER.encode() in output.getvalue()
    return output.getvalue()


def png_with_metadata():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", MARKER)
    output = io.BytesIO()
    Image.new("P", (10, 10), 3).save(output, "PNG", pnginfo=info)
    return output.getvalue()


def served_pdf_text_without_metadata(data):
    """A served PDF: its text as uploaded, and none of the metadata that named the witness."""
    reader = PdfReader(io.BytesIO(data))
    assert MARKER.encode() not in data
    assert not reader.metadata
    return reader.pages[0].extract_text() == "The victims were buried in secret mass graves."


def refused(name, data):
    with pytest.raises(ValidationError) as error:
        uploads.prepare(upload(name, data))
    return " ".join(error.value.messages)


class TestPrepare:
    def test_a_pdf_is_kept_without_its_metadata_under_a_random_name(self):
        assert PdfReader(io.BytesIO(PDF)).metadata["/Author"] == MARKER
        prepared = uploads.prepare(upload("Witness statement of A. B.pdf", PDF))
        stored = prepared.content.read()
        assert MARKER.encode() not in stored
        assert not PdfReader(io.BytesIO(stored)).metadata
        assert PdfReader(io.BytesIO(stored)).pages[0].extract_text() == "The victims were buried in secret mass graves."
        assert prepared.text == "The victims were buried in secret mass graves."
        assert prepared.content.name.endswith(".pdf")
        assert "Witness" not in prepared.content.name

    def test_jpeg_metadata_and_gps_position_are_removed(self):
        prepared = uploads.prepare(upload("photo.jpg", jpeg_with_metadata()))
        data = prepared.content.read()
        assert MARKER.encode() not in data
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG" and image.size == (40, 30)
        assert not image.getexif()
        assert image.getpixel((5, 5))[0] > 240  # still red

    def test_png_text_chunks_are_removed(self):
        prepared = uploads.prepare(upload("scan.png", png_with_metadata()))
        data = prepared.content.read()
        assert MARKER.encode() not in data
        assert Image.open(io.BytesIO(data)).size == (10, 10)

    def test_html_is_sanitised_and_its_text_extracted(self):
        prepared = uploads.prepare(upload("article.html", HTML.encode()))
        stored = prepared.content.read().decode()
        assert "<script" not in stored and "alert" not in stored
        assert "onclick" not in stored and "javascript:" not in stored
        assert "<b>secret</b>" in stored
        assert (
            prepared.text == "UN experts\n\nThe victims were buried in secret mass graves.\n\nSecond paragraph.\n\nlink"
        )

    def test_text_must_be_utf8(self):
        prepared = uploads.prepare(upload("notes.txt", "Evin prison, ۱۳۶۷".encode()))
        assert prepared.text == "Evin prison, ۱۳۶۷"
        assert "not UTF-8" in refused("notes.txt", "Évin".encode("latin-1"))
        assert "binary data" in refused("notes.txt", b"abc\x00def")

    @pytest.mark.parametrize("name", ["report.exe", "report.svg", "report.pdf.js", "report", "page.php"])
    def test_other_types_are_refused_by_name(self, name):
        assert "cannot be uploaded" in refused(name, PDF)

    @pytest.mark.parametrize(
        ("name", "data", "what"),
        [
            ("report.pdf", b"<html><body>not a pdf</body></html>", "PDF"),
            ("photo.jpg", PDF, "an image"),
            ("photo.png", b"\x89PNG\r\n\x1a\n broken", "an image"),
            ("page.html", b"just words, no markup", "HTML"),
        ],
    )
    def test_content_must_be_what_the_name_says(self, name, data, what):
        assert f"name says {what}, but its content is not" in refused(name, data)

    def test_a_file_must_be_what_its_type_says_throughout_not_only_in_its_first_bytes(self):
        # Right first bytes, then something else: refused, or stored only as what the type says.
        assert "name says PDF, but its content is not" in refused("report.pdf", b"%PDF-1.4\n" + b"\x00junk" * 50)
        assert "an image, but its content is not" in refused("photo.png", png_with_metadata()[:40])
        polyglot = PDF + b"\n<html><script>alert(1)</script></html>"
        stored = uploads.prepare(upload("report.pdf", polyglot)).content.read()
        assert b"<script" not in stored and PdfReader(io.BytesIO(stored)).pages

    def test_size_is_limited(self, settings):
        settings.SOURCE_FILE_MAX_BYTES = 2 * 2**20
        message = refused("big.pdf", PDF + b" " * (3 * 2**20))
        assert message == "This file is 3.0 MB; files of up to 2 MB can be uploaded."


@pytest.mark.django_db
class TestAdminUpload:
    def post_source(self, editor_client, url, **changes):
        data = form_data(editor_client.get(url))
        data.pop("file", None)
        return editor_client.post(url, data | changes)

    def test_editor_uploads_html_and_the_archived_text_is_filled(self, editor_client, media_root):
        url = admin_url("sources.source", "add")
        response = self.post_source(
            editor_client, url, title="UN experts on 1988", file=upload("Article by witness.html", HTML.encode())
        )
        assert response.status_code == 302
        source = Source.objects.get(title="UN experts on 1988")
        assert source.snapshot.startswith("UN experts\n\nThe victims were buried in secret mass graves.")
        assert len(source.snapshot_sha256) == 64
        stored = (media_root / source.file.name).read_text()
        assert "alert" not in stored
        assert "witness" not in source.file.name.lower()

    def test_uploaded_files_and_their_folders_are_readable_by_the_sites_user_only(self, editor_client, media_root):
        url = admin_url("sources.source", "add")
        for name, data in [("scan.pdf", PDF), ("photo.jpg", jpeg_with_metadata()), ("page.html", HTML.encode())]:
            assert self.post_source(editor_client, url, title=name, file=upload(name, data)).status_code == 302
        stored = [media_root, *media_root.rglob("*")]
        assert len([path for path in stored if path.is_file()]) == 3
        for path in stored:
            assert path.stat().st_mode & 0o077 == 0, (path, oct(path.stat().st_mode))

    def test_a_new_file_is_a_new_capture_and_the_earlier_text_stays(self, editor_client, editor, source, reviewer):
        url = admin_url("sources.source", "change", source.pk)
        before = source.snapshot
        assert self.post_source(editor_client, url, file=upload("a.txt", b"Other words.")).status_code == 302
        # The source is published: the change is its revision, and the live source is as it was.
        revision = Source.objects.get(revision_of=source)
        assert revision.snapshot == "Other words."
        assert revision.file.name.endswith(".txt")
        source.refresh_from_db()
        assert not source.file
        assert source.snapshot == before
        assert source.captures.count() == 1

        # Once a reviewer publishes the revision, the new file is the live source's newest capture,
        # and the earlier text stays as its first.
        workflow.submit_for_review(record=revision, user=editor)
        workflow.publish(record=revision, user=reviewer)
        source.refresh_from_db()
        assert source.snapshot == "Other words."
        assert source.file.name.endswith(".txt")
        first, second = source.captures.order_by("pk")
        assert (first.text, first.file.name) == (before, "")
        assert (second.text, second.file.name, second.media_type) == ("Other words.", source.file.name, "text/plain")
        assert not Source.objects.filter(revision_of=source).exists()

    def test_a_text_typed_with_a_new_file_is_kept(self, editor_client, source):
        url = admin_url("sources.source", "change", source.pk)
        response = self.post_source(editor_client, url, snapshot="A transcript.", file=upload("a.txt", b"Other words."))
        assert response.status_code == 302
        assert Source.objects.get(revision_of=source).snapshot == "A transcript."

    def test_a_refused_upload_is_explained_beside_the_field_and_changes_nothing(
        self, editor_client, source, media_root
    ):
        url = admin_url("sources.source", "change", source.pk)
        response = self.post_source(editor_client, url, title="Changed title", file=upload("scan.pdf", b"MZ\x90\x00"))
        assert response.status_code == 200
        assert "name says PDF, but its content is not PDF" in str(response.context["adminform"].form.errors["file"])
        source.refresh_from_db()
        assert source.title != "Changed title"
        assert not source.file
        assert not media_root.exists() or not any(media_root.rglob("*.*"))

    def test_the_change_page_accepts_files(self, editor_client, source):
        response = editor_client.get(admin_url("sources.source", "change", source.pk))
        assert 'enctype="multipart/form-data"' in response.text

    def test_editors_open_the_file_of_a_draft_from_its_change_page(self, editor_client):
        source = SourceFactory(state="draft", file=upload("report.pdf", PDF))
        page = editor_client.get(admin_url("sources.source", "change", source.pk)).text
        link = re.search(r'href="([^"]*/file/sources/[^"]+)"', page).group(1)
        response = editor_client.get(link)
        assert response.status_code == 200
        assert served_pdf_text_without_metadata(b"".join(response.streaming_content))
        assert Client().get(link).status_code == 302  # the public is sent to the login page
        assert editor_client.get(link.replace(".pdf", "x.pdf")).status_code == 404
        assert editor_client.get(link.replace("sources/", "../../")).status_code == 404


@pytest.mark.django_db
class TestPublicDownload:
    def test_the_file_of_a_published_source_is_served(self, client):
        source = SourceFactory(file=upload("report.pdf", PDF))
        response = client.get(source.get_file_url())
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert served_pdf_text_without_metadata(b"".join(response.streaming_content))
        assert "no-cache" in response["Cache-Control"]

    def test_html_is_downloaded_rather_than_shown_as_a_page(self, client):
        source = SourceFactory(file=upload("page.html", HTML.encode()))
        response = client.get(source.get_file_url())
        assert response["Content-Disposition"].startswith("attachment")

    @pytest.mark.parametrize("state", ["draft", "in_review", "withdrawn"])
    def test_the_file_of_an_unpublished_source_is_not_found(self, client, state):
        source = SourceFactory(file=upload("report.pdf", PDF), state=state)
        assert client.get(source.get_file_url()).status_code == 404

    def test_uploaded_files_have_no_public_address_of_their_own(self, client, settings):
        source = SourceFactory(file=upload("report.pdf", PDF))
        for prefix in ["/media/", "/", f"/{settings.MEDIA_URL.strip('/')}/" if settings.MEDIA_URL else "/media/"]:
            assert client.get(f"{prefix}{source.file.name}").status_code == 404

    def test_a_source_without_a_file_has_no_download(self, client):
        source = SourceFactory()
        assert source.get_file_url() == ""
        assert client.get(f"/sources/{source.slug}/file/").status_code == 404


def test_an_html_pages_main_text_is_kept_without_its_menus_and_footer():
    para = (
        "The United Nations special rapporteur said on Tuesday that the executions of political prisoners "
        "in the summer of 1988 were carried out on the orders of commissions that sat in several prisons, "
        "and that the families of the victims have never been told where their relatives are buried."
    )
    page = (
        "<!DOCTYPE html><html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
        f"<li><a href='/about'>About us</a></li></ul></nav><article><h1>UN expert on 1988</h1><p>{para}</p>"
        f"<p>{para}</p></article><footer><p>Copyright 2024 Example News. All rights reserved. Contact | "
        "Privacy | Terms</p></footer></body></html>"
    )
    text = uploads.prepare(upload("page.html", page.encode())).text
    assert text == f"UN expert on 1988\n\n{para}\n\n{para}"
    assert "About us" not in text and "Copyright" not in text
