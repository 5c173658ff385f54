"""What the public sees: the one visibility rule of every record type, written once.

Every public view, search, template context, sitemap, feed, export, API serializer and cache
reads records through this module; nothing else filters on ``state`` or tests ``is_published``.

Each rule is a ``Q`` condition built by a function that takes the path from the model being
filtered to the record the rule is about (``prefix``), so that derived visibility is written
once, next to the rule it derives from: a position is public when its person is
(``_person("person__")``), a citation when its source and its fact are, an observation when
its site is. Hidden records never change what a public record shows: no rule reads a
testimony's existence or state to decide whether a person is shown.

Use ``public(Model)`` for a queryset, ``prefetch(lookup, Model)`` to fetch related rows (a
forward foreign key to a hidden record comes back as ``None``), and ``condition(Model, prefix)``
to filter through a relation.
"""

import contextlib
import contextvars
from types import FunctionType

from django.db import connections
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, RowNumber
from django.utils import translation

from casefile.cases.models import Case, CaseCitation
from casefile.core.models import PublicationState, published_rows
from casefile.core.prepared import PreparedQuery
from casefile.events.models import Confidentiality, Event, EventCitation, Testimony, TestimonyCitation
from casefile.figures.models import Answer, Figure, FigureCitation, Question
from casefile.people.models import (
    Organisation,
    OrganisationCitation,
    Person,
    PersonCitation,
    PersonName,
    Position,
    PositionCitation,
    Victim,
    VictimCitation,
)
from casefile.places.models import Site, SiteCitation, SiteObservation, SiteObservationCitation
from casefile.sources.models import Source, SourceCapture, citation_models

# Staff previewing a draft or a revision see it as the public will: ``previewing(record)`` adds
# those rows (and the records published with them) to the rule, for the current request only.
_previewed = contextvars.ContextVar("previewed", default=None)


@contextlib.contextmanager
def previewing(*records):
    """Within this block the public rule also admits ``records`` (drafts, revisions) and their companions.

    For the staff preview only (``core.views.preview``, behind the admin login, never cached):
    nothing outside the block, and no other request, sees them.
    """
    rows = dict(_previewed.get() or {})
    for record in records:
        for row in (record, *(getattr(record, name) for name in type(record).published_with)):
            rows[type(row)] = rows.get(type(row), frozenset()) | {row.pk}
    token = _previewed.set(rows)
    try:
        yield
    finally:
        _previewed.reset(token)


def _published(prefix="", model=None):
    published = published_rows(prefix)
    previewed = (_previewed.get() or {}).get(model) if model is not None else None
    if previewed:
        published |= Q(**{f"{prefix}pk__in": sorted(previewed)})
    return published


def _source(prefix=""):
    return _published(prefix, Source)


def _capture(prefix=""):
    """A capture (an archived copy) is public when its source is."""
    return _source(f"{prefix}source__")


def _case(prefix=""):
    return _published(prefix, Case)


def _person(prefix=""):
    """A person is public when published, and, if a victim, when the victim record is too (one state).

    Testimonies play no part: a withheld testimony has no public speaker, so whether it exists,
    and in which state, changes nothing about any person.
    """
    return _published(prefix, Person) & (
        Q(**{f"{prefix}victim__isnull": True}) | _published(f"{prefix}victim__", Victim)
    )


def _victim(prefix=""):
    """A victim is public when its record is published; the workflow publishes its person with it."""
    return _published(prefix, Victim) & _published(f"{prefix}person__", Person)


def _position(prefix=""):
    return _person(f"{prefix}person__")


def _person_name(prefix=""):
    return _person(f"{prefix}person__")


def _organisation(prefix=""):
    return _published(prefix)


def _event(prefix=""):
    return _published(prefix, Event)


def _testimony(prefix=""):
    """Published testimonies, never a confidential one (the database refuses to publish one anyway)."""
    return _published(prefix, Testimony) & ~Q(**{f"{prefix}confidentiality": Confidentiality.CONFIDENTIAL})


