"""A small, realistic case for the public-site tests, built from the seed articles.

Every quote below is a verbatim passage of ``fixtures/seed_sources``. The seed articles
name no victims, so the registry is filled with clearly fictional placeholder names.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from casefile.cases.models import CaseCitation
from casefile.core.models import PublicationState
from casefile.events.models import EventCitation, TestimonyCitation
from casefile.figures.models import FigureCitation
from casefile.people.models import OrganisationCitation, PersonCitation, PositionCitation, Witness
from casefile.places.models import SiteCitation, SiteObservationCitation
from tests.factories import (
    AnswerFactory,
    CaseFactory,
    EventFactory,
    FigureFactory,
    OrganisationFactory,
    PersonFactory,
    PersonNameFactory,
    PositionFactory,
    QuestionFactory,
    SiteFactory,
    SiteObservationFactory,
    SourceFactory,
    TestimonyFactory,
    VictimFactory,
    cite,
)

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seed_sources"


def seed_text(prefix):
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@dataclass
class Demo:
    case: object = None
    sources: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    positions: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    sites: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    testimonies: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)
    victims: list = field(default_factory=list)
    witness: object = None


def build_demo(victims=3):
    d = Demo()
    d.case = CaseFactory(
        title="The 1988 massacre of political prisoners in Iran",
        title_fa="قتل‌عام زندانیان سیاسی در سال ۱۳۶۷",
        summary="In the summer of 1988 political prisoners were executed in prisons across Iran, "
        "according to the sources cited below.",
        summary_fa="در تابستان ۱۳۶۷ زندانیان سیاسی در زندان‌های سراسر ایران اعدام شدند، به روایت منابعی که در زیر آمده است.",
        start_date=datetime.date(1988, 7, 1),
        start_date_precision="month",
        slug="1988-massacre",
    )
    cases = [d.case]
    d.sources["paris"] = SourceFactory(
        title="Experts decry impunity in Iran in conference marking 35th anniversary of 1988 massacre",
        publisher="JVMI",
        published_on=datetime.date(2023, 7, 1),
        published_on_precision="month",
        reliability="interested",
        publisher_note="Justice for the Victims of the 1988 Massacre in Iran, an advocacy group.",
        snapshot=seed_text("000"),
    )
    d.sources["un"] = SourceFactory(
        title="UN experts urge Iran to account for 1988 massacre", snapshot=seed_text("001")
    )
    d.sources["geneva"] = SourceFactory(
        title="Geneva conference calls for inquiry into the massacre of Iranian political prisoners",
        snapshot=seed_text("002"),
    )
    d.sources["draft"] = SourceFactory(title="A draft source", state=PublicationState.DRAFT, snapshot=seed_text("004"))
    cite(
        CaseCitation,
        d.case,
        d.sources["paris"],
        "Three-member ‘Death Commissions’ were formed across Iran sending political prisoners who refused "
        "to abandon their beliefs to execution.",
    )

    pour = PersonFactory(
        name="Mostafa Pourmohammadi", name_fa="مصطفی پورمحمدی", slug="mostafa-pourmohammadi", cases=cases
    )
    PersonNameFactory(person=pour, name="Mostafa Pour-Mohammadi")
    avaei = PersonFactory(name="Alireza Avaei", name_fa="علیرضا آوایی", slug="alireza-avaei", cases=cases)
    for spelling in ("Alireza Avaii", "Alireza Avaie"):
        PersonNameFactory(person=avaei, name=spelling)
    boumedra = PersonFactory(
        name="Tahar Boumedra", description="Director of JVMI, as the source describes him.", cases=cases
    )
    d.people.update(pourmohammadi=pour, avaei=avaei, boumedra=boumedra)

    d.sites["evin"] = SiteFactory(
        name="Evin Prison",
        name_fa="زندان اوین",
        city="Tehran",
        latitude=Decimal("35.796"),
        longitude=Decimal("51.388"),
        coordinate_precision="approximate",
        slug="evin-prison",
        cases=cases,
    )
    d.sites["gohardasht"] = SiteFactory(name="Gohardasht Prison", city="Karaj", slug="gohardasht-prison", cases=cases)
    d.sites["graves"] = SiteFactory(name="Unmarked mass grave", kind="mass_grave", slug="mass-grave", cases=cases)
    cite(
        SiteCitation,
        d.sites["evin"],
        d.sources["paris"],
        "As the massacre unfolded in prisons such as Evin and Gohardasht",
    )
    observation = SiteObservationFactory(
        site=d.sites["graves"],
        status="damaged",
        date=datetime.date(2020, 9, 1),
        date_precision="month",
        note="The UN experts report allegations of the destruction of mass graves.",
    )
    cite(SiteObservationCitation, observation, d.sources["un"], "the destruction of mass graves")

    d.positions["pour_1988"] = PositionFactory(
        person=pour,
        kind="death_commission",
        title="Member of the 'Death Commission'",
        start_date=datetime.date(1988, 7, 1),
        start_date_precision="month",
    )
    d.positions["pour_1988"].sites.set([d.sites["evin"]])
    cite(
        PositionCitation,
        d.positions["pour_1988"],
        d.sources["un"],
        "Mostafa Pour-Mohammadi, the former Minister of Justice who currently serves as an advisor to the "
        "Iranian Judiciary, was a key member of the death committee in the 1988 massacre.",
    )
    d.organisations["judiciary"] = OrganisationFactory(
        name="Iranian judiciary",
        name_fa="قوه قضاییه ایران",
        other_names="Iranian Judiciary",
        kind="judiciary",
        description="The judiciary of Iran.",
        description_fa="قوه قضاییه جمهوری اسلامی ایران.",
        slug="iranian-judiciary",
        cases=cases,
    )
    cite(
        OrganisationCitation,
        d.organisations["judiciary"],
        d.sources["un"],
        "who currently serves as an advisor to the Iranian Judiciary",
    )
    d.organisations["ministry"] = OrganisationFactory(
        name="Ministry of Justice (Iran)",
        name_fa="وزارت دادگستری ایران",
        description="The ministry of the Minister of Justice.",
        slug="ministry-of-justice",
        cases=cases,
    )
    cite(OrganisationCitation, d.organisations["ministry"], d.sources["geneva"], "the former and current ministers")
    d.organisations["hidden"] = OrganisationFactory(
        name="A draft organisation", slug="draft-organisation", state=PublicationState.DRAFT, cases=cases
    )
    d.positions["pour_minister"] = PositionFactory(
        person=pour,
        kind="minister",
        title="Minister of Justice",
        title_fa="وزیر دادگستری",
        organisation=d.organisations["ministry"],
        start_date=datetime.date(2013, 1, 1),
    )
    cite(
        PositionCitation,
        d.positions["pour_minister"],
        d.sources["geneva"],
        "This includes Mostafa Pourmohammadi and Alireza Avaii, the former and current ministers of justice",
    )
    d.positions["avaei_1988"] = PositionFactory(
        person=avaei,
        kind="death_commission",
        title="Member of the 'Death Committee' in Dezful and Ahvaz prisons",
        start_date=datetime.date(1988, 1, 1),
        start_date_precision="year",
        start_date_approximate=True,
    )
    cite(
        PositionCitation,
        d.positions["avaei_1988"],
        d.sources["un"],
        "Alireza Avaei, the current Minister of Justice, was also a member of the Death Committee in Dezful "
        "and Ahvaz prisons during the massacre in the summer of 1988.",
    )

    d.events["massacre"] = EventFactory(
        title="The 1988 massacre",
        kind="massacre",
        date=datetime.date(1988, 7, 1),
        date_precision="month",
        date_approximate=True,
        country="Iran",
        slug="the-1988-massacre",
        cases=cases,
    )
    d.events["massacre"].people.set([pour, avaei])
    cite(
        EventCitation,
        d.events["massacre"],
        d.sources["un"],
        "this was the greatest crime of the century which took place in Iran in the summer of 1988",
    )
    d.events["paris"] = EventFactory(
        title="Conference on the 35th anniversary of the 1988 massacre",
        kind="conference",
        date=datetime.date(2023, 7, 3),
        date_precision="day",
        place="Auvers-sur-Oise",
        city="Paris",
        country="France",
        slug="paris-conference-2023",
        cases=cases,
    )
    d.events["paris"].people.set([boumedra])
    cite(
        EventCitation,
        d.events["paris"],
        d.sources["paris"],
        "took part in an international conference in Paris on 3 July 2023",
    )

    d.testimonies["boumedra"] = TestimonyFactory(
        speaker=boumedra,
        speaker_description="JVMI Director, a former head of the United Nations human rights office in Iraq",
        event=d.events["paris"],
        kind="expert",
        date=datetime.date(2023, 7, 3),
        date_precision="day",
        text="It is high time the OHCHR launches a Commission of Inquiry into the extra-legal executions.",
        cases=cases,
    )
    cite(
        TestimonyCitation,
        d.testimonies["boumedra"],
        d.sources["paris"],
        "told the conference that its high time the Office of the UN High Commissioner for Human Rights (OHCHR) "
        "launches a Commission of Inquiry",
    )
    # A survivor who spoke under a code: the name must never reach a public page.
    hidden = Witness.objects.create(name="Hidden Witness Realname")
    d.witness = hidden
    d.testimonies["pseudonymous"] = TestimonyFactory(
        witness=hidden,
        speaker_description="Sister of a prisoner held in Hidden Witness Realname's ward",
        event=d.events["paris"],
        kind="survivor",
        confidentiality="pseudonymous",
        text="The victims were buried in secret mass graves.",
        cases=cases,
    )
    d.testimonies["pseudonymous"].people.set([pour])
    cite(
        TestimonyCitation,
        d.testimonies["pseudonymous"],
        d.sources["paris"],
        "The victims were buried in secret mass graves.",
    )

    question = QuestionFactory(text="How many political prisoners were executed in 1988?")
    d.figures["30000"] = FigureFactory(
        question=question,
        value_text="upwards of 30,000",
        value_low=30000,
        qualifier="at_least",
        claimant="Tahar Boumedra (JVMI)",
        claimant_person=boumedra,
        event=d.events["paris"],
        cases=cases,
    )
    cite(
        FigureCitation,
        d.figures["30000"],
        d.sources["paris"],
        "enforced disappearances of upwards of 30,000 political prisoners",
    )
    d.figures["thousands"] = FigureFactory(
        question=question,
        value_text="thousands",
        value_low=None,
        qualifier="unquantified",
        claimant="UN human rights experts",
        cases=cases,
    )
    cite(
        FigureCitation,
        d.figures["thousands"],
        d.sources["un"],
        "the fate and whereabouts of thousands of individuals who were reportedly forcibly disappeared",
    )
    graves = QuestionFactory(text="How many mass graves are documented?")
    d.figures["70"] = FigureFactory(
        question=graves,
        value_text="70 mass graves with precise locations",
        value_low=70,
        claimant="JVMI",
        site=d.sites["graves"],
        cases=cases,
    )
    cite(
        FigureCitation, d.figures["70"], d.sources["geneva"], "We have documented 70 mass graves with precise locations"
    )
    cite(PersonCitation, boumedra, d.sources["paris"], "JVMI Director Tahar Boumedra")
    # The massacre event answers the death-toll question too: a conflict of facts of two kinds.
    d.answers["massacre"] = AnswerFactory(
        question=question, event=d.events["massacre"], reading="Thousands, as the event's description says"
    )

    add_victims(d, victims)
    # The editors' headline figures on the case page: how many were executed.
    d.case.headline_questions.add(d.figures["30000"].question)
    return d


def add_victims(d, count):
    start = len(d.victims)
    for n in range(start, start + count):
        person = PersonFactory(name=f"Example Victim {n:05d}", cases=[d.case])
        d.victims.append(
            VictimFactory(
                person=person,
                fate="executed",
                prison=d.sites["evin"] if n % 2 else d.sites["gohardasht"],
                burial_site=d.sites["graves"],
                death_date=datetime.date(1988, 8, 1),
                death_date_precision="month",
                cases=[d.case],
            )
        )
    return d.victims[start:]
