"""What the API (and every download) says about each record: the public fields, with citations nested.

Related records are read through ``casefile.selectors`` by the viewsets' prefetches, so a link
to a hidden record reads as ``null`` (a forward key) or is absent (a list): a serializer never
decides what is public. A withheld witness is only ever a code.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casefile import selectors
from casefile.core.bilingual import SUFFIX, original
from casefile.core.dates import format_partial_date
from casefile.figures.models import Answer
from casefile.opendata.links import absolute
from casefile.sources.corroboration import independent_sources


class Text(serializers.CharField):
    """A text of the project's own in one language, whatever the request's: ``title`` is the English
    original, ``title_fa`` the editors' Persian translation ("" where there is none)."""

    def get_attribute(self, instance):
        *path, name = self.source_attrs
        for attr in path:
            instance = getattr(instance, attr)
        if name.endswith(SUFFIX):
            return getattr(instance, name, "") or ""
        return original(instance, name)


def _link(serializer, path):
    return absolute(path, serializer.context.get("request"))


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "value": {"type": "string", "description": "ISO 8601 at the date's precision: 1988, 1988-07 or 1988-07-30"},
            "precision": {"type": "string", "enum": ["day", "month", "year"]},
            "approximate": {"type": "boolean"},
            "display": {"type": "string"},
        },
    }
)
class PartialDate(serializers.Field):
    """A date known in part: never a day that the sources do not give."""

    def __init__(self, field, **kwargs):
        self.date_field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        value = getattr(record, self.date_field)
        if value is None:
            return None
        precision = getattr(record, f"{self.date_field}_precision")
        approximate = getattr(record, f"{self.date_field}_approximate")
        iso = {"year": value.strftime("%Y"), "month": value.strftime("%Y-%m")}.get(precision, value.isoformat())
        return {
            "value": iso,
            "precision": precision,
            "approximate": approximate,
            "display": format_partial_date(value, precision, approximate),
        }


class OptionalUrl(serializers.URLField):
    """A URL the record may not have: ``null`` rather than an empty string, which is not a URI."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class PublicUrl(serializers.Field):
    """The record's permanent public URL (its page on the site)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return _link(self, record.get_absolute_url())


PublicUrl = extend_schema_field(OpenApiTypes.URI)(PublicUrl)


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class Spellings(serializers.Field):
    """Every other spelling of a name, as the sources write it."""

    def __init__(self, source, **kwargs):
        super().__init__(source=source, read_only=True, **kwargs)

    def to_representation(self, aliases):
        return [alias.name for alias in aliases.all()]


class Reference(serializers.Serializer):
    """A link to another public record: its label and page."""

    label = serializers.SerializerMethodField()
    url = PublicUrl()

    def get_label(self, record) -> str:
        for name in ("title", "name"):
            if hasattr(record, name) and original(record, name):
                return original(record, name)
        return str(record)


class SiteReference(serializers.Serializer):
    slug = serializers.SlugField()
    name = Text()
    name_fa = Text()
    url = PublicUrl()


class OrganisationReference(serializers.Serializer):
    slug = serializers.SlugField()
    name = Text()
    name_fa = Text()
    url = PublicUrl()


