"""People the case names: officials with their positions, witnesses, survivors and victims."""

import secrets

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connections, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casefile.cases.models import CaseRecord
from casefile.core.dates import PartialDatesMixin, partial_date_constraints, partial_date_fields
from casefile.core.models import (
    PublishableQuerySet,
    TimeStampedModel,
    page_url,
    publish_permission,
    published_rows,
)
from casefile.core.slugs import unique_slug
from casefile.core.text import (
    SOUND_MARK,
    folded_match,
    has_persian_script,
    search_terms,
    search_text,
    sound_key,
    sound_match,
)
from casefile.places.models import Site
from casefile.sources.models import Citation

# More rows than any query returns: a subquery cut at it is read whole (see ``name_search``).
ALL_ROWS = 2**62

# How close by trigram word similarity a name must come to be suggested for a search that found nothing.
CLOSE_ENOUGH = 0.3

# A person's folded names without their sound keys (which follow the names in the search text, each
# after " ="): what trigram similarity compares a query with, from its own index (migration
# ``public.0003_person_names_trigram``, whose expression this must stay).
NAMES = models.Func(
    models.F("search_text"),
    models.Value(" " + SOUND_MARK),
    models.Value(1),
    function="split_part",
    output_field=models.TextField(),
)


def new_witness_code():
    return f"W-{secrets.token_hex(3).upper()}"


def name_search(queryset, query, through=""):
    """Rows of ``queryset`` any of whose names matches every word of ``query``, in any spelling or script.

    ``through`` is the path from the queryset's model to its person ("person__" for a victim).
    A name matches when it holds the folded words (exact spellings, rank 0) or when its words
    sound alike (``casefile.core.text.sound_key``: Husayn finds Hossein, Eshraqi finds Eshraghi,
    rank 1), on every database. On PostgreSQL, when those find no one, a name that is close by
    trigram word similarity is found (rank 1), so that a misspelling no rule foresees still finds it.
    ``name_rank`` orders exact spellings first.

    One SQL statement in every case. The people whose names match are chosen in a subquery of
    their own, so that the database reads the names once rather than once per row of
    ``queryset`` through its join.
    """
    terms = search_terms(query)
    if not terms:
        return queryset.none().annotate(name_rank=models.Value(0))
    people = Person.objects.filter(folded_match("search_text", terms) | sound_match("search_text", query))
    people = people.order_by().values("pk")
    if queryset.is_postgresql():
        # The close names count only when no spelling rule finds anyone in ``queryset``: the NOT
        # EXISTS is asked once, before the close names are read (by the trigram index), in a branch
        # of their own, so that the planner still expects a few names, not half the table.
        # "%>" is word similarity above pg_trgm.word_similarity_threshold, 0.6 unless the server
        # is told otherwise.
        # The spelling rules' matches are read whole there (a LIMIT no search reaches): pulled into the
        # NOT EXISTS, which stops at its first row, they were read by testing every person's names
        # in turn, all 60,000 when no one matches (40 ms), instead of from the trigram index.
        spelt = queryset.filter(**{f"{through}pk__in": people[:ALL_ROWS]})
        close = Person.objects.alias(names=NAMES).filter(*(Q(names__trigram_word_similar=term) for term in terms))
        people = people.union(close.filter(~models.Exists(spelt)).order_by().values("pk"), all=True)
    return queryset.filter(**{f"{through}pk__in": people}).annotate(
        name_rank=models.Case(
            models.When(folded_match(f"{through}search_text", terms), then=0),
            default=1,
            output_field=models.IntegerField(),
        )
    )


