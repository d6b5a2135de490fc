"""Demo rounds for the quick start: KIPP 2023 with its results on published demo entries (so
the catalogue shows badges and the `award_level` facet), this year's KIPP open for
registration, and a finished provincial round. Marked `is_demo`; idempotent by slug."""

import datetime

from django.db import transaction
from django.utils import timezone

from innovations import services as catalogue
from innovations.demo import DEMO_PREFIX
from innovations.models import Innovation
from regions.models import Agency, Province

from .models import Competition, CompetitionGroup, Criterion, Proposal, Result, Stage

Kind = Stage.Kind
GROUPS = [
    ("umum", "Kelompok Umum", "Inovasi pelayanan publik K/L dan pemerintah daerah."),
    ("khusus", "Kelompok Khusus", "Inovasi yang menyasar kelompok rentan dan daerah 3T."),
    ("replikasi", "Kelompok Replikasi", "Replikasi dari inovasi yang telah terbukti."),
]  # fmt: skip
CRITERIA = [
    ("Kebaruan", 20), ("Signifikansi dan dampak", 20), ("Kemampuan direplikasi", 15),
    ("Keberlanjutan", 15), ("Sumber daya", 10), ("Keterlibatan pemangku kepentingan", 10),
    ("Keselarasan dengan TPB/SDGs", 10),
]  # fmt: skip
SECTIONS = [
    {"section": "problem", "label": "Permasalahan", "min_words": 30, "max_words": 600},
    {"section": "idea", "label": "Gagasan dan kebaruan", "min_words": 30, "max_words": 600},
    {"section": "how_it_works", "label": "Cara kerja", "min_words": 30, "max_words": 800},
    {"section": "results", "label": "Hasil dan dampak", "min_words": 30, "max_words": 600},
    {"section": "replicability", "label": "Kemampuan direplikasi", "min_words": 0,
     "max_words": 400},
    {"section": "sustainability", "label": "Keberlanjutan", "min_words": 0, "max_words": 400},
]  # fmt: skip
ATTACHMENTS = [
    {"key": "proposal", "label": "Dokumen proposal (PDF)", "kind": "document", "required": True},
    {"key": "foto", "label": "Foto pelaksanaan inovasi", "kind": "image", "required": False},
]
KIPP_2023_STAGES = [
    (Kind.REGISTRATION, "2023-01-16", "2023-03-31", ""),
    (Kind.ADMINISTRATIVE, "2023-04-01", "2023-04-14", ""),
    (Kind.TOP_99_EVALUATION, "2023-04-15", "2023-05-31", ""),
    (Kind.PRESENTATION, "2023-06-05", "2023-07-14", "top_99"),
    (Kind.TOP_45, "2023-07-17", "2023-07-31", "top_45"),
    (Kind.FIELD_VERIFICATION, "2023-08-01", "2023-08-31", ""),
    (Kind.ANNOUNCEMENT, "2023-09-01", "2023-10-31", ""),
]


def _stages(competition: Competition, rows) -> list[Stage]:
    stages = []
    for position, (kind, starts, ends, level) in enumerate(rows):
        starts, ends = (
            datetime.date.fromisoformat(day) if isinstance(day, str) else day
            for day in (starts, ends)
        )
        stage, _created = Stage.objects.get_or_create(
            competition=competition, kind=kind,
            defaults={"position": position, "starts_on": starts, "ends_on": ends,
                      "result_level": level},
        )  # fmt: skip
        stage.refresh_from_db()
        stages.append(stage)
    return stages


def _round(slug: str, **fields) -> tuple[Competition, bool]:
    competition, created = Competition.objects.get_or_create(
        slug=slug,
        defaults={
            **fields, "is_demo": True, "required_sections": SECTIONS,
            "required_attachments": ATTACHMENTS,
        },
    )  # fmt: skip
    for position, (group_slug, name, description) in enumerate(GROUPS):
        CompetitionGroup.objects.get_or_create(
            competition=competition, slug=group_slug,
            defaults={"name": name, "description": description, "position": position},
        )  # fmt: skip
    return competition, created


def _criteria(stage: Stage) -> None:
    for position, (name, weight) in enumerate(CRITERIA):
        Criterion.objects.get_or_create(
            stage=stage, name=name,
            defaults={"weight": weight, "max_score": 10, "position": position},
        )  # fmt: skip


def _finish(competition: Competition, stages: list[Stage]) -> None:
    """Mark a past round as run to its announcement."""
    for stage in stages:
        moment = timezone.make_aware(datetime.datetime.fromisoformat(str(stage.ends_on)))
        Stage.objects.filter(pk=stage.pk, closed_at__isnull=True).update(
            opened_at=moment - datetime.timedelta(days=(stage.ends_on - stage.starts_on).days),
            closed_at=moment,
        )
    competition.current_stage = stages[-1]
    competition.save(update_fields=["current_stage", "updated_at"])


def _award(competition, entries, levels_for, reached_for) -> int:
    groups = list(competition.groups.order_by("position"))
    now = timezone.now()
    count = 0
    for index, entry in enumerate(entries):
        group = groups[1] if index % 5 == 4 else groups[2] if index % 7 == 6 else groups[0]
        proposal, _created = Proposal.objects.get_or_create(
            competition=competition, innovation=entry,
            defaults={
                "group": group, "agency_id": entry.agency_id,
                "sections": {s["section"]: getattr(entry, s["section"]) for s in SECTIONS},
                "reached_stage": reached_for(index),
            },
        )  # fmt: skip
        for rank, level in levels_for(index):
            result, created = Result.objects.get_or_create(
                proposal=proposal, level=level,
                defaults={"competition": competition, "rank": rank, "published_at": now,
                          "announced_title": entry.title},
            )  # fmt: skip
            catalogue.recognition_record(
                entry=entry, title=competition.name, year=competition.year, level=level,
                awarded_by=competition.organiser_name, source_key=result.source_key,
                reason=f"seed_competitions: {result.source_key}",
            )  # fmt: skip
            count += created
    return count


