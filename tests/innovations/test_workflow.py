import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovations import services
from innovations.models import Innovation, StatusChange
from tests.factories import AgencyEditorFactory, AgencyFactory, InnovationFactory

pytestmark = pytest.mark.django_db


def test_full_workflow_records_who_and_when(curator, agency_editor):
    entry = InnovationFactory(agency=agency_editor.agency)
    services.innovation_transition(entry=entry, action="submit", by=agency_editor)
    entry = services.innovation_transition(entry=entry, action="publish", by=curator)
    assert entry.status == Innovation.Status.PUBLISHED
    assert entry.published_at is not None
    entry = services.innovation_transition(entry=entry, action="archive", by=curator)
    log = list(StatusChange.objects.filter(innovation=entry).order_by("at", "id"))
    assert [(c.action, c.by) for c in log] == [
        ("submit", agency_editor),
        ("publish", curator),
        ("archive", curator),
    ]
    assert entry.history.first().history_user == curator


def test_agency_editor_cannot_publish(agency_editor):
    entry = InnovationFactory(agency=agency_editor.agency, status=Innovation.Status.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        services.innovation_transition(entry=entry, action="publish", by=agency_editor)
    entry.refresh_from_db()
    assert entry.status == Innovation.Status.IN_REVIEW


def test_states_cannot_be_skipped(curator):
    entry = InnovationFactory()
    with pytest.raises(ValidationError):
        services.innovation_transition(entry=entry, action="publish", by=curator)
    assert not StatusChange.objects.exists()


def test_agency_editor_cannot_submit_another_agencys_entry(agency_editor):
    other = InnovationFactory()
    with pytest.raises(PermissionDenied):
        services.innovation_transition(entry=other, action="submit", by=agency_editor)


def test_bulk_transition_reports_failed_rows(curator):
    ready = InnovationFactory(status=Innovation.Status.IN_REVIEW)
    draft = InnovationFactory()
    result = services.innovation_bulk_transition(
        entries=[ready, draft], action="publish", by=curator
    )
    assert result["done"] == [ready]
    assert [entry for entry, _ in result["failed"]] == [draft]


def test_save_derives_region_from_regional_agency_and_records_history(agency_editor):
    entry = InnovationFactory.build(agency=agency_editor.agency, province=None, regency=None)
    entry = services.innovation_save(entry=entry, by=agency_editor)
    assert entry.province == agency_editor.agency.province
    assert entry.regency == agency_editor.agency.regency
    assert entry.slug
    record = entry.history.first()
    assert record.history_user == agency_editor
    assert record.history_type == "+"


def test_agency_editor_cannot_file_for_another_agency():
    editor = AgencyEditorFactory()
    entry = InnovationFactory.build(agency=AgencyFactory())
    with pytest.raises(ValidationError) as error:
        services.innovation_save(entry=entry, by=editor)
    assert "agency" in error.value.message_dict
