"""The replication workflow, applied by its services: every step, every refusal, the log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innovations.models import Innovation, Replication, ReplicationTransition
from innovations.selectors.replication import (
    filter_replicated,
    order_by_most_replicated,
    replicated_by,
    replications_progress_for,
)
from innovations.services import replication as services
from tests.factories import (
    AgencyEditorFactory,
    CuratorFactory,
    InnovationFactory,
    PublishedInnovationFactory,
)
from tests.hubs.factories import ReplicationFactory, pdf

pytestmark = pytest.mark.django_db
Status = Replication.Status
TODAY = datetime.date.today()


@pytest.fixture
def editor():
    return AgencyEditorFactory()


@pytest.fixture
def declared(editor):
    origin = PublishedInnovationFactory()
    return services.replication_declare(
        origin=origin, agency=editor.agency, by=editor, target_year=2025
    )


def commit(replication, by):
    return services.replication_commit(
        replication=replication, by=by, signed_on=TODAY, signatory="Bupati", document=pdf()
    )


def plan(replication, by):
    return services.replication_plan(
        replication=replication,
        by=by,
        steps=[
            {"title": "Studi tiru", "responsible_unit": "Bagian Organisasi", "target_date": TODAY}
        ],
    )


def report(replication, by, percent=50):
    return services.replication_report_progress(
        replication=replication, by=by, progress_percent=percent, summary="SOP disesuaikan."
    )


def test_full_workflow_logs_every_transition_with_who(editor, declared):
    commit(declared, editor)
    plan(declared, editor)
    report(declared, editor)
    report(declared, editor, percent=90)
    result = PublishedInnovationFactory(agency=editor.agency)
    done = services.replication_implement(replication=declared, by=editor, result=result)

    assert done.status == Status.IMPLEMENTED
    assert done.result == result
    log = list(ReplicationTransition.objects.filter(replication=declared).order_by("id"))
    assert [(row.from_status, row.to_status) for row in log] == [
        ("", Status.INTENT),
        (Status.INTENT, Status.COMMITTED),
        (Status.COMMITTED, Status.PLANNED),
        (Status.PLANNED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.IMPLEMENTED),
    ]
    assert {row.by for row in log} == {editor}
    assert declared.progress_reports.count() == 2
    assert declared.steps.count() == 1


def test_declare_refuses_unpublished_origin(editor):
    draft = InnovationFactory()
    with pytest.raises(ValidationError) as error:
        services.replication_declare(
            origin=draft, agency=editor.agency, by=editor, target_year=2025
        )
    assert "origin" in error.value.message_dict


def test_declare_refuses_another_agency(editor):
    other = AgencyEditorFactory()
    with pytest.raises(PermissionDenied):
        services.replication_declare(
            origin=PublishedInnovationFactory(), agency=other.agency, by=editor, target_year=2025
        )


def test_declare_refuses_a_second_open_replication_of_the_same_origin(editor, declared):
    with pytest.raises(ValidationError):
        services.replication_declare(
            origin=declared.origin, agency=editor.agency, by=editor, target_year=2026
        )


def test_states_cannot_be_skipped(editor, declared):
    with pytest.raises(ValidationError):
        plan(declared, editor)
    with pytest.raises(ValidationError):
        report(declared, editor)
    result = PublishedInnovationFactory(agency=editor.agency)
    with pytest.raises(ValidationError):
        services.replication_implement(replication=declared, by=editor, result=result)
    declared.refresh_from_db()
    assert declared.status == Status.INTENT
    assert declared.steps.count() == 0 and declared.progress_reports.count() == 0


def test_editor_cannot_move_another_agencys_replication(declared):
    stranger = AgencyEditorFactory()
    with pytest.raises(PermissionDenied):
        commit(declared, stranger)
    declared.refresh_from_db()
    assert declared.status == Status.INTENT


def test_commit_requires_date_signatory_and_a_real_document(editor, declared):
    with pytest.raises(ValidationError) as error:
        services.replication_commit(
            replication=declared, by=editor, signed_on=None, signatory=" ", document=None
        )
    assert set(error.value.message_dict) == {
        "commitment_signed_on",
        "commitment_signatory",
        "commitment_document",
    }
    from django.core.files.base import ContentFile

    with pytest.raises(ValidationError) as error:
        services.replication_commit(
            replication=declared,
            by=editor,
            signed_on=TODAY,
            signatory="Bupati",
            document=ContentFile(b"<html>not a pdf</html>", name="komitmen.pdf"),
        )
    assert "commitment_document" in error.value.message_dict


def test_cancel_without_reason_is_refused(editor, declared):
    with pytest.raises(ValidationError) as error:
        services.replication_cancel(replication=declared, by=editor, reason="  ")
    assert "cancelled_reason" in error.value.message_dict
    done = services.replication_cancel(replication=declared, by=editor, reason="Anggaran dialihkan")
    assert done.status == Status.CANCELLED and done.cancelled_reason == "Anggaran dialihkan"


def test_cancelled_and_implemented_are_final(editor, declared):
    services.replication_cancel(replication=declared, by=editor, reason="Dialihkan")
    with pytest.raises(ValidationError):
        commit(declared, editor)
    with pytest.raises(ValidationError):
        services.replication_cancel(replication=declared, by=editor, reason="lagi")


def test_implement_refuses_an_entry_of_another_agency(editor, declared):
    commit(declared, editor)
    plan(declared, editor)
    report(declared, editor)
    foreign = PublishedInnovationFactory()
    with pytest.raises(ValidationError) as error:
        services.replication_implement(replication=declared, by=editor, result=foreign)
    assert "result" in error.value.message_dict
    declared.refresh_from_db()
    assert declared.status == Status.IN_PROGRESS and declared.result is None


def test_implement_refuses_an_unpublished_entry(editor, declared):
    commit(declared, editor)
    plan(declared, editor)
    report(declared, editor)
    draft = InnovationFactory(agency=editor.agency)
    with pytest.raises(ValidationError):
        services.replication_implement(replication=declared, by=editor, result=draft)


def test_plan_needs_at_least_one_valid_step(editor, declared):
    commit(declared, editor)
    with pytest.raises(ValidationError):
        services.replication_plan(replication=declared, by=editor, steps=[])
    with pytest.raises(ValidationError) as error:
        services.replication_plan(
            replication=declared,
            by=editor,
            steps=[{"title": "", "responsible_unit": "Bagian", "target_date": TODAY}],
        )
    assert "Langkah 1" in str(error.value)


def test_curator_may_act_for_any_agency(editor, declared):
    assert commit(declared, CuratorFactory()).status == Status.COMMITTED


def _implemented(origin, editor=None):
    editor = editor or AgencyEditorFactory()
    replication = services.replication_declare(
        origin=origin, agency=editor.agency, by=editor, target_year=2025
    )
    commit(replication, editor)
    plan(replication, editor)
    report(replication, editor)
    result = PublishedInnovationFactory(agency=editor.agency)
    return services.replication_implement(replication=replication, by=editor, result=result)


def test_replicated_by_counts_implemented_agencies_and_lists_those_under_way(editor, declared):
    origin = declared.origin
    _implemented(origin)
    _implemented(origin)
    commit(declared, editor)

    info = replicated_by(origin)
    assert info["count"] == 2
    assert [row.status for row in info["under_way"]] == [Status.COMMITTED]


def test_most_replicated_ordering_and_replicated_filter():
    popular, once, never = (PublishedInnovationFactory() for _ in range(3))
    _implemented(popular)
    _implemented(popular)
    _implemented(once)
    queryset = PublishedInnovationFactory._meta.model.objects.filter(
        pk__in=[popular.pk, once.pk, never.pk]
    )
    ordered = list(order_by_most_replicated(queryset))
    assert ordered[:2] == [popular, once]
    assert ordered[0].replication_count == 2
    assert set(filter_replicated(queryset, True)) == {popular, once}
    assert set(filter_replicated(queryset, False)) == {never}


def test_progress_against_yearly_target(editor):
    curator = CuratorFactory()
    services.replication_target_set(agency=editor.agency, year=2025, planned=5, by=curator)
    _implemented(PublishedInnovationFactory(), editor)
    progress = replications_progress_for(editor.agency, 2025)
    assert progress["target"] == 5
    assert progress["implemented"] == 1
    assert progress["percent_of_target"] == 20
    by_province = replications_progress_for(editor.agency.province, 2025)
    assert by_province["target"] == 5 and by_province["implemented"] == 1


def test_target_for_another_agency_is_refused(editor):
    other = AgencyEditorFactory()
    with pytest.raises(PermissionDenied):
        services.replication_target_set(agency=other.agency, year=2025, planned=3, by=editor)


def test_replicated_filter_and_most_replicated_ordering_through_api_and_page(api_client, client):
    origin_once, origin_twice = PublishedInnovationFactory(), PublishedInnovationFactory()
    never = PublishedInnovationFactory()
    for origin, count in ((origin_once, 1), (origin_twice, 2)):
        for _ in range(count):
            ReplicationFactory(origin=origin, status=Replication.Status.IMPLEMENTED)
    body = api_client.get(
        "/api/v1/innovations/", {"replicated": "true", "ordering": "most_replicated"}
    ).json()
    assert [row["slug"] for row in body["results"]] == [origin_twice.slug, origin_once.slug]
    never_body = api_client.get("/api/v1/innovations/", {"replicated": "false"}).json()
    assert [row["slug"] for row in never_body["results"]] == [never.slug]
    page = client.get("/inovasi/", {"replicated": "true", "ordering": "most_replicated"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index(origin_twice.title) < html.index(origin_once.title)
    assert never.title not in html


def test_unknown_boolean_filter_value_is_refused_naming_the_parameter(api_client, client):
    for name in ("replicated", "covid_related"):
        response = api_client.get("/api/v1/innovations/", {name: "maybe"})
        assert response.status_code == 400
        assert name in response.json()
        assert client.get("/inovasi/", {name: "maybe"}).status_code == 400


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search table's path")
@pytest.mark.parametrize("extra", [{}, {"facets": "year"}], ids=["plain", "with-facets"])
def test_most_replicated_pages_from_the_search_table_follow_the_entries_order(api_client, extra):
    entries = PublishedInnovationFactory.create_batch(7)
    for origin, count in zip(entries[1:4], (1, 3, 1), strict=True):
        for _ in range(count):
            ReplicationFactory(origin=origin, status=Replication.Status.IMPLEMENTED)
    ReplicationFactory(origin=entries[5], status=Replication.Status.PLANNED)  # not counted
    published = Innovation.objects.filter(status=Innovation.Status.PUBLISHED)
    expected = [entry.slug for entry in order_by_most_replicated(published)]

    pages = []
    with CaptureQueriesContext(connection) as queries:
        for number in range(1, 6):  # pages of 2, across the replicated entries and the rest
            body = api_client.get(
                "/api/v1/innovations/",
                {"ordering": "most_replicated", "page_size": 2, "page": number, **extra},
            ).json()
            pages += [row["slug"] for row in body.get("results", [])]
    assert pages == expected
    # Not the FilterSet's order, which counts the replications of every entry.
    assert not any("replication_count" in query["sql"] for query in queries.captured_queries)


def test_replicated_list_and_its_count_follow_a_replication_at_once(api_client):
    origin, other = PublishedInnovationFactory(), PublishedInnovationFactory()
    ReplicationFactory(origin=origin, status=Replication.Status.IMPLEMENTED)
    under_way = ReplicationFactory(origin=other, status=Replication.Status.IN_PROGRESS)
    params = {"replicated": "true", "facets": "year"}  # counts kept until the catalogue changes
    first = api_client.get("/api/v1/innovations/", params)
    assert first.json()["count"] == 1

    under_way.status = Replication.Status.IMPLEMENTED
    under_way.save()  # a replication alone: no entry is saved

    again = api_client.get("/api/v1/innovations/", params, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again.json()["count"] == 2
    assert {row["slug"] for row in again.json()["results"]} == {origin.slug, other.slug}
