"""Every change to an entry names who made it: paths that changed entries without a history
record, or credited the wrong person (found by an audit)."""

import pytest
from django.urls import reverse

from competitions import services as competition_services
from competitions.models import Stage
from innovations import services
from innovations.models import Category, ImportJob, Innovation, Recognition
from tests.competitions.factories import (
    OrganiserFactory,
    ProposalFactory,
    competition_with_stages,
    make_current,
)
from tests.factories import (
    AgencyEditorFactory,
    AgencyFactory,
    CategoryFactory,
    CuratorFactory,
    InnovationFactory,
    PublishedInnovationFactory,
    UserFactory,
)
from tests.innovations.test_exchange_import import csv_file, row

pytestmark = pytest.mark.django_db


def test_a_category_entries_still_carry_is_not_deleted(client, curator):
    health, unused = CategoryFactory(name="Kesehatan Uji"), CategoryFactory(name="Tak Terpakai")
    editor = AgencyEditorFactory()
    entry = services.innovation_save(
        entry=InnovationFactory.build(agency=editor.agency), by=editor, categories=[health]
    )
    client.force_login(curator)

    page = client.post(
        reverse("admin:innovations_category_delete", args=(health.pk,)), {"post": "yes"}
    )
    client.post(reverse("admin:innovations_category_delete", args=(unused.pk,)), {"post": "yes"})

    assert "masih dipakai 1 entri" in page.content.decode()
    assert list(entry.categories.all()) == [health]
    assert not Category.objects.filter(pk=unused.pk).exists()


def test_an_import_is_credited_to_the_curator_who_confirmed_it(client):
    uploader, confirmer = CuratorFactory(), CuratorFactory()
    agency = AgencyFactory()
    client.force_login(uploader)
    client.post(
        reverse("admin:innovations_importjob_add"), {"file": csv_file([row(agency, "AU-1")])}
    )
    job = ImportJob.objects.get()
    client.force_login(confirmer)

    client.post(reverse("admin:innovations_importjob_confirm", args=[job.pk]))

    job.refresh_from_db()
    assert (job.created_by, job.confirmed_by) == (uploader, confirmer)
    assert Innovation.objects.get(external_ref="AU-1").history.get().history_user == confirmer


def test_an_account_that_changed_entries_is_deactivated_not_deleted(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    editor, idle = AgencyEditorFactory(), UserFactory()
    services.innovation_save(entry=InnovationFactory.build(agency=editor.agency), by=editor)
    client.force_login(admin)

    page = client.post(reverse("admin:accounts_user_delete", args=(editor.pk,)), {"post": "yes"})
    client.post(reverse("admin:accounts_user_delete", args=(idle.pk,)), {"post": "yes"})

    assert "tercatat sebagai pengubah data" in page.content.decode()
    assert editor.__class__.objects.filter(pk=editor.pk).exists()
    assert not idle.__class__.objects.filter(pk=idle.pk).exists()


def test_an_award_from_published_results_names_who_announced_it():
    organiser = OrganiserFactory()
    competition = competition_with_stages()
    make_current(competition, Stage.Kind.ANNOUNCEMENT)
    proposal = ProposalFactory(competition=competition)
    competition_services.result_award(proposal=proposal, level="top_45", by=organiser)
    [result] = competition_services.results_publish(competition=competition, by=organiser)

    record = Recognition.objects.get(innovation=proposal.innovation).history.get()

    assert record.history_user == organiser
    assert record.history_change_reason == result.source_key


def test_confirming_continuity_records_who_updated_the_entry(curator):
    entry = PublishedInnovationFactory()
    services.innovation_confirm_continuity(entry=entry, status="berkembang", by=curator)
    entry.refresh_from_db()
    assert entry.updated_by == curator