def _published_demo_entries():
    return (
        Innovation.objects.filter(
            status=Innovation.Status.PUBLISHED, external_ref__startswith=DEMO_PREFIX
        )
        .exclude(contact_email="")
        .order_by("external_ref")
    )


@transaction.atomic
def demo_competitions_seed() -> dict:
    """Create the demo rounds that are missing and their results; returns what was done."""
    today = timezone.localdate()
    ministry = Agency.objects.filter(code="KEMENPANRB").first()
    report = {"rounds_created": 0, "results": 0}

    kipp, created = _round(
        "kipp-2023", name="KIPP 2023", level=Competition.Level.NATIONAL, year=2023,
        theme="Inovasi pelayanan publik untuk percepatan pemulihan dan transformasi digital",
        description="Kompetisi Inovasi Pelayanan Publik tingkat nasional tahun 2023 (data demo).",
        organiser_name="Kementerian PANRB", organiser_agency=ministry,
        result_levels=["top_99", "top_45", "outstanding"],
    )  # fmt: skip
    report["rounds_created"] += created
    stages = _stages(kipp, KIPP_2023_STAGES)
    for stage in stages:
        if stage.kind in (Kind.TOP_99_EVALUATION, Kind.PRESENTATION):
            _criteria(stage)
    _finish(kipp, stages)
    by_kind = {stage.kind: stage for stage in stages}
    entries = list(_published_demo_entries()[:99])

    def kipp_levels(index):
        levels = [(index + 1, "top_99")]
        if index < 45:
            levels.append((index + 1, "top_45"))
        if index < 10:
            levels.append((index + 1, "outstanding"))
        return levels

    report["results"] += _award(
        kipp, entries, kipp_levels,
        lambda index: by_kind[Kind.ANNOUNCEMENT if index < 45 else Kind.PRESENTATION],
    )  # fmt: skip

    province = Province.objects.filter(code="33").first()
    if province is not None:
        regional, created = _round(
            "kompetisi-inovasi-jawa-tengah-2024",
            name=f"Kompetisi Inovasi Pelayanan Publik Provinsi {province.name} 2024",
            level=Competition.Level.PROVINCIAL, province=province, year=2024,
            theme="Inovasi desa dan kelurahan untuk layanan yang lebih dekat",
            organiser_name=f"Hub JIPP Provinsi {province.name}",
            organiser_agency=Agency.objects.filter(code=province.code).first(),
            result_levels=["provincial_winner"],
        )  # fmt: skip
        report["rounds_created"] += created
        rows = [(Kind.REGISTRATION, "2024-02-01", "2024-03-31", ""),
                (Kind.ADMINISTRATIVE, "2024-04-01", "2024-04-15", ""),
                (Kind.PRESENTATION, "2024-05-01", "2024-05-31", ""),
                (Kind.ANNOUNCEMENT, "2024-06-10", "2024-06-30", "")]  # fmt: skip
        stages = _stages(regional, rows)
        _criteria(stages[2])
        _finish(regional, stages)
        winners = list(_published_demo_entries().filter(province=province)[:10])
        report["results"] += _award(
            regional, winners, lambda index: [(index + 1, "provincial_winner")],
            lambda index: stages[-1],
        )  # fmt: skip

    current, created = _round(
        f"kipp-{today.year}", name=f"KIPP {today.year}", level=Competition.Level.NATIONAL,
        year=today.year, theme="Inovasi pelayanan publik berdampak untuk Indonesia Emas",
        description="Pendaftaran proposal dibuka untuk seluruh instansi (data demo).",
        organiser_name="Kementerian PANRB", organiser_agency=ministry,
        result_levels=["top_99", "top_45", "outstanding"],
    )  # fmt: skip
    report["rounds_created"] += created
    start = today - datetime.timedelta(days=10)
    spans = [(Kind.REGISTRATION, 55), (Kind.ADMINISTRATIVE, 14), (Kind.TOP_99_EVALUATION, 45),
             (Kind.PRESENTATION, 30), (Kind.TOP_45, 14), (Kind.FIELD_VERIFICATION, 30),
             (Kind.ANNOUNCEMENT, 30)]  # fmt: skip
    rows, cursor = [], start
    levels = {Kind.PRESENTATION: "top_99", Kind.TOP_45: "top_45"}
    for kind, days in spans:
        rows.append(
            (kind, cursor, cursor + datetime.timedelta(days=days - 1), levels.get(kind, ""))
        )
        cursor += datetime.timedelta(days=days)
    stages = _stages(current, rows)
    for stage in stages:
        if stage.kind in (Kind.TOP_99_EVALUATION, Kind.PRESENTATION):
            _criteria(stage)
    if current.current_stage_id is None:
        Stage.objects.filter(pk=stages[0].pk).update(opened_at=timezone.now())
        current.current_stage = stages[0]
        current.save(update_fields=["current_stage", "updated_at"])
    report["published_results"] = Result.objects.filter(
        competition__is_demo=True, published_at__isnull=False
    ).count()
    return report
