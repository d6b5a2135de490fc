"""The curation admin, driven through its real pages as curators and agency editors use it."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models.fields.files import FieldFile
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations import services
from innovations.models import SDG, Category, Innovation, StatusChange
from tests.factories import (
    AgencyEditorFactory,
    AgencyFactory,
    CategoryFactory,
    CentralAgencyFactory,
    InnovationFactory,
    PublishedInnovationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:innovations_innovation_changelist")
ADD = reverse("admin:innovations_innovation_add")


def change_url(entry) -> str:
    return reverse("admin:innovations_innovation_change", args=(entry.pk,))


def history_url(entry) -> str:
    return reverse("admin:innovations_innovation_history", args=(entry.pk,))


def transition_url(entry, action: str) -> str:
    return reverse("admin:innovations_innovation_transition", args=(entry.pk, action))


def admin_form_data(response) -> dict:
    """The POST body an admin add/change page sends back untouched: the main form and the
    management form and rows of every inline, read from the rendered page's context."""
    data = {}

    def put(form, name):
        value = form[name].value()
        if value is None or isinstance(value, FieldFile):
            return
        if isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
        elif isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [str(item) for item in value]
        else:
            data[form.add_prefix(name)] = str(value)

    form = response.context["adminform"].form
    for name in form.fields:
        put(form, name)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            put(formset.management_form, name)
        for row in formset.forms:
            for name in row.fields:
                put(row, name)
    return data


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def changelist_titles(client, query: str = "") -> set[str]:
    response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return {entry.title for entry in response.context["cl"].result_list}


# --- who sees what ---------------------------------------------------------------------------


def test_curator_sees_every_agencys_entries(client, curator):
    entries = [InnovationFactory(), PublishedInnovationFactory(), InnovationFactory()]
    client.force_login(curator)
    assert changelist_titles(client) == {entry.title for entry in entries}


def test_agency_editor_sees_only_own_agency_entries_in_changelist(client, agency_editor):
    own_draft = InnovationFactory(agency=agency_editor.agency)
    own_published = PublishedInnovationFactory(agency=agency_editor.agency)
    InnovationFactory()
    PublishedInnovationFactory()
    client.force_login(agency_editor)
    assert changelist_titles(client) == {own_draft.title, own_published.title}


def test_agency_editor_cannot_open_another_agencys_draft_by_url(client, agency_editor):
    other = InnovationFactory(title="Rahasia Instansi Lain")
    client.force_login(agency_editor)

    response = client.get(change_url(other))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.get(history_url(other)).status_code == 404
    record = other.history.first()
    version_url = reverse(
        "admin:innovations_innovation_simple_history", args=(other.pk, record.history_id)
    )
    assert client.get(version_url).status_code == 404
    delete_url = reverse("admin:innovations_innovation_delete", args=(other.pk,))
    assert client.get(delete_url).status_code == 403
    assert "Rahasia Instansi Lain" not in client.get(CHANGELIST + "?q=Rahasia").content.decode()


def test_agency_editor_autocomplete_lists_only_own_agency_entries(client, agency_editor):
    own = InnovationFactory(agency=agency_editor.agency, title="Layanan Bersama Milik")
    InnovationFactory(title="Layanan Bersama Lain")
    client.force_login(agency_editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "innovations",
            "model_name": "innovationmedia",
            "field_name": "innovation",
            "term": "Layanan Bersama",
        },
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(own.pk)]