def _site(prefix=""):
    return _published(prefix, Site)


def _observation(prefix=""):
    return _site(f"{prefix}site__")


def _figure(prefix=""):
    """A figure is public when it is published and so is the question it answers (whose text it is shown under)."""
    return _published(prefix, Figure) & _published(f"{prefix}question__", Question)


def _answer(prefix=""):
    """An answer is public when its question is published and its fact is public: its figure, its event or its
    person (a title, through its person). A revision of the question (a draft) is never public, nor its answers.
    """
    return _published(f"{prefix}question__", Question) & (
        _figure(f"{prefix}figure__") | _event(f"{prefix}event__") | _person(f"{prefix}person__")
    )


def _question(prefix=""):
    """A question is shown when it is published and at least one of its answers is public."""
    return _question_itself(prefix) & Q(**{f"{prefix}pk__in": Answer.objects.filter(_answer()).values("question")})


def _question_itself(prefix=""):
    """What ``_question`` asks of the question's own row: for a question already known to have a public answer."""
    return _published(prefix, Question)


RULES = {
    Case: _case,
    Source: _source,
    SourceCapture: _capture,
    Person: _person,
    PersonName: _person_name,
    Position: _position,
    Victim: _victim,
    Organisation: _organisation,
    Event: _event,
    Testimony: _testimony,
    Site: _site,
    SiteObservation: _observation,
    Figure: _figure,
    Question: _question,
    Answer: _answer,
}


def _citation_rule(fact_model):
    def rule(prefix=""):
        return _source(f"{prefix}source__") & RULES[fact_model](f"{prefix}fact__")

    return rule


for _citation_model, _fact_model in (
    (CaseCitation, Case),
    (PersonCitation, Person),
    (PositionCitation, Position),
    (EventCitation, Event),
    (TestimonyCitation, Testimony),
    (SiteCitation, Site),
    (SiteObservationCitation, SiteObservation),
    (FigureCitation, Figure),
    (VictimCitation, Victim),
    (OrganisationCitation, Organisation),
):
    RULES[_citation_model] = _citation_rule(_fact_model)


def rule_for(model):
    try:
        return RULES[model]
    except KeyError:
        raise LookupError(f"{model._meta.label} has no public visibility rule: it is never public.") from None


def condition(model, prefix=""):
    """The visibility rule of ``model`` as a ``Q``, reached through the relation path ``prefix``."""
    return rule_for(model)(prefix)


def public(model):
    """Every row of ``model`` that the public may see."""
    return model._default_manager.filter(condition(model))


def is_public(record):
    """Whether one record is public (one query; prefer ``prefetch`` in lists)."""
    return public(type(record)).filter(pk=record.pk).exists()


def prefetch(lookup, model, queryset=None, **kwargs):
    """A ``Prefetch`` of ``lookup`` that fetches only public rows of ``model`` (a hidden FK reads as None)."""
    queryset = public(model) if queryset is None else queryset.filter(condition(model))
    return Prefetch(lookup, queryset=queryset, **kwargs)


def give(record, name, rows):
    """Give ``record`` its related ``rows`` (``name``: a reverse relation) as ``prefetch_related``
    would: ``record.<name>.all()`` reads them without a query."""
    cached = getattr(record, name).all()
    cached._result_cache, cached._prefetch_done = list(rows), True
    record.__dict__.setdefault("_prefetched_objects_cache", {})[name] = cached


def select_public(queryset, **relations):
    """``queryset`` with forward foreign keys joined in its own query, each read as None where hidden.

    ``relations`` maps a foreign key's name to its model (``event=Event``). Like ``prefetch`` for a
    foreign key, without a query of its own: the visibility rule is asked in the same query (an
    ``EXISTS`` per relation), and a hidden related record is dropped before anything reads it.
    """
    flags = {
        f"{name}_is_public": Exists(public(model).filter(pk=OuterRef(f"{name}_id")))
        for name, model in relations.items()
    }
    queryset = queryset.select_related(*relations).annotate(**flags)
    queryset._iterable_class = _hiding_iterable(tuple(relations))
    return queryset