class PersonQuerySet(PublishableQuerySet):
    def search(self, query):
        """People any of whose names matches ``query`` (see ``name_search``), exact spellings first."""
        return name_search(self, query).order_by("name_rank", "name", "pk")

    def nearest(self, query, limit=5):
        """The names closest to ``query``, for a search that found nothing ("did you mean …"): a list.

        On PostgreSQL by trigram word similarity (at least ``CLOSE_ENOUGH``); elsewhere names whose
        words begin with the first sounds of every word of the query.
        """
        terms = search_terms(query)
        if not terms:
            return []
        if self.is_postgresql():
            return self._nearest_by_trigrams(" ".join(terms), limit)
        condition = Q()
        for word in query.split():
            key = sound_key(word)
            if key:
                condition &= Q(search_text__contains=SOUND_MARK + key[: max(2, len(key) - 2)])
        if not condition:
            return []
        # The names are read once, in a subquery, not once per row through the visibility joins.
        return list(self.filter(pk__in=Person.objects.filter(condition).values("pk")).order_by("name", "pk")[:limit])

    def _nearest_by_trigrams(self, text, limit):
        from django.contrib.postgres.search import TrigramWordSimilarity

        closeness = TrigramWordSimilarity(text, NAMES)
        with transaction.atomic(using=self.db), connections[self.db].cursor() as cursor:
            # The trigram index finds the names whose word similarity reaches the session's
            # threshold ("%>"): CLOSE_ENOUGH for these statements only (the savepoint is rolled
            # back, and the setting with it), so that a search keeps its own threshold.
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(CLOSE_ENOUGH)])
            # The closest names of anyone first, then those of them that this queryset admits: the
            # rule's joins read a few rows, not every close name (30,000 victims, a name that finds
            # no one and comes close to 2,174: p50 68-80 to 56-58 ms). Should hidden names take the
            # places, more are read.
            closest = Person.objects.alias(names=NAMES).filter(names__trigram_word_similar=text)
            closest = closest.annotate(closeness=closeness)
            closest = closest.order_by("-closeness", "name", "pk").values_list("pk", flat=True)
            taken = limit * 4
            while True:
                candidates = list(closest[:taken])
                names = list(
                    self.filter(pk__in=candidates)
                    .annotate(closeness=closeness)
                    .order_by("-closeness", "name", "pk")[:limit]
                )
                if len(names) == limit or len(candidates) < taken:
                    break
                taken *= 4
            transaction.set_rollback(True, using=self.db)
        return names

    def officials(self):
        """People who held a post as an official (not only a membership or an international post)."""
        return self.filter(pk__in=Position.objects.exclude(kind__in=NOT_OFFICIAL_KINDS).values("person"))

    def victims(self):
        return self.filter(victim__isnull=False)


class Person(CaseRecord):
    name = models.CharField(
        _("name"), max_length=300, help_text=_("The name in Latin script, in its most usual spelling.")
    )
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, blank=True, help_text=_("Left empty, it is made from the name.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Who the person is, in neutral words, as the sources describe them.")
    )
    name_fa_added_by_editors = models.BooleanField(
        _("Persian name added by the editors"),
        default=False,
        help_text=_("Ticked when the Persian-script name is not taken from a cited source but added by the editors."),
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False, db_index=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [publish_permission("person", "people")]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="people_person_name_not_empty")]
        indexes = [
            # The victims registry lists tens of thousands of people in name order.
            models.Index(fields=["name"], name="people_person_name_idx"),
            # Counting the public registry (tens of thousands of rows on every registry and case page)
            # from this index and the victims' below, without reading the tables. Not a visibility
            # rule: the database uses a partial index only for a query whose own conditions imply
            # the index's (both are ``published_rows()``), so it can speed that query, never widen it.
            models.Index(fields=["id"], condition=published_rows(), name="people_person_public_idx"),
        ]

    def __str__(self):
        return f"{self.name_en} ({self.name_fa})" if self.name_fa else self.name_en or self.name

    def get_absolute_url(self):
        return page_url(self, "public:person_detail", slug=self.slug)

    def state_governed_by(self):
        """A victim's person is reviewed with the victim record, which carries the one state they share."""
        try:
            return self.victim
        except ObjectDoesNotExist:
            return None

    def all_names(self, aliases=None):
        """Every spelling: the name, the Persian-script name and the other spellings (``aliases``, before they are saved)."""
        if aliases is None:
            aliases = [alias.name for alias in self.aliases.all()] if self.pk else []
        return [self.name_en, self.name_fa, *aliases]

    def fill_derived_fields(self, aliases=None, taken_slugs=None):
        """The slug (when empty) and the folded search text, from the names: the one rule for both."""
        if not self.slug:
            self.slug = unique_slug(self, self.name_en or self.name, taken=taken_slugs)
        self.search_text = search_text(*self.all_names(aliases), sounds=True)

    def update_search_text(self):
        self.search_text = search_text(*self.all_names(), sounds=True)
        if self.pk:
            type(self).objects.filter(pk=self.pk).update(search_text=self.search_text)

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)