def test_agency_editor_post_to_another_agencys_draft_changes_nothing(client, agency_editor):
    other = InnovationFactory(title="Judul Asli")
    client.force_login(agency_editor)
    response = client.post(
        change_url(other),
        {"title": "Diubah Diam-diam", "summary": "x", "agency": agency_editor.agency_id},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.title == "Judul Asli"
    assert other.agency != agency_editor.agency


def test_agency_editor_gets_read_only_view_of_submitted_entry(client, agency_editor):
    entry = InnovationFactory(agency=agency_editor.agency, status=Innovation.Status.IN_REVIEW)
    client.force_login(agency_editor)
    response = client.get(change_url(entry))
    assert response.status_code == 200
    assert "title" not in response.context["adminform"].form.fields
    assert not response.context["has_change_permission"]
    response = client.post(change_url(entry), {"title": "Diubah setelah diajukan"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.title != "Diubah setelah diajukan"


def test_only_curators_may_delete(client, curator, agency_editor):
    entry = InnovationFactory(agency=agency_editor.agency)
    delete_url = reverse("admin:innovations_innovation_delete", args=(entry.pk,))
    client.force_login(agency_editor)
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Innovation.objects.filter(pk=entry.pk).exists()
    client.force_login(curator)
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Innovation.objects.filter(pk=entry.pk).exists()


# --- workflow: bulk actions and per-entry buttons ---------------------------------------------


def action_names(client) -> set[str]:
    form = client.get(CHANGELIST).context["action_form"]
    return {name for name, _label in form.fields["action"].choices if name}


def test_agency_editor_is_offered_only_submit_action(client, agency_editor, curator):
    client.force_login(agency_editor)
    assert action_names(client) == {"submit_selected"}
    client.force_login(curator)
    assert action_names(client) == {
        "submit_selected",
        "return_selected",
        "publish_selected",
        "archive_selected",
        "restore_selected",
        "delete_selected",
    }


def test_agency_editor_cannot_publish_through_forged_bulk_action(client, agency_editor):
    entry = InnovationFactory(agency=agency_editor.agency, status=Innovation.Status.IN_REVIEW)
    client.force_login(agency_editor)
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.status == Innovation.Status.IN_REVIEW
    assert not StatusChange.objects.exists()


def test_agency_editor_cannot_publish_through_forged_button(client, agency_editor):
    entry = InnovationFactory(agency=agency_editor.agency, status=Innovation.Status.IN_REVIEW)
    client.force_login(agency_editor)
    response = client.post(transition_url(entry, "publish"), follow=True)
    entry.refresh_from_db()
    assert entry.status == Innovation.Status.IN_REVIEW
    assert any("tidak berhak" in text for text in message_texts(response))


def test_agency_editor_submits_own_drafts_in_bulk(client, agency_editor):
    drafts = InnovationFactory.create_batch(2, agency=agency_editor.agency)
    client.force_login(agency_editor)
    response = client.post(
        CHANGELIST,
        {"action": "submit_selected", "_selected_action": [e.pk for e in drafts]},
        follow=True,
    )
    assert {e.status for e in Innovation.objects.filter(pk__in=[e.pk for e in drafts])} == {
        Innovation.Status.IN_REVIEW
    }
    assert "2 entri berhasil: Ajukan untuk ditinjau." in message_texts(response)
    assert set(StatusChange.objects.values_list("by", flat=True)) == {agency_editor.pk}


def test_curator_bulk_publish_reports_exactly_the_failed_entries(client, curator):
    ready = InnovationFactory.create_batch(2, status=Innovation.Status.IN_REVIEW)
    draft = InnovationFactory(title="Masih Draf")
    archived = InnovationFactory(title="Sudah Diarsipkan", status=Innovation.Status.ARCHIVED)
    client.force_login(curator)
    response = client.post(
        CHANGELIST,
        {
            "action": "publish_selected",
            "_selected_action": [e.pk for e in (*ready, draft, archived)],
        },
        follow=True,
    )
    texts = message_texts(response)
    assert "2 entri berhasil: Terbitkan." in texts
    [failure] = [text for text in texts if "gagal" in text]
    assert failure.startswith("2 entri gagal (Terbitkan):")
    assert "“Masih Draf” (Entri berstatus “Draf” tidak dapat di-Terbitkan.)" in failure
    assert "“Sudah Diarsipkan”" in failure
    assert ready[0].title not in failure
    assert set(
        Innovation.objects.filter(status=Innovation.Status.PUBLISHED).values_list("pk", flat=True)
    ) == {e.pk for e in ready}


def test_change_page_offers_only_the_transitions_available_to_the_user(
    client, curator, agency_editor
):
    draft = InnovationFactory(agency=agency_editor.agency)
    in_review = InnovationFactory(status=Innovation.Status.IN_REVIEW)
    client.force_login(agency_editor)
    buttons = client.get(change_url(draft)).context["workflow_buttons"]
    assert [b["action"] for b in buttons] == ["submit"]
    client.force_login(curator)
    response = client.get(change_url(in_review))
    assert [b["action"] for b in response.context["workflow_buttons"]] == ["return", "publish"]
    assert transition_url(in_review, "publish") in response.content.decode()


def test_workflow_button_returns_entry_to_draft_with_note(client, curator):
    entry = InnovationFactory(status=Innovation.Status.IN_REVIEW)
    client.force_login(curator)
    response = client.post(transition_url(entry, "return"), {"note": "Lengkapi data hasil."})
    assert response.status_code == 302
    assert response.url == change_url(entry)
    entry.refresh_from_db()
    assert entry.status == Innovation.Status.DRAFT
    change = StatusChange.objects.get(innovation=entry)
    assert (change.action, change.by, change.note) == ("return", curator, "Lengkapi data hasil.")


def test_workflow_button_refuses_get(client, curator):
    entry = InnovationFactory(status=Innovation.Status.IN_REVIEW)
    client.force_login(curator)
    assert client.get(transition_url(entry, "publish")).status_code == 405
    entry.refresh_from_db()
    assert entry.status == Innovation.Status.IN_REVIEW


# --- creating and editing through the services ------------------------------------------------


def base_entry_data(client) -> dict:
    data = admin_form_data(client.get(ADD))
    data.update(
        title="Layanan Adminduk Jemput Bola",
        summary="Petugas mendatangi warga untuk perekaman KTP-el.",
        year_launched="2022",
        stage=Innovation.Stage.TRIAL,
        source=Innovation.Source.AGENCY,
    )
    return data


def test_agency_editor_creates_entry_for_own_agency_with_region_derived(client, agency_editor):
    category = CategoryFactory()
    client.force_login(agency_editor)
    data = base_entry_data(client)
    assert data["agency"] == str(agency_editor.agency_id)  # the editor's agency is the default
    data["categories"] = [str(category.pk)]
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = Innovation.objects.get(title="Layanan Adminduk Jemput Bola")
    agency = agency_editor.agency
    assert (entry.agency, entry.province, entry.regency) == (
        agency,
        agency.province,
        agency.regency,
    )
    assert entry.status == Innovation.Status.DRAFT
    assert entry.slug == "layanan-adminduk-jemput-bola"
    assert (entry.created_by, entry.updated_by) == (agency_editor, agency_editor)
    assert list(entry.categories.all()) == [category]
    assert {record.history_user for record in entry.history.all()} == {agency_editor}


def test_an_agency_editor_sets_neither_the_source_nor_a_partner_reference(client, agency_editor):
    # Both key partners' upserts: a draft must not sit where a partner's record would land.
    client.force_login(agency_editor)
    data = base_entry_data(client)
    data.update(source=Innovation.Source.KIPP, external_ref="KIPP-2025-001")
    assert client.post(ADD, data).status_code == 302
    entry = Innovation.objects.get()
    assert (entry.source, entry.external_ref) == (Innovation.Source.AGENCY, "")

    data = admin_form_data(client.get(change_url(entry)))
    data.update(source=Innovation.Source.KIPP, external_ref="KIPP-2025-001")
    assert client.post(change_url(entry), data).status_code == 302
    entry.refresh_from_db()
    assert (entry.source, entry.external_ref) == (Innovation.Source.AGENCY, "")


def test_agency_editor_cannot_create_entry_for_another_agency(client, agency_editor):
    other_agency = AgencyFactory()
    client.force_login(agency_editor)
    data = base_entry_data(client)
    data["agency"] = str(other_agency.pk)
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "agency" in response.context["adminform"].form.errors
    assert not Innovation.objects.exists()


def test_agency_editor_is_offered_only_own_agency(client, agency_editor):
    AgencyFactory()
    client.force_login(agency_editor)
    field = client.get(ADD).context["adminform"].form.fields["agency"]
    assert list(field.queryset) == [agency_editor.agency]


def test_curator_places_central_agency_entry_in_a_trial_region(client, curator):
    ministry = CentralAgencyFactory()
    regency = AgencyFactory().regency
    client.force_login(curator)
    data = base_entry_data(client)
    data.update(agency=str(ministry.pk), regency=str(regency.pk))
    response = client.post(ADD, data)
    assert response.status_code == 302
    entry = Innovation.objects.get()
    assert (entry.province, entry.regency) == (regency.province, regency)


def test_changing_categories_records_history_row_by_that_user(client, curator):
    health, education = CategoryFactory(name="Kesehatan Uji"), CategoryFactory(name="Pendidikan")
    editor = AgencyEditorFactory()
    entry = services.innovation_save(
        entry=InnovationFactory.build(agency=editor.agency), by=editor, categories=[health]
    )
    client.force_login(curator)
    data = admin_form_data(client.get(change_url(entry)))
    data["categories"] = [str(health.pk), str(education.pk)]
    response = client.post(change_url(entry), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    latest = entry.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == curator
    assert set(latest.categories.values_list("category", flat=True)) == {
        health.pk,
        education.pk,
    }
    assert entry.history.filter(history_user=editor).exists()
    page = client.get(history_url(entry)).content.decode()
    assert curator.username in page
    assert editor.username in page
    assert "Pendidikan" in page


def test_history_page_shows_who_changed_what(client, curator, agency_editor):
    entry = InnovationFactory(agency=agency_editor.agency, title="Judul Lama")
    client.force_login(agency_editor)
    data = admin_form_data(client.get(change_url(entry)))
    data["title"] = "Judul Baru"
    assert client.post(change_url(entry), data).status_code == 302
    services.innovation_transition(entry=entry, action="submit", by=agency_editor)

    client.force_login(curator)
    response = client.get(history_url(entry))
    assert response.status_code == 200
    records = list(response.context["page_obj"])
    assert records[1].history_user == agency_editor
    assert "judul" in {c["field"].lower() for c in records[1].history_delta_changes}
    page = response.content.decode()
    assert agency_editor.username in page
    assert "Judul Lama" in page and "Judul Baru" in page


def test_history_revert_is_refused(client, curator):
    entry = PublishedInnovationFactory()
    services.innovation_transition(entry=entry, action="archive", by=curator)
    services.innovation_transition(entry=entry, action="restore", by=curator)
    published_version = entry.history.get(status=Innovation.Status.PUBLISHED)
    client.force_login(curator)
    url = reverse(
        "admin:innovations_innovation_simple_history", args=(entry.pk, published_version.pk)
    )
    assert client.get(url).status_code == 200
    data = admin_form_data(client.get(change_url(entry)))
    assert client.post(url, data).status_code == 405
    entry.refresh_from_db()
    assert entry.status == Innovation.Status.DRAFT


def test_service_refusal_on_save_is_a_message_not_a_500(client, agency_editor, monkeypatch):
    entry = InnovationFactory(agency=agency_editor.agency, title="Judul Tetap")
    client.force_login(agency_editor)
    data = admin_form_data(client.get(change_url(entry)))
    data["title"] = "Judul Berubah"

    # What the form cannot see: e.g. the entry was submitted in another tab meanwhile.
    def refuse(**kwargs):
        kwargs["entry"].save()
        raise PermissionDenied("Entri ini sudah diajukan.")

    monkeypatch.setattr(services, "innovation_save", refuse)
    response = client.post(change_url(entry), data, follow=True)
    assert response.status_code == 200
    assert "Perubahan tidak disimpan: Entri ini sudah diajukan." in message_texts(response)
    entry.refresh_from_db()
    assert entry.title == "Judul Tetap"


# --- the changelist ---------------------------------------------------------------------------


def test_changelist_filters_by_status_province_and_year(client, curator):
    published = PublishedInnovationFactory(year_launched=2019)
    draft = InnovationFactory(year_launched=2019)
    other_year = PublishedInnovationFactory(agency=published.agency, year_launched=2023)
    client.force_login(curator)
    assert changelist_titles(client, "?status__exact=published") == {
        published.title,
        other_year.title,
    }
    assert changelist_titles(client, f"?province__id__exact={draft.province_id}") == {draft.title}
    assert changelist_titles(client, "?year_launched=2019") == {published.title, draft.title}
    assert changelist_titles(
        client,
        f"?status__exact=published&province__id__exact={published.province_id}&year_launched=2023",
    ) == {other_year.title}


def test_changelist_search_covers_agency_name_and_external_ref(client, curator):
    by_agency = InnovationFactory(agency=AgencyFactory(name="Pemerintah Kota Pelangi"))
    by_ref = InnovationFactory(external_ref="KIPP-2021-0042")
    InnovationFactory()
    client.force_login(curator)
    assert changelist_titles(client, "?q=Pelangi") == {by_agency.title}
    assert changelist_titles(client, "?q=KIPP-2021-0042") == {by_ref.title}


def test_changelist_query_count_does_not_grow_with_entries(client, curator):
    categories = CategoryFactory.create_batch(2)
    client.force_login(curator)

    def queries_for_changelist() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CHANGELIST).status_code == 200
        return len(captured)

    InnovationFactory.create_batch(2, categories=categories)
    few = queries_for_changelist()
    InnovationFactory.create_batch(20, categories=categories)
    many = queries_for_changelist()
    assert many == few
    assert many <= 15


# --- taxonomy --------------------------------------------------------------------------------


def test_curator_manages_categories_but_sdgs_are_read_only(client, curator):
    client.force_login(curator)
    response = client.get(reverse("admin:innovations_category_add"))
    assert response.context["adminform"].prepopulated_fields[0]["field"].name == "slug"
    response = client.post(
        reverse("admin:innovations_category_add"),
        {"name": "Ketahanan Pangan", "name_en": "Food security", "slug": "pangan", "position": 9},
    )
    assert response.status_code == 302
    assert Category.objects.filter(slug="pangan", name_en="Food security").exists()

    sdg = SDG.objects.get(number=3)
    sdg_url = reverse("admin:innovations_sdg_change", args=(sdg.pk,))
    assert client.get(sdg_url).status_code == 200
    client.post(sdg_url, {"number": 3, "name": "Diubah", "name_en": "Changed"})
    sdg.refresh_from_db()
    assert sdg.name != "Diubah"
    assert client.get(reverse("admin:innovations_sdg_add")).status_code == 403


def test_status_log_is_shown_read_only_on_the_change_page(client, curator, agency_editor):
    entry = InnovationFactory(agency=agency_editor.agency)
    services.innovation_transition(entry=entry, action="submit", by=agency_editor)
    client.force_login(agency_editor)
    response = client.get(change_url(entry))
    [log] = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is StatusChange
    ]
    assert not log.has_add_permission and not log.has_change_permission
    assert [form.instance.action for form in log.formset.forms] == ["submit"]


def test_staff_without_a_role_sees_no_entries(client):
    InnovationFactory()
    client.force_login(UserFactory())
    assert client.get(CHANGELIST).status_code == 403


def test_change_page_shows_every_field_of_an_entry(client, curator):
    """A field added to the model must be placed in a fieldset, or curators never see it."""
    from django.contrib import admin
    from django.contrib.admin.utils import flatten_fieldsets

    internal = {"id", "search_vector"}
    model_fields = {
        f.name for f in (*Innovation._meta.concrete_fields, *Innovation._meta.many_to_many)
    } - internal
    model_admin = admin.site._registry[Innovation]
    assert set(flatten_fieldsets(model_admin.fieldsets)) == model_fields
    client.force_login(curator)
    assert client.get(change_url(InnovationFactory())).status_code == 200


# --- what a role must not learn through the admin --------------------------------------------


@pytest.mark.parametrize("role", ["agency_editor", "hub_admin"])
def test_only_curators_open_a_proposed_change(client, role):
    from innovations.models import ProposedChange
    from tests.hubs.factories import HubAdminFactory

    entry = PublishedInnovationFactory()
    change = ProposedChange.objects.create(
        innovation=entry,
        changes={"summary": "USULAN-RAHASIA yang belum ditinjau"},
        original={"summary": entry.summary},
        proposed_by_email="kontak.pribadi@example.go.id",
    )
    client.force_login(AgencyEditorFactory() if role == "agency_editor" else HubAdminFactory())

    response = client.get(reverse("admin:innovations_proposedchange_change", args=(change.pk,)))

    assert response.status_code == 403
    assert "USULAN-RAHASIA" not in response.content.decode()


def test_an_editor_does_not_learn_the_title_of_a_draft_their_entry_was_merged_into(client):
    editor = AgencyEditorFactory()
    survivor = InnovationFactory(title="DRAF-RAHASIA instansi lain")
    mine = InnovationFactory(
        agency=editor.agency, status=Innovation.Status.ARCHIVED, merged_into=survivor
    )
    client.force_login(editor)

    page = client.get(change_url(mine)).content.decode()

    assert "DRAF-RAHASIA" not in page
    assert "entri lain yang tidak dapat Anda lihat" in page


def test_a_curator_sees_the_entry_a_draft_was_merged_into(client, curator):
    survivor = InnovationFactory(title="Penyintas Draf")
    merged = InnovationFactory(status=Innovation.Status.ARCHIVED, merged_into=survivor)
    client.force_login(curator)
    assert "Penyintas Draf" in client.get(change_url(merged)).content.decode()


def test_a_refused_user_is_not_told_how_many_duplicates_wait(client):
    from innovations.models import DuplicateCandidate

    DuplicateCandidate.objects.create(
        entry=InnovationFactory(),
        other=InnovationFactory(),
        reason=DuplicateCandidate.Reason.SIMILAR_TITLE_SAME_AGENCY,
        score=0.9,
    )
    client.force_login(AgencyEditorFactory())

    response = client.get(reverse("admin:innovations_duplicatecandidate_changelist"))

    assert response.status_code == 403
    assert not list(get_messages(response.wsgi_request))