def _hiding_iterable(names):
    from django.db.models.query import ModelIterable

    class HidingIterable(ModelIterable):
        def __iter__(self):
            for obj in super().__iter__():
                for name in names:
                    if not getattr(obj, f"{name}_is_public"):
                        obj._state.fields_cache[name] = None  # reads as None; the stored key stays as it is
                yield obj

    return HidingIterable


# Prepared queries (``casefile.core.prepared``), by the code that builds them, database and language.
_PREPARED = {}


def prepared(build, *keys, using="default"):
    """``build(*keys)``, built and compiled once per process and language, run with ``keys`` (``PreparedQuery``).

    For the queries a public page asks on every request with only a record's key different.
    ``build`` takes everything it asks through its keys (a closure over anything else is refused)
    and asks the same question of any keys. A preview widens the rule for one request: its query is
    built afresh and never kept.
    """
    if type(build) is not FunctionType or build.__closure__ or build.__defaults__ or build.__kwdefaults__:
        raise TypeError("A prepared query's build is a function that takes what it asks as keys, and nothing else.")
    if _previewed.get():
        return build(*keys)
    kinds = tuple(type(key) for key in keys)
    key = (build.__code__, kinds, using, translation.get_language())
    plan = _PREPARED.get(key)
    if plan is None:
        plan = _PREPARED[key] = PreparedQuery(build, kinds, using)
    return plan.queryset(*keys)


# Named selectors for what the public site lists --------------------------------------------


def cases():
    return public(Case)


def sources():
    return public(Source)


def people():
    return public(Person)


def officials():
    """Public people who held a post as an official (a position is public when its person is).

    A membership or an international post alone (a rapporteur, an NGO's president) does not make an official.
    """
    return people().officials()


def people_not_in_registry():
    """Public people who are not victims (a public victim is listed in the registry instead)."""
    return people().filter(victim__isnull=True)


def people_by_name(query, limit):
    """``(people, victims)``: the first ``limit`` public people not in the registry and the first
    ``limit`` public victims whose names match ``query`` (``PersonQuerySet.search``), for the search page.

    One name search for both lists: a public person either has no victim record or a public one
    (``_person``), so the two are the two halves of the public people, each numbered in search
    order and cut at ``limit`` in the same query. Close spellings are looked for when no spelling
    rule finds anyone in either half; each victim comes with its person.
    """
    found = list(people_by_name_query(query, limit))
    others = [person for person in found if not person.in_registry]
    prefetch_related_objects(others, "aliases")
    return others, [person.victim for person in found if person.in_registry]


def people_by_name_query(query, limit):
    """The one query of ``people_by_name``: public people matching ``query``, each with ``in_registry``
    and ``victim``, the first ``limit`` of each half in search order."""
    in_registry = ExpressionWrapper(Q(victim__isnull=False), output_field=BooleanField())
    return (
        people()
        .search(query)
        .select_related("victim")
        .annotate(
            in_registry=in_registry,
            nth=Window(RowNumber(), partition_by=in_registry, order_by=["name_rank", "name", "pk"]),
        )
        .filter(nth__lte=limit)
    )


def positions():
    return public(Position)


def victims():
    return public(Victim)


def organisations():
    return public(Organisation)


def events():
    return public(Event)


def testimonies():
    return public(Testimony)


def with_public_speaker(queryset):
    """Testimonies with their named speaker, and ``speaker_is_public``: whether the speaker has a public page.

    A named testimony shows its speaker's name (the witness agreed to be named); a withheld one has no speaker.
    """
    return queryset.select_related("speaker").annotate(
        speaker_is_public=Exists(people().filter(pk=OuterRef("speaker_id")))
    )


def sites():
    return public(Site)


def observations():
    return public(SiteObservation)


def figures():
    return public(Figure)


def questions():
    return public(Question)