class OrganisationKind(models.TextChoices):
    STATE = "state", _("state body or office")
    JUDICIARY = "judiciary", _("judiciary or court")
    COMMISSION = "commission", _("commission or committee")
    INTERGOVERNMENTAL = "intergovernmental", _("United Nations or intergovernmental body")
    NGO = "ngo", _("non-governmental organisation")
    POLITICAL = "political", _("political organisation")
    OTHER = "other", _("other")


class OrganisationQuerySet(PublishableQuerySet):
    def search(self, query):
        """Organisations any of whose names matches every word of ``query``, in any spelling or script."""
        terms = search_terms(query)
        if not terms:
            return self.none()
        return self.filter(folded_match("search_text", terms))


class Organisation(CaseRecord):
    """A body the case names: a ministry, the judiciary, a 'Death Commission', a UN body, an NGO, a party.

    The Popolo ``Organization``: people hold posts in it (``Position``, a Popolo ``Membership``
    with its role), each a cited fact with its own dates.
    """

    name = models.CharField(_("name"), max_length=300, help_text=_("The name in English, as the sources give it."))
    other_names = models.TextField(
        _("other names and spellings"),
        blank=True,
        help_text=_("One per line: abbreviations (PMOI, MEK) and every spelling the sources use."),
    )
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, blank=True, help_text=_("Left empty, it is made from the name.")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER, db_index=True
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("The organisation this one belongs to (a ministry's government), if the sources say so."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the organisation is, in neutral words that attribute every allegation."),
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [publish_permission("organisation", "organisations")]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="people_organisation_name_not_empty"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="people_organisation_not_its_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url(self, "public:organisation_detail", slug=self.slug)

    def all_names(self):
        return [self.name_en, self.name_fa, *self.other_names.splitlines()]

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An organisation cannot be part of itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_en or self.name)
        self.search_text = search_text(*self.all_names())
        super().save(*args, **kwargs)


class OrganisationCitation(Citation):
    fact = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="citations", verbose_name=_("organisation")
    )

    class Meta(Citation.Meta):
        verbose_name = _("organisation citation")
        verbose_name_plural = _("organisation citations")


class NameScript(models.TextChoices):
    LATIN = "latin", _("Latin")
    PERSIAN = "persian", _("Persian")
    OTHER = "other", _("other")


