"""Shared pieces of the update-campaign tests: factories, a URL conf that mounts the campaign pages
(until jippnas/urls.py includes them), an e-mail backend that refuses recipients, helpers.

Holds no tests itself.
"""

import datetime
import re
import smtplib

import factory
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import include, path
from django.utils import timezone
from factory.django import DjangoModelFactory

from innovations.models import UpdateCampaign
from innovations.selectors.campaigns import HUB_ADMIN_GROUP
from jippnas import urls as project_urls
from tests.factories import PublishedInnovationFactory, UserFactory

urlpatterns = list(project_urls.urlpatterns)
if not any(getattr(pattern, "namespace", None) == "campaigns" for pattern in urlpatterns):
    urlpatterns.insert(0, path("pemutakhiran/", include("innovations.urls_campaigns")))

URLCONF = __name__
LINK = re.compile(r"/pemutakhiran/tautan/(?P<slug>[-\w]+)/(?P<token>[-\w]+)/")


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = UpdateCampaign

    name = factory.Sequence(lambda n: f"Pemutakhiran Uji {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class ContactedInnovationFactory(PublishedInnovationFactory):
    contact_name = "Petugas Inovasi"
    contact_email = factory.Sequence(lambda n: f"kontak{n}@pemda.example.go.id")
    legal_basis = "Peraturan Bupati"


class HubAdminFactory(UserFactory):
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(
            Group.objects.get_or_create(name=HUB_ADMIN_GROUP)[0]
        )
    )


class RefusingBackend(EmailBackend):
    """Refuses any recipient whose address starts with "ditolak"; delivers the rest."""

    def send_messages(self, messages):
        for message in messages:
            refused = [a for a in message.to if a.startswith("ditolak")]
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"no such user")))
        return super().send_messages(messages)


def link_in(message) -> tuple[str, str, str]:
    """(path, slug, token) of the personal link in an e-mail."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(0), match.group("slug"), match.group("token")


def outbox_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def answer_data(entry, **overrides) -> dict:
    """A complete answer form, prefilled with the entry's published values."""
    from innovations.models import PROPOSABLE_FIELDS

    data = {name: getattr(entry, name) or "" for name in PROPOSABLE_FIELDS}
    data.update(
        decision="confirm",
        continuity_status="berjalan",
        continuity_note="",
        attachment_kind="document",
        attachment_caption="",
    )
    data.update(overrides)
    return data