def withdrawn_from_public(model):
    """Records of ``model`` withdrawn after they had been published: for the feed, which says only that.

    Only the primary key and the time of the decision may be read from these rows; a record withdrawn
    before it was ever published was never public and is not here.
    """
    history = model.history.model
    was_published = history.objects.filter(id=OuterRef("pk"), state=PublicationState.PUBLISHED)
    return (
        model._default_manager.filter(state=PublicationState.WITHDRAWN, reviewed_at__isnull=False)
        .filter(Exists(was_published))
        .only("pk", "reviewed_at")
    )


def citations(citation_model):
    """Public citations of one concrete citation model, with their source fetched."""
    return public(citation_model).select_related("source", "capture")


def captures(source):
    """The public captures of one source, oldest first."""
    return public(SourceCapture).filter(source=source).order_by("captured_at", "pk")


def answers():
    """Public answers, with their question and fact joined (a hidden fact's answer is not among them)."""
    return public(Answer).select_related("question", "figure", "event", "person", "position")


def answers_of(queryset=None):
    """Public answers with their question and facts joined, in order (citations: ``with_cited_passages``)."""
    queryset = answers() if queryset is None else queryset.filter(condition(Answer))
    return queryset.select_related("question", "figure", "event", "person", "position").order_by("pk")


# The columns of a source that a citation's footnote never shows.
_NOT_CITED = {*Source.workflow_fields, "snapshot", "editor_note", "editor_note_en", "editor_note_fa"}


def with_cited_passages(facts):
    """Give every fact of ``facts`` (of any kinds, ``None`` skipped) its public citations, in one query.

    The citations of each kind of fact are in their own table; one ``UNION ALL`` reads them all, each
    through its visibility rule (``citations()``), with its source and capture joined, so that a page
    showing figures, events and titles side by side asks once. ``fact.citations.all()`` then reads them
    without a query, as after a ``prefetch_related``.
    """
    facts = [fact for fact in facts if fact is not None and fact.pk is not None]
    kinds = {}
    for fact in facts:
        kinds.setdefault(type(fact), {}).setdefault(fact.pk, []).append(fact)
    found = {model: {} for model in kinds}
    if kinds:
        models = list(kinds)
        citation_models = [model._meta.get_field("citations").related_model for model in models]
        # Every citation table has the same columns (one abstract base), so the rows line up.
        columns = [field.attname for field in citation_models[0]._meta.concrete_fields]
        # Not the archived texts (kilobytes a row) nor what the editorial workflow keeps (states, reviews,
        # notes to editors): a footnote needs the source's title and the passage's place.
        source_columns = [f"source__{f.attname}" for f in Source._meta.concrete_fields if f.name not in _NOT_CITED]
        capture_columns = [f"capture__{f.attname}" for f in SourceCapture._meta.concrete_fields if f.attname != "text"]
        parts = [
            citations(citation_model)
            .filter(fact_id__in=list(kinds[model]))
            .annotate(fact_kind=Value(n, output_field=IntegerField()))
            .order_by()
            .values("fact_kind", *columns, *source_columns, *capture_columns)
            for n, (model, citation_model) in enumerate(zip(models, citation_models, strict=True))
        ]
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        db = rows.db
        sources, captures_by_pk = {}, {}
        for row in sorted(rows, key=lambda row: (row["fact_kind"], row["id"])):
            citation_model = citation_models[row["fact_kind"]]
            citation = citation_model.from_db(db, columns, [row[name] for name in columns])
            source_id = row["source__id"]
            if source_id not in sources:
                sources[source_id] = Source.from_db(
                    db, [c[8:] for c in source_columns], [row[c] for c in source_columns]
                )
            citation._state.fields_cache["source"] = sources[source_id]
            capture_id = row["capture__id"]
            if capture_id is not None and capture_id not in captures_by_pk:
                captures_by_pk[capture_id] = SourceCapture.from_db(
                    db, [c[9:] for c in capture_columns], [row[c] for c in capture_columns]
                )
            citation._state.fields_cache["capture"] = captures_by_pk.get(capture_id)
            found[models[row["fact_kind"]]].setdefault(citation.fact_id, []).append(citation)
    for model, by_pk in kinds.items():
        for pk, same in by_pk.items():
            for fact in same:
                give(fact, "citations", found[model].get(pk, []))
    return facts