class PersonName(TimeStampedModel):
    """Another spelling of a person's name, as a source writes it (Avaei, Avaii, Avaie …)."""

    part_of = "person"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("person"))
    name = models.CharField(_("spelling"), max_length=300)
    script = models.CharField(
        _("script"), max_length=10, choices=NameScript.choices, blank=True, help_text=_("Left empty, it is detected.")
    )

    class Meta:
        ordering = ["person", "name"]
        verbose_name = _("other spelling")
        verbose_name_plural = _("other spellings")
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="people_personname_unique_per_person"),
            models.CheckConstraint(condition=~Q(name=""), name="people_personname_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    def detect_script(self):
        if not self.script:
            self.script = NameScript.PERSIAN if has_persian_script(self.name) else NameScript.LATIN

    def save(self, *args, **kwargs):
        self.detect_script()
        super().save(*args, **kwargs)
        self.person.update_search_text()

    def delete(self, *args, **kwargs):
        person = self.person
        result = super().delete(*args, **kwargs)
        person.update_search_text()
        return result


class PositionKind(models.TextChoices):
    DEATH_COMMISSION = "death_commission", _("'Death Commission' member")
    PROSECUTOR = "prosecutor", _("prosecutor")
    JUDGE = "judge", _("judge")
    PRISON_OFFICIAL = "prison_official", _("prison official")
    INTELLIGENCE = "intelligence", _("intelligence official")
    MINISTER = "minister", _("minister")
    JUDICIARY = "judiciary", _("judiciary")
    PRESIDENT = "president", _("president")
    SUPREME_LEADER = "supreme_leader", _("supreme leader")
    OTHER = "other", _("other")
    # Posts of people who are not Iranian officials: not listed among the officials.
    MEMBER = "member", _("member or officer of an organisation")
    INTERNATIONAL = "international", _("UN or international post")


# The kinds of post that make a person one of the officials the case is about.
NOT_OFFICIAL_KINDS = (PositionKind.MEMBER, PositionKind.INTERNATIONAL)


class Position(PartialDatesMixin, TimeStampedModel):
    """A role a person held, or is alleged to have held, over a period: one cited fact."""

    partial_dates = ("start_date", "end_date")
    part_of = "person"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("person"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=PositionKind.choices, default=PositionKind.OTHER, db_index=True
    )
    title = models.CharField(_("title"), max_length=300, help_text=_("The position as the source states it."))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("organisation"),
        help_text=_("The body in which the post was held, if the sources name it."),
    )
    place = models.CharField(_("place"), max_length=300, blank=True, help_text=_("Where, as the source states it."))
    sites = models.ManyToManyField(
        Site,
        blank=True,
        related_name="positions",
        verbose_name=_("sites"),
        help_text=_("Prisons or other sites where the position was held."),
    )
    _history_m2m_fields = ["sites"]
    start_date, start_date_precision, start_date_approximate = partial_date_fields(_("from"))
    end_date, end_date_precision, end_date_approximate = partial_date_fields(_("until"))
    description = models.TextField(
        _("description"), blank=True, help_text=_("Attribute every allegation: “According to …”.")
    )

    class Meta:
        ordering = ["person", "start_date", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            *partial_date_constraints("start_date"),
            *partial_date_constraints("end_date"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=models.F("end_date")),
                name="people_position_starts_before_it_ends",
                violation_error_message=_("A position cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.person.name}: {self.title}"

    def get_absolute_url(self):
        return f"{self.person.get_absolute_url()}#position-{self.pk}"

    @property
    def period_display(self):
        return self.period_between("start_date", "end_date")


class Fate(models.TextChoices):
    EXECUTED = "executed", _("executed")
    DISAPPEARED = "disappeared", _("disappeared")
    DIED_IN_CUSTODY = "died_in_custody", _("died in custody")
    UNKNOWN = "unknown", _("unknown")


class VictimQuerySet(PublishableQuerySet):
    def search(self, query):
        """Victims whose person's names match ``query`` (see ``name_search``), exact spellings first."""
        return name_search(self, query, "person__").order_by("name_rank", "person__name", "pk")


class Victim(PartialDatesMixin, CaseRecord):
    """A person executed or disappeared; the registry that imports fill."""

    partial_dates = ("arrest_date", "death_date")
    # The person row of a victim is published, returned and withdrawn with the victim record.
    published_with = ("person",)

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="victim", verbose_name=_("person"))
    fate = models.CharField(_("fate"), max_length=16, choices=Fate.choices, default=Fate.UNKNOWN, db_index=True)
    affiliation = models.CharField(
        _("political affiliation"), max_length=300, blank=True, help_text=_("As the source states it.")
    )
    prison = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prisoners",
        verbose_name=_("prison"),
        limit_choices_to={"kind": "prison"},
    )
    arrest_date, arrest_date_precision, arrest_date_approximate = partial_date_fields(_("date of arrest"))
    death_date, death_date_precision, death_date_approximate = partial_date_fields(_("date of death"))
    burial_site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="buried",
        verbose_name=_("place of burial"),
        help_text=_("A mass grave or cemetery, if known."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = VictimQuerySet.as_manager()

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("victim")
        verbose_name_plural = _("victims")
        permissions = [publish_permission("victim", "victims")]
        constraints = [*partial_date_constraints("arrest_date"), *partial_date_constraints("death_date")]
        indexes = [
            # The registry filters by year of death.
            models.Index(fields=["death_date"], name="people_victim_death_date_idx"),
            # The registry's count (see Person's).
            models.Index(fields=["person"], condition=published_rows(), name="people_victim_public_idx"),
        ]

    def __str__(self):
        return str(self.person)

    def get_absolute_url(self):
        return page_url(self, "public:victim_detail", pk=self.pk)


class PersonCitation(Citation):
    fact = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="citations", verbose_name=_("person"))

    class Meta(Citation.Meta):
        verbose_name = _("person citation")
        verbose_name_plural = _("person citations")


