"""Factories of hub rows and replications, built on the shared tests/factories.py."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from hubs.models import Hub, HubActivity, HubPartner, ParticipationRecord
from innovations.models import Replication
from innovations.permissions_replication import HUB_ADMIN_GROUP
from tests.factories import (
    AgencyEditorFactory,
    AgencyFactory,
    ProvinceFactory,
    PublishedInnovationFactory,
    RegencyFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name: str = "komitmen.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)


class HubFactory(DjangoModelFactory):
    class Meta:
        model = Hub
        django_get_or_create = ("province",)

    province = factory.SubFactory(ProvinceFactory)
    kind = Hub.Kind.PILOT
    designation_year = 2020


class HubPartnerFactory(DjangoModelFactory):
    class Meta:
        model = HubPartner

    hub = factory.SubFactory(HubFactory)
    name = factory.Sequence(lambda n: f"Universitas Uji {n}")
    kind = HubPartner.Kind.UNIVERSITY
    role = "Pendampingan"


class HubActivityFactory(DjangoModelFactory):
    class Meta:
        model = HubActivity

    hub = factory.SubFactory(HubFactory)
    title = factory.Sequence(lambda n: f"Forum replikasi uji {n}")
    kind = HubActivity.Kind.REPLICATION_FORUM
    held_on = datetime.date(2024, 5, 2)
    place = "Aula kantor gubernur"


class ParticipationRecordFactory(DjangoModelFactory):
    class Meta:
        model = ParticipationRecord

    hub = factory.SubFactory(HubFactory)
    regency = factory.LazyAttribute(lambda o: RegencyFactory(province=o.hub.province))
    year = 2024
    period_kind = ParticipationRecord.PeriodKind.SEMESTER
    period = 1
    skm_index = 80
    skm_respondents = 300
    fkp_forums = 2
    lapor_received = 40
    lapor_resolved = 30


class HubAdminFactory(UserFactory):
    province = factory.SubFactory(ProvinceFactory)
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(
            Group.objects.get(name=HUB_ADMIN_GROUP)
        )
    )


class ReplicationFactory(DjangoModelFactory):
    """A declared replication (intent) of a published entry by a regency government."""

    class Meta:
        model = Replication

    origin = factory.SubFactory(PublishedInnovationFactory)
    agency = factory.SubFactory(AgencyFactory)
    province = factory.SelfAttribute("agency.province")
    target_year = 2025


__all__ = [
    "AgencyEditorFactory",
    "HubActivityFactory",
    "HubAdminFactory",
    "HubFactory",
    "HubPartnerFactory",
    "ParticipationRecordFactory",
    "ReplicationFactory",
    "pdf",
]