def citations_of_source(source, related=None):
    """Every public citation of ``source``, of every kind, with its fact, in one query.

    ``related`` maps a citation model to the foreign keys of its fact to fetch with the fact
    (``{PositionCitation: ["person"]}``: what the fact's label needs); a null one reads as None.
    One ``UNION ALL`` reads every citation table through its visibility rule (``citations()``). The
    facts of different kinds have different columns: each part places its fact's columns in columns
    shared by type (``_shared_columns``) and fills the others with NULL, so that the parts line up.
    Citations come in the order of their kind in ``citation_models()``, then of their key.

    Building and compiling that query costs more than running it (ten parts of some eighty columns),
    so outside a preview it is compiled once per database, language and ``related`` and run again
    with each source's key (``_SourceCitationsQuery``). A preview widens the rule for one request:
    its query is built afresh, and never kept.
    """
    related = related or {}
    db = source._state.db or "default"
    if _previewed.get():
        plan = _SourceCitationsQuery(related, connections[db], prepare=False)
        rows = plan.queryset(source.pk)
    else:
        key = (db, connections[db].vendor, translation.get_language(), tuple((m, tuple(r)) for m, r in related.items()))
        plan = _SOURCE_CITATIONS.get(key)
        if plan is None:
            plan = _SOURCE_CITATIONS[key] = _SourceCitationsQuery(related, connections[db])
        rows = plan.prepared.queryset(source.pk)
    return plan.read(rows, source, db)


# Compiled queries of ``citations_of_source`` (public rule only), by database, language and ``related``.
_SOURCE_CITATIONS = {}


class _SourceCitationsQuery:
    """The ``UNION ALL`` of ``citations_of_source`` for one ``related``: ``queryset(source_id)``; and,
    for the public rule, ``prepared``: that query built and compiled once (``PreparedQuery``), run
    for any source.
    """

    def __init__(self, related, connection, prepare=True):
        self.kinds = citation_models()
        self.columns = [field.attname for field in self.kinds[0]._meta.concrete_fields]
        # Per kind: the records read with each citation, as (relation path from the citation, model).
        self.records = []
        for model in self.kinds:
            fact_model = model._meta.get_field("fact").related_model
            self.records.append(
                [
                    ("fact", fact_model),
                    *(
                        (f"fact__{name}", fact_model._meta.get_field(name).related_model)
                        for name in related.get(model, ())
                    ),
                ]
            )
        self.fields = [
            [(path, field) for path, model in kind for field in model._meta.concrete_fields] for kind in self.records
        ]
        self.shared, self.placed = _shared_columns(
            [[field for _path, field in kind] for kind in self.fields], connection
        )
        self.prepared = PreparedQuery(self.queryset, using=connection.alias) if prepare else None

    def queryset(self, source_id):
        parts = []
        for n, model in enumerate(self.kinds):
            own = {
                alias: F(f"{path}__{field.attname}")
                for alias, (path, field) in zip(self.placed[n], self.fields[n], strict=True)
            }
            values = {
                alias: own.get(alias, Cast(Value(None), output_field=field)) for alias, field in self.shared.items()
            }
            parts.append(
                citations(model)
                .filter(source_id=source_id)
                .annotate(fact_kind=Value(n, output_field=IntegerField()))
                .order_by()
                .values("fact_kind", *self.columns, **values)
            )
        return parts[0].union(*parts[1:], all=True)

    def read(self, rows, source, db):
        """Citations with their facts (and the facts' ``related`` records) from the query's rows."""
        found = []
        for row in sorted(rows, key=lambda row: (row["fact_kind"], row["id"])):
            n = row["fact_kind"]
            citation = self.kinds[n].from_db(db, self.columns, [row[name] for name in self.columns])
            aliases = iter(self.placed[n])
            read = {}
            for path, model in self.records[n]:
                names = [field.attname for field in model._meta.concrete_fields]
                values = dict(zip(names, (row[next(aliases)] for _name in names), strict=True))
                read[path] = (
                    None if values[model._meta.pk.attname] is None else model.from_db(db, names, list(values.values()))
                )
            fact = read.pop("fact")
            for path, record in read.items():
                fact._state.fields_cache[path.removeprefix("fact__")] = record
            citation._state.fields_cache["fact"] = fact
            citation._state.fields_cache["source"] = source
            found.append(citation)
        return found