class PositionCitation(Citation):
    fact = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="citations", verbose_name=_("position"))

    class Meta(Citation.Meta):
        verbose_name = _("position citation")
        verbose_name_plural = _("position citations")


class VictimCitation(Citation):
    fact = models.ForeignKey(Victim, on_delete=models.PROTECT, related_name="citations", verbose_name=_("victim"))

    class Meta(Citation.Meta):
        verbose_name = _("victim citation")
        verbose_name_plural = _("victim citations")


class Witness(models.Model):
    """The private identity behind a testimony given under a code or in confidence.

    No public query reads this table: the public sees only the code. A witness who is also a
    person named publicly in the case (an official, a relative of a victim) is linked here,
    privately; their public page stays exactly as it is and never mentions the testimony.
    Deliberately outside the history: a witness who asks to be forgotten is forgotten.
    """

    is_private = True

    code = models.CharField(
        _("witness code"),
        max_length=12,
        unique=True,
        default=new_witness_code,
        editable=False,
        help_text=_("Shown to the public instead of the name; it never changes."),
    )
    name = models.CharField(
        _("identity"), max_length=300, help_text=_("Who the witness is. Never shown publicly; seen by staff only.")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("also the public person"),
        help_text=_(
            "Only if the witness is also a person named publicly in the case. The link stays private: "
            "their public page never shows this testimony. Do not name them in the testimony's text, "
            "description or people named, and do not cite it on their page."
        ),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Safety precautions; what the witness agreed to."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("witness (private)")
        verbose_name_plural = _("witnesses (private)")

    def __str__(self):
        return f"{self.code}: {self.name}"

    def get_absolute_url(self):
        """Witnesses have no public page: their URL is their admin page."""
        return reverse("admin:people_witness_change", args=[self.pk])


class Contact(models.Model):
    """How to reach a witness or a victim's family. Never public; seen only by reviewers and administrators.

    Deliberately outside the history and the publication workflow: a deleted contact is gone, so
    that a witness who asks to be forgotten is forgotten and old addresses do not linger in history.
    """

    is_private = True

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts", verbose_name=_("person")
    )
    witness = models.ForeignKey(
        Witness,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("witness"),
    )
    name = models.CharField(
        _("name"),
        max_length=300,
        help_text=_("Whom to contact: the witness, or a relative, with how they are related."),
    )
    phone = models.CharField(_("phone or messenger"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    consent = models.TextField(
        _("consent"),
        blank=True,
        help_text=_("What the person agreed to: to be named, quoted, contacted again; when and how."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Safety precautions before contacting them."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["person", "name"]
        verbose_name = _("private contact")
        verbose_name_plural = _("private contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True, witness__isnull=False) | Q(person__isnull=False, witness__isnull=True),
                name="people_contact_of_a_person_or_a_witness",
                violation_error_message=_("A contact belongs to a person or to a witness."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.witness.code if self.witness_id else self.person.name})"

    def get_absolute_url(self):
        """Contacts have no public page: their URL is their admin page."""
        return reverse("admin:people_contact_change", args=[self.pk])
