"""What the public sees: the round list and page (timeline, results by level and group), the
API (stages and published results, never scores), the incentive report, and a published result
as a badge and an `award_level` facet of the catalogue."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from competitions import services
from competitions.models import Score, Stage
from innovations.models import Innovation
from tests.factories import AgencyFactory, PublishedInnovationFactory

from .factories import (
    AssignmentFactory,
    CriterionFactory,
    OrganiserFactory,
    ProposalFactory,
    competition_with_stages,
    group,
    make_current,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """A round at its announcement with one published outstanding result, one unpublished
    Top 45 still to announce, and a judge's score that must never leak."""
    organiser = OrganiserFactory()
    competition = competition_with_stages(name="KIPP 2024", slug="kipp-2024", year=2024)
    evaluation = competition.stages.get(kind=Stage.Kind.TOP_99_EVALUATION)
    criterion = CriterionFactory(stage=evaluation, name="Kebaruan")
    make_current(competition, Stage.Kind.ANNOUNCEMENT)
    agency = AgencyFactory()
    winner = ProposalFactory(
        competition=competition, group=group(competition, "khusus"),
        innovation=PublishedInnovationFactory(agency=agency, title="Puskesmas Keliling Apung"),
    )  # fmt: skip
    assignment = AssignmentFactory(stage=evaluation, proposal=winner)
    Score.objects.create(
        assignment=assignment, criterion=criterion, value=7, comment="Komentar juri rahasia"
    )
    services.result_award(proposal=winner, level="outstanding", by=organiser)
    services.results_publish(competition=competition, by=organiser)
    later = ProposalFactory(
        competition=competition, innovation__title="Belum Diumumkan Sama Sekali"
    )
    services.result_award(proposal=later, level="top_45", by=organiser)
    return competition, winner


def test_competition_list_and_page_show_timeline_and_results(client, announced):
    competition, _winner = announced
    listing = client.get(reverse("competitions:list"))
    assert listing.status_code == 200
    assert "KIPP 2024" in listing.content.decode()
    page = client.get(competition.get_absolute_url()).content.decode()
    assert competition.theme in page
    current = page.split('aria-current="step"')[1][:200]
    assert "Pengumuman" in current
    results = page.split('data-level="outstanding"')[1]
    assert "Khusus" in results and "Puskesmas Keliling Apung" in results
    assert "Belum Diumumkan Sama Sekali" not in page
    assert "Komentar juri rahasia" not in page


def test_api_lists_rounds_with_stages_and_published_results_only(api_client, announced):
    competition, _winner = announced
    body = api_client.get("/api/v1/competitions/").json()
    assert body["count"] == 1
    detail = api_client.get(f"/api/v1/competitions/{competition.slug}/").json()
    assert next(s["kind"] for s in detail["stages"]) == "registration"
    assert detail["current_stage"] == "announcement"
    assert [s["is_current"] for s in detail["stages"]].count(True) == 1
    assert [(r["level"], r["innovation"]["title"]) for r in detail["results"]] == [
        ("outstanding", "Puskesmas Keliling Apung")
    ]
    assert detail["results"][0]["group"]["slug"] == "khusus"
    text = str(detail)
    assert "Komentar juri rahasia" not in text and "score" not in text
    assert api_client.get("/api/v1/competitions/nope/").status_code == 404


def test_api_list_query_count(api_client, announced, django_assert_max_num_queries):
    for _ in range(3):
        competition_with_stages()
    with django_assert_max_num_queries(10):
        response = api_client.get("/api/v1/competitions/")
    assert response.json()["count"] == 4


def test_unpublished_awarded_entry_is_named_as_announced_but_not_linked(client, api_client):
    organiser = OrganiserFactory()
    competition = competition_with_stages(year=2025)
    make_current(competition, Stage.Kind.ANNOUNCEMENT)
    proposal = ProposalFactory(competition=competition, innovation__title="Draf Pemenang")
    services.result_award(proposal=proposal, level="top_45", by=organiser)
    services.results_publish(competition=competition, by=organiser)
    # The entry is still unpublished; its later edits are not public.
    entry = proposal.innovation
    entry.title = "Judul Draf Baru Belum Ditinjau"
    entry.save()

    result = api_client.get(f"/api/v1/competitions/{competition.slug}/").json()["results"][0]
    page = client.get(competition.get_absolute_url()).content.decode()
    xlsx = client.get(reverse("competitions:incentive_report", args=[2025, "xlsx"])).content
    detail = load_workbook(io.BytesIO(xlsx)).worksheets[1]

    assert result["innovation"]["title"] == "Draf Pemenang"
    assert result["innovation"]["slug"] is None and result["innovation"]["web_url"] is None
    assert "Draf Pemenang" in page and "Judul Draf Baru" not in page
    assert entry.get_absolute_url() not in page
    assert detail.cell(2, 4).value == "Draf Pemenang"