class SourceReference(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    url = PublicUrl(help_text="The source's page on this site, with its archived text.")
    original_url = OptionalUrl(source="url")
    archive_url = OptionalUrl()
    sha256 = serializers.CharField(source="snapshot_sha256", help_text="SHA-256 of the archived text (UTF-8).")
    published_on = PartialDate("published_on")


class CitationSerializer(serializers.Serializer):
    """One verbatim passage of one source (W3C Web Annotation TextQuoteSelector + TextPositionSelector)."""

    quote = serializers.CharField(help_text="The exact words of the source.")
    prefix = serializers.CharField(help_text="The text just before the quote in the archived text.")
    suffix = serializers.CharField(help_text="The text just after the quote.")
    start = serializers.IntegerField(allow_null=True, help_text="Offset of the quote's first character.")
    end = serializers.IntegerField(allow_null=True, help_text="Offset just past the quote's last character.")
    quote_translation_fa = serializers.CharField(
        help_text="Casefile's Persian translation of the quote, never the source's words (\"\" if none)."
    )
    locator = serializers.CharField(help_text="Page, paragraph or time code, as the source numbers it.")
    verified = serializers.BooleanField(help_text="Whether the quote was found in the archived text.")
    passage_url = PublicUrl(help_text="The passage, highlighted in its source's archived text.")
    source = SourceReference()


@extend_schema_field(OpenApiTypes.INT)
class IndependentSources(serializers.Field):
    """How many independent sources support the fact: its verified public citations, one publisher counting once."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Independent sources that support the fact (one publisher counts once).")
        super().__init__(source="citations", read_only=True, **kwargs)

    def to_representation(self, citations):
        return independent_sources(citations.all())


ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "answer": {"type": "string", "description": "What the fact answers, as its source words it."},
        "fact": {"type": "string", "enum": ["figure", "event", "person"]},
        "url": {"type": "string", "format": "uri", "description": "The page of the fact, with its citations."},
        "preferred": {"type": "boolean", "description": "The editors' preferred answer (the others stay shown)."},
    },
}


@extend_schema_field(
    {
        "type": "array",
        "description": (
            "The questions this fact answers, each with every public answer to it: answers that differ are "
            "conflicting facts, shown side by side; the editors may prefer one, with a reason."
        ),
        "items": {
            "type": "object",
            "properties": {
                "question": {"type": "string"},
                "slug": {"type": "string"},
                "answers": {"type": "array", "items": ANSWER_SCHEMA},
                "conflicting": {"type": "boolean", "description": "Whether more than one fact answers it."},
                "preferred_reason": {"type": "string", "nullable": True},
            },
        },
    }
)
class Questions(serializers.Field):
    """The questions a fact answers, from the prefetched ``public_answers`` (``opendata.querysets``)."""

    def __init__(self, questions_of, **kwargs):
        self.questions_of = questions_of
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return [self.question(question) for question in self.questions_of(record)]

    def question(self, question):
        shown = getattr(question, "public_answers", None)
        if shown is None:  # not prefetched (a single record): read through the same rule
            shown = list(selectors.public(Answer).filter(question=question).select_related("figure", "event", "person"))
        preferred = any(answer.pk == question.preferred_id for answer in shown)
        return {
            "question": question.text,
            "slug": question.slug,
            "answers": [
                {
                    "answer": answer.text,
                    "fact": "figure" if answer.figure_id else "event" if answer.event_id else "person",
                    "url": _link(self, answer.get_absolute_url()),
                    "preferred": answer.pk == question.preferred_id,
                }
                for answer in shown
            ],
            "conflicting": len(shown) > 1,
            "preferred_reason": question.preferred_reason if preferred else None,
        }


def _answered(record):
    answers = getattr(record, "public_answers", None)
    if answers is None:  # not prefetched (a single record): read through the same rule
        answers = selectors.public(Answer).filter(**{record._meta.model_name: record}).select_related("question")
    return [answer.question for answer in answers]


class FactSerializer(serializers.Serializer):
    url = PublicUrl()
    independent_sources = IndependentSources()
    editor_note = Text(help_text="A discrepancy between sources and how it was recorded.")
    editor_note_fa = Text(help_text="The editor's note in Persian, translated by the editors.")
    citations = CitationSerializer(many=True)


class CaseSerializer(FactSerializer):
    slug = serializers.SlugField()
    title = Text()
    title_fa = Text()
    summary = Text()
    summary_fa = Text()
    start_date = PartialDate("start_date")
    end_date = PartialDate("end_date")


class PositionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    title = Text()
    title_fa = Text()
    organisation = OrganisationReference(allow_null=True, help_text="The organisation of the post, where it is public.")
    place = Text()
    place_fa = Text()
    start_date = PartialDate("start_date")
    end_date = PartialDate("end_date")
    description = Text()
    description_fa = Text()
    sites = SiteReference(many=True)
    url = PublicUrl()
    independent_sources = IndependentSources()
    citations = CitationSerializer(many=True)


class PersonSerializer(FactSerializer):
    slug = serializers.SlugField()
    name = Text()
    name_fa = Text()
    other_names = Spellings("aliases")
    description = Text()
    description_fa = Text()
    positions = PositionSerializer(many=True)
    questions = Questions(_answered)


class VictimSerializer(FactSerializer):
    id = serializers.IntegerField(source="pk")
    name = Text(source="person.name")
    name_fa = Text(source="person.name_fa")
    other_names = Spellings("person.aliases")
    person_url = serializers.SerializerMethodField()
    fate = serializers.CharField()
    affiliation = serializers.CharField()
    prison = SiteReference(allow_null=True)
    arrest_date = PartialDate("arrest_date")
    death_date = PartialDate("death_date")
    burial_site = SiteReference(allow_null=True)
    notes = serializers.CharField()

    def get_person_url(self, victim) -> str:
        return _link(self, victim.person.get_absolute_url())


class EventSerializer(FactSerializer):
    slug = serializers.SlugField()
    title = Text()
    title_fa = Text()
    kind = serializers.CharField()
    date = PartialDate("date")
    end_date = PartialDate("end_date")
    place = Text()
    place_fa = Text()
    city = Text()
    city_fa = Text()
    country = Text()
    country_fa = Text()
    site = SiteReference(allow_null=True)
    parent = Reference(allow_null=True)
    people = Reference(many=True)
    questions = Questions(_answered)
    description = Text()
    description_fa = Text()


class TestimonySerializer(FactSerializer):
    id = serializers.IntegerField(source="pk")
    speaker = serializers.CharField(
        source="public_speaker_name", help_text="The speaker's name, or a witness code when the name is withheld."
    )
    speaker_url = serializers.SerializerMethodField(help_text="The named speaker's page, if they have one.")
    speaker_description = serializers.CharField(source="public_speaker_description")
    pseudonymous = serializers.BooleanField(source="is_pseudonymous")
    kind = serializers.CharField()
    date = PartialDate("date")
    language = serializers.CharField()
    text = serializers.CharField()
    event = Reference(allow_null=True)
    people = Reference(many=True, help_text="People the testimony names.")

    def get_speaker_url(self, testimony) -> str | None:
        if testimony.is_pseudonymous or not getattr(testimony, "speaker_is_public", False):
            return None
        return _link(self, testimony.speaker.get_absolute_url())


class ObservationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    date = PartialDate("date")
    status = serializers.CharField()
    note = Text()
    note_fa = Text()
    url = PublicUrl()
    citations = CitationSerializer(many=True)


class SiteSerializer(FactSerializer):
    slug = serializers.SlugField()
    name = Text()
    name_fa = Text()
    other_names = serializers.CharField()
    kind = serializers.CharField()
    city = Text()
    city_fa = Text()
    province = Text()
    province_fa = Text()
    country = Text()
    country_fa = Text()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False)
    coordinate_precision = serializers.CharField()
    description = Text()
    description_fa = Text()
    observations = ObservationSerializer(many=True)


class QuestionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    text = Text()
    text_fa = Text()


class FigureSerializer(FactSerializer):
    id = serializers.IntegerField(source="pk")
    question = QuestionSerializer()
    value_text = Text()
    value_text_fa = Text()
    value_low = serializers.IntegerField(allow_null=True)
    value_high = serializers.IntegerField(allow_null=True)
    qualifier = serializers.CharField()
    claimant = Text(help_text="Who states the figure.")
    claimant_fa = Text(help_text="Who states the figure, in Persian.")
    claimant_person = Reference(allow_null=True)
    event = Reference(allow_null=True)
    site = SiteReference(allow_null=True)
    date = PartialDate("date")
    questions = Questions(lambda figure: [figure.question])
    description = Text()
    description_fa = Text()


class SourceSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    url = PublicUrl()
    title = serializers.CharField()
    kind = serializers.CharField()
    publisher = serializers.CharField()
    byline = serializers.CharField()
    author = serializers.CharField()
    published_on = PartialDate("published_on")
    language = serializers.CharField()
    original_url = OptionalUrl(source="url")
    archive_url = OptionalUrl()
    accessed_on = serializers.DateField(allow_null=True)
    sha256 = serializers.CharField(source="snapshot_sha256")
    reliability = serializers.CharField()
    publisher_note = Text()
    publisher_note_fa = Text()
    editor_note = Text()
    editor_note_fa = Text()


class SourceDetailSerializer(SourceSerializer):
    text = serializers.CharField(source="snapshot", help_text="The archived text the citations' offsets point into.")
