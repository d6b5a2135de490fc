"""Factories for the competitions, reusing the catalogue's (tests/factories.py)."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from competitions.models import (
    Competition,
    CompetitionGroup,
    Criterion,
    JudgeAssignment,
    Proposal,
    Stage,
)
from competitions.roles import HUB_ADMIN_GROUP, JUDGE_GROUP, ORGANISER_GROUP
from tests.factories import AgencyFactory, InnovationFactory, ProvinceFactory, UserFactory

KIPP_STAGES = [
    Stage.Kind.REGISTRATION,
    Stage.Kind.ADMINISTRATIVE,
    Stage.Kind.TOP_99_EVALUATION,
    Stage.Kind.PRESENTATION,
    Stage.Kind.TOP_45,
    Stage.Kind.FIELD_VERIFICATION,
    Stage.Kind.ANNOUNCEMENT,
]


def _group(name: str) -> Group:
    return Group.objects.get_or_create(name=name)[0]


class OrganiserFactory(UserFactory):
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(_group(ORGANISER_GROUP))
    )


class HubAdminFactory(UserFactory):
    province = factory.SubFactory(ProvinceFactory)
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(_group(HUB_ADMIN_GROUP))
    )


class JudgeFactory(UserFactory):
    """An independent judge from a central agency, with no province of their own."""

    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(_group(JUDGE_GROUP))
    )


class CompetitionFactory(DjangoModelFactory):
    class Meta:
        model = Competition

    name = factory.Sequence(lambda n: f"KIPP Uji {n}")
    slug = factory.Sequence(lambda n: f"kipp-uji-{n}")
    level = Competition.Level.NATIONAL
    year = 2025
    theme = "Inovasi pelayanan publik untuk pemulihan ekonomi"
    organiser_name = "Kementerian PANRB"
    result_levels = ["top_99", "top_45", "outstanding"]
    required_sections = [
        {"section": "problem", "label": "Permasalahan", "min_words": 5, "max_words": 50},
        {"section": "idea", "label": "Gagasan dan kebaruan", "min_words": 5, "max_words": 50},
    ]
    required_attachments = [
        {"key": "proposal", "label": "Dokumen proposal", "kind": "document", "required": True},
        {"key": "photo", "label": "Foto kegiatan", "kind": "image", "required": False},
    ]


def competition_with_stages(
    *, registration_ends: datetime.date | None = None, kinds=None, **kwargs
) -> Competition:
    """A round with groups umum/khusus and the KIPP stages; registration is current and open
    until `registration_ends` (default: in a week)."""
    today = timezone.localdate()
    ends = registration_ends or today + datetime.timedelta(days=7)
    competition = CompetitionFactory(**kwargs)
    CompetitionGroup.objects.create(competition=competition, slug="umum", name="Umum", position=0)
    CompetitionGroup.objects.create(
        competition=competition, slug="khusus", name="Khusus", position=1
    )
    start = ends - datetime.timedelta(days=30)
    levels = {Stage.Kind.PRESENTATION: "top_99", Stage.Kind.TOP_45: "top_45"}
    for position, kind in enumerate(kinds or KIPP_STAGES):
        begins = start if position == 0 else ends + datetime.timedelta(days=position * 10)
        Stage.objects.create(
            competition=competition, kind=kind, position=position, starts_on=begins,
            ends_on=ends if position == 0 else begins + datetime.timedelta(days=9),
            result_level=levels.get(kind, "") if levels.get(kind) in competition.result_levels
            else "",
        )  # fmt: skip
    first = competition.stages.order_by("position").first()
    Stage.objects.filter(pk=first.pk).update(opened_at=timezone.now())
    competition.current_stage = first
    competition.save()
    return competition


def group(competition: Competition, slug: str = "umum") -> CompetitionGroup:
    return competition.groups.get(slug=slug)


def stage(competition: Competition, kind: str) -> Stage:
    return competition.stages.get(kind=kind)


def make_current(competition: Competition, kind: str) -> Stage:
    current = stage(competition, kind)
    competition.current_stage = current
    competition.save(update_fields=["current_stage"])
    return current


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    name = factory.Sequence(lambda n: f"Kriteria {n}")
    weight = 10
    max_score = 10


class ProposalFactory(DjangoModelFactory):
    """An active proposal; pass `competition` (with groups) and optionally `reached_stage`."""

    class Meta:
        model = Proposal

    competition = factory.SubFactory(CompetitionFactory)
    group = factory.LazyAttribute(lambda o: o.competition.groups.order_by("position").first())
    innovation = factory.SubFactory(
        InnovationFactory, agency=factory.SubFactory(AgencyFactory), contact_email="kontak@x.go.id"
    )
    agency = factory.SelfAttribute("innovation.agency")
    sections = factory.LazyFunction(
        lambda: {"problem": "Warga menunggu lama sekali di loket.", "idea": "Layanan daring."}
    )
    reached_stage = factory.LazyAttribute(lambda o: o.competition.current_stage)


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = JudgeAssignment

    judge = factory.SubFactory(JudgeFactory)
    declared_at = factory.LazyFunction(timezone.now)