def _shared_columns(fields_by_kind, connection):
    """Columns that the rows of several kinds share: ({alias: field}, [aliases of each kind's fields, in order]).

    Two fields share a column when the database stores them alike and Django reads them alike (the
    same internal type, column type and decimal places, no converter of their own), so that the
    column has one type in every part of a ``UNION`` and its values are read as the fields' own.
    """
    shared, placed = {}, []
    for fields in fields_by_kind:
        seen, aliases = {}, []
        for field in fields:
            key = (field.get_internal_type(), field.db_type(connection), getattr(field, "decimal_places", None))
            if hasattr(field, "from_db_value"):
                key = (*key, field)  # a converter of its own: a column of its own
            nth = seen[key] = seen.get(key, -1) + 1
            slots = [alias for alias, (slot_key, _field) in shared.items() if slot_key == key]
            if nth < len(slots):
                alias = slots[nth]
            else:
                alias = f"fact_column_{len(shared)}"
                shared[alias] = (key, field)
            aliases.append(alias)
        placed.append(aliases)
    return {alias: field for alias, (_key, field) in shared.items()}, placed


def conflicts(*, cited_with=(), **fact):
    """The questions that one public fact answers (``event=…``, ``person=…``, ``figure=…``), for its page.

    Each question comes with ``shown_answers``: every public answer to it, the fact's own included,
    with the public citations of each answer's fact: three queries whatever their number and kinds.
    ``cited_with``: other facts the page shows, whose citations are read in the same query.
    A question's preference is shown only if its preferred answer is among them (see
    ``public/_answer.html``): a hidden fact changes nothing.
    """
    ((name, record),) = fact.items()
    asked = list(prepared(_QUESTIONS_ANSWERED_BY[name], record.pk))
    with_cited_passages([*cited_with, *(answer.cited_fact for question in asked for answer in question.shown_answers)])
    return asked


def _questions_answered(**fact):
    # Each question has a public answer (the fact's own): only its own row is left to ask of the
    # rule, which spares PostgreSQL planning a second copy of the answers' rule (3.8 ms to 1.8 ms).
    return (
        Question.objects.filter(_question_itself(), pk__in=public(Answer).filter(**fact).values("question"))
        .order_by("text")
        .prefetch_related(Prefetch("answers", queryset=answers_of(), to_attr="shown_answers"))
    )


# ``conflicts``' question, by the kind of fact (a prepared query for each).
_QUESTIONS_ANSWERED_BY = {
    "event": lambda key: _questions_answered(event=key),
    "person": lambda key: _questions_answered(person=key),
    "figure": lambda key: _questions_answered(figure=key),
}


def other_answers(figures):
    """Give each figure's question ``other_answers``: the public answers to it that are not figures.

    For the lists of figures, which group figures by question: an event's date or a person's title
    that answers the same question stands beside them. The public citations of the figures and of
    the other answers' facts are read in one query (``with_cited_passages``): pass figures without them.
    """
    figures = list(figures)
    by_question = {}
    found = list(answers_of().filter(figure__isnull=True, question__in={figure.question_id for figure in figures}))
    for answer in found:
        by_question.setdefault(answer.question_id, []).append(answer)
    with_cited_passages([*figures, *(answer.cited_fact for answer in found)])
    for figure in figures:
        figure.question.other_answers = by_question.get(figure.question_id, [])
    return figures
