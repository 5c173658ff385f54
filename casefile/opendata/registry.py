"""Every record type the API and the downloads offer: its queryset, serializer and the public list's filters."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from casefile.public.filters import EventFilter, OfficialFilter, SiteFilter, TestimonyFilter, VictimFilter

from . import querysets
from .api import serializers


@dataclass(frozen=True)
class RecordType:
    name: str  # the URL segment and file name: "victims"
    title: str
    queryset: object  # a function returning the public queryset, prefetched
    serializer: type
    filterset: type | None = None
    lookup: str = "slug"
    detail_serializer: type | None = None
    detail_queryset: object = None


RECORD_TYPES = [
    RecordType("cases", _("Cases"), querysets.cases, serializers.CaseSerializer),
    RecordType(
        "sources",
        _("Sources"),
        querysets.sources,
        serializers.SourceSerializer,
        detail_serializer=serializers.SourceDetailSerializer,
        detail_queryset=querysets.source_detail,
    ),
    RecordType("people", _("People"), querysets.people, serializers.PersonSerializer),
    RecordType(
        "officials",
        _("Officials and their positions"),
        querysets.officials,
        serializers.PersonSerializer,
        OfficialFilter,
    ),
    RecordType("victims", _("Victims"), querysets.victims, serializers.VictimSerializer, VictimFilter, lookup="pk"),
    RecordType("events", _("Events"), querysets.events, serializers.EventSerializer, EventFilter),
    RecordType(
        "testimonies",
        _("Testimonies"),
        querysets.testimonies,
        serializers.TestimonySerializer,
        TestimonyFilter,
        lookup="pk",
    ),
    RecordType("sites", _("Sites and mass graves"), querysets.sites, serializers.SiteSerializer, SiteFilter),
    RecordType("figures", _("Figures"), querysets.figures, serializers.FigureSerializer, lookup="pk"),
]
BY_NAME = {record_type.name: record_type for record_type in RECORD_TYPES}