def test_a_published_awarded_entry_is_linked_under_its_current_title(client, api_client):
    organiser = OrganiserFactory()
    competition = competition_with_stages(year=2025)
    make_current(competition, Stage.Kind.ANNOUNCEMENT)
    proposal = ProposalFactory(
        competition=competition, innovation=PublishedInnovationFactory(title="Judul Lama")
    )
    services.result_award(proposal=proposal, level="top_45", by=organiser)
    services.results_publish(competition=competition, by=organiser)
    Innovation.objects.filter(pk=proposal.innovation.pk).update(title="Judul Terbit Terkini")

    result = api_client.get(f"/api/v1/competitions/{competition.slug}/").json()["results"][0]
    page = client.get(competition.get_absolute_url()).content.decode()

    assert result["innovation"]["title"] == "Judul Terbit Terkini"
    assert result["innovation"]["slug"] == proposal.innovation.slug
    assert f'<a href="{proposal.innovation.get_absolute_url()}">Judul Terbit Terkini</a>' in page


def test_published_result_counts_in_the_award_level_facet_and_filter(api_client, announced):
    _competition, winner = announced
    PublishedInnovationFactory(title="Tanpa Penghargaan")
    body = api_client.get("/api/v1/innovations/?facets=award_level").json()
    counts = {bucket["value"]: bucket["count"] for bucket in body["facets"]["award_level"]}
    assert counts == {"outstanding": 1}
    filtered = api_client.get("/api/v1/innovations/?award_level=outstanding").json()
    assert [row["slug"] for row in filtered["results"]] == [winner.innovation.slug]


def test_published_result_shows_as_a_badge_on_the_entry(api_client, client, announced):
    _competition, winner = announced
    detail = api_client.get(f"/api/v1/innovations/{winner.innovation.slug}/").json()
    assert [(r["title"], r["level"]) for r in detail["recognitions"]] == [
        ("KIPP 2024", "outstanding")
    ]
    page = client.get(winner.innovation.get_absolute_url()).content.decode()
    assert "KIPP 2024" in page


def test_incentive_report_counts_results_per_region_as_csv_and_xlsx(client, announced):
    _competition, winner = announced
    entry = winner.innovation
    response = client.get(reverse("competitions:incentive_report", args=[2024, "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('laporan-insentif-2024.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Provinsi", "Kabupaten/kota"] and rows[0][-2:] == [
        "Jumlah hasil",
        "Jumlah inovasi",
    ]
    outstanding = rows[0].index("Inovasi terpuji (Outstanding Achievement)")
    assert rows[1][0] == entry.province.name and rows[1][1] == entry.regency.display_name
    assert rows[1][outstanding] == "1" and rows[1][-2:] == ["1", "1"]
    assert len(rows) == 2  # the unannounced Top 45 is not counted

    response = client.get(reverse("competitions:incentive_report", args=[2024, "xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    summary, detail = workbook.worksheets
    assert summary.cell(2, 1).value == entry.province.name
    assert summary.cell(2, summary.max_column).value == 1
    assert detail.cell(2, 4).value == entry.title
    empty = client.get(reverse("competitions:incentive_report", args=[2019, "csv"]))
    assert len(empty.content.decode("utf-8-sig").splitlines()) == 1
    assert client.get("/kompetisi/laporan-insentif/2024.pdf").status_code == 404


def test_organiser_walks_a_round_from_scoring_to_published_results(client):
    """Through the pages: advance with a tie refused, then with ties included, then publish."""
    competition = competition_with_stages(kinds=[
        Stage.Kind.REGISTRATION, Stage.Kind.PRESENTATION, Stage.Kind.TOP_45,
        Stage.Kind.ANNOUNCEMENT,
    ])  # fmt: skip
    current = make_current(competition, Stage.Kind.PRESENTATION)
    criterion = CriterionFactory(stage=current, weight=1, max_score=10)
    entries = [PublishedInnovationFactory() for _ in range(3)]
    for entry, mark in zip(entries, (9, 7, 7), strict=True):
        proposal = ProposalFactory(competition=competition, innovation=entry, reached_stage=current)
        Score.objects.create(
            assignment=AssignmentFactory(stage=current, proposal=proposal),
            criterion=criterion, value=mark,
        )  # fmt: skip
    client.force_login(OrganiserFactory())
    action = reverse("competitions:moderation_action", kwargs={"slug": competition.slug})
    refused = client.post(action, {"action": "advance", "quota_umum": 2, "quota_khusus": 0})
    assert refused.status_code == 400
    assert "bernilai sama" in refused.content.decode()
    done = client.post(
        action, {"action": "advance", "quota_umum": 2, "quota_khusus": 0, "include_ties": "on"}
    )
    assert done.status_code == 302
    competition.refresh_from_db()
    assert competition.current_stage.kind == Stage.Kind.TOP_45
    assert competition.results.filter(level="top_45").count() == 3
    # Top 45 stage has no criteria here: everyone left advances to the announcement.
    assert client.post(action, {"action": "advance"}).status_code == 302
    assert client.post(action, {"action": "publish_results"}).status_code == 302
    facet = client.get("/api/v1/innovations/?facets=award_level").json()["facets"]
    assert {b["value"]: b["count"] for b in facet["award_level"]} == {"top_45": 3}
    assert Innovation.objects.filter(recognitions__level="top_45").count() == 3
