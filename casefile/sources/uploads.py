"""Files that editors upload as sources: checked by name and by content, cleaned before they are kept.

A file is accepted only when its extension is one of ``EXTENSIONS`` and its content is what the
extension says: a PDF starts with the PDF signature, an image opens with Pillow as PNG, JPEG, GIF
or WebP, a text or HTML file is UTF-8 (and an HTML file looks like HTML). Before it is stored an
image is re-encoded from its pixels alone, so that no metadata (camera, author, GPS position)
survives, and HTML is sanitised with nh3. The stored name is random: an uploaded file's name can
itself say too much.
"""

import io
import re
import secrets
import warnings
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from . import extract

EXTENSIONS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".gif": "image",
    ".webp": "image",
}
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
ACCEPTED = "PDF, HTML, plain text (.txt) or an image (PNG, JPEG, GIF, WebP)"
_LOOKS_LIKE_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|p|div|article|main|h[1-6]|table)\b", re.I)


@dataclass
class PreparedFile:
    """What is stored: the cleaned file under a random name, and its text when it has one."""

    content: ContentFile
    text: str = ""
    page_starts: list = field(default_factory=list)
    media_type: str = ""


def content_type(name):
    return CONTENT_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")


def file_response(storage, name, download_name):
    """Serve a stored file; archived web pages as downloads, never as pages of this site."""
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    extension = PurePath(name).suffix.lower()
    response = FileResponse(
        handle,
        content_type=content_type(name),
        as_attachment=extension == ".html",
        filename=f"{download_name}{extension}",
    )
    # Revalidate every time: a source that is withdrawn must stop being served at once.
    patch_cache_control(response, no_cache=True)
    return response


def prepare(upload, language="en"):
    """Check an uploaded file and return what to store. Raises ``ValidationError`` with a clear message.

    A PDF must be readable throughout (every page), not only start with the PDF signature; it is
    stored written again without its metadata, and its text is extracted page by page.
    """
    extension = PurePath(upload.name or "").suffix.lower()
    kind = EXTENSIONS.get(extension)
    if kind is None:
        raise ValidationError(
            _("Files of this type cannot be uploaded. Upload a %(accepted)s file."),
            code="file_type",
            params={"accepted": ACCEPTED},
        )
    limit = settings.SOURCE_FILE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size).1f MB; files of up to %(limit)d MB can be uploaded."),
            code="file_size",
            params={"size": upload.size / 2**20, "limit": limit // 2**20},
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if kind == "pdf":
        if not data.startswith(b"%PDF-"):
            raise _not_what_it_says("PDF")
        cleaned, extracted = extract.pdf(data)
        return PreparedFile(_named(cleaned, ".pdf"), extracted.text, extracted.page_starts, "application/pdf")
    if kind == "image":
        return _prepare_image(data)
    text = _utf8(data)
    if kind == "text":
        return PreparedFile(_named(text.encode(), ".txt"), text, media_type="text/plain")
    if not _LOOKS_LIKE_HTML.search(data[:65536]):
        raise _not_what_it_says("HTML")
    # Script, style and the <title> (outside the page's body) are dropped with their content.
    cleaned = nh3.clean(text, clean_content_tags={"script", "style", "title", "noscript", "template"})
    return PreparedFile(
        _named(cleaned.encode(), ".html"), extract.html_main_text(cleaned, language), media_type="text/html"
    )


def _named(data, extension):
    return ContentFile(data, name=f"{secrets.token_hex(12)}{extension}")


def _not_what_it_says(what):
    return ValidationError(
        _("The file's name says %(what)s, but its content is not %(what)s. Upload the file itself, not a renamed one."),
        code="file_content",
        params={"what": what},
    )


def _utf8(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("This file is not UTF-8 text. Save it as UTF-8 (or as PDF) and upload it again."),
            code="file_encoding",
        ) from None
    if "\x00" in text:
        raise ValidationError(_("This file contains binary data, not text."), code="file_encoding")
    return text


def _prepare_image(data):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image_format = image.format
            if image_format not in IMAGE_FORMATS:
                raise _not_what_it_says(_("an image"))
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _not_what_it_says(_("an image")) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("This image has too many pixels to be kept."), code="file_size") from None
    # Turn the picture upright as the camera meant it, then copy the pixels alone: EXIF, GPS,
    # XMP, ICC profiles and comments stay behind.
    image = ImageOps.exif_transpose(image)
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P":
        clean.putpalette(image.getpalette())
        if "transparency" in image.info and image_format != "WEBP":
            clean.info["transparency"] = image.info["transparency"]
    extension = IMAGE_FORMATS[image_format]
    if image_format == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
        clean = clean.convert("RGB")
    output = io.BytesIO()
    options = {"quality": 92} if image_format in ("JPEG", "WEBP") else {}
    if "transparency" in clean.info:
        options["transparency"] = clean.info["transparency"]
    clean.save(output, format=image_format, **options)
    return PreparedFile(_named(output.getvalue(), extension), media_type=CONTENT_TYPES[extension])


class _TextExtractor(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html):
    """The readable text of (sanitised) HTML: one paragraph a line, blank lines squeezed."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    paragraphs = [line for line in lines if line]
    return "\n\n".join(paragraphs)
