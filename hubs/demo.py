"""Demo data for the hubs: the real designations plus clearly marked invented activity.

Real: which provinces were designated Hub JIPP and when — the 2020 pilot decree named Kepulauan
Bangka Belitung, Jawa Timur, Sulawesi Selatan, Sumatera Selatan, Jawa Tengah, Sumatera Barat,
Kalimantan Selatan and Gorontalo; Bengkulu was designated in 2024. Decree numbers are left blank
(not verified here). Everything else — descriptions, partners, activities, participation
figures, replications and targets — is invented, flagged `is_demo` and shown as "(data demo)".
Deterministic and idempotent: a second run changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction

from innovations.models import Innovation, Replication
from innovations.permissions import CURATOR_GROUP
from innovations.services import replication as replication_services
from regions.models import Agency, Province

from . import services
from .models import Hub, HubActivity, HubPartner, ParticipationRecord

DEMO_USERNAME = "demo-hubs"
REFERENCE_DATE = datetime.date(2025, 6, 30)  # fixed, so output does not depend on today
PILOT_2020 = ("19", "35", "73", "16", "33", "13", "63", "75")
DESIGNATIONS = [(code, Hub.Kind.PILOT, 2020) for code in PILOT_2020] + [
    ("17", Hub.Kind.REGULAR, 2024)
]
UNVERIFIED_DECREE = "Nomor dan tanggal keputusan belum diverifikasi; diisi oleh kurator."

PARTNERS = [
    (
        "Perguruan tinggi negeri setempat (data demo)",
        HubPartner.Kind.UNIVERSITY,
        "Pendampingan metodologi dan evaluasi inovasi",
    ),
    (
        "Mitra pembangunan internasional (data demo)",
        HubPartner.Kind.DEVELOPMENT_PARTNER,
        "Dukungan teknis forum replikasi",
    ),
    (
        "Forum masyarakat sipil daerah (data demo)",
        HubPartner.Kind.NGO,
        "Fasilitasi Forum Konsultasi Publik",
    ),
    (
        "Asosiasi pengusaha daerah (data demo)",
        HubPartner.Kind.PRIVATE_SECTOR,
        "Dukungan sarana kompetisi inovasi provinsi",
    ),
]

ACTIVITY_PLAN = [
    (
        HubActivity.Kind.SOCIALISATION,
        "Sosialisasi JIPP bagi perangkat daerah",
        HubActivity.Mode.OFFLINE,
    ),
    (
        HubActivity.Kind.MENTORING,
        "Pendampingan penyusunan proposal inovasi",
        HubActivity.Mode.HYBRID,
    ),
    (
        HubActivity.Kind.REPLICATION_FORUM,
        "Forum replikasi inovasi pelayanan publik",
        HubActivity.Mode.OFFLINE,
    ),
    (
        HubActivity.Kind.COMMITMENT_SIGNING,
        "Penandatanganan komitmen replikasi",
        HubActivity.Mode.OFFLINE,
    ),
    (
        HubActivity.Kind.COMPETITION,
        "Kompetisi inovasi pelayanan publik provinsi",
        HubActivity.Mode.OFFLINE,
    ),
    (HubActivity.Kind.MONITORING, "Monitoring dan evaluasi replikasi", HubActivity.Mode.ONLINE),
]
FKP_TOPICS = (
    "standar pelayanan adminduk",
    "waktu tunggu puskesmas",
    "perizinan berusaha",
    "layanan air bersih",
    "transportasi sekolah",
)

# A tiny valid PDF: the commitment document every demo commitment carries.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
    b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _demo_user():
    """An active curator without a usable password: it can act through services, never log in."""
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": "Data demo hub", "is_active": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=CURATOR_GROUP))
    return user


def _seed_hub(code: str, kind: str, year: int, user) -> Hub | None:
    province = Province.objects.filter(code=code).first()
    if province is None:
        return None
    hub = Hub.objects.filter(province=province).first()
    if hub is None:
        hub = Hub(
            province=province,
            kind=kind,
            designation_year=year,
            designation_note=UNVERIFIED_DECREE,
            coordinating_agency=Agency.objects.filter(code=code).first(),
            description=(
                f"Hub JIPP Provinsi {province.name} mendampingi kabupaten/kota di wilayahnya "
                "dalam menyusun, mengembangkan, dan mereplikasi inovasi pelayanan publik. "
                "(data demo)"
            ),
            contact_name="Sekretariat Hub JIPP (data demo)",
            contact_email="hub.demo@example.go.id",
            is_demo=True,
        )
        services.hub_save(hub=hub, by=user)
    for name, partner_kind, role in PARTNERS:
        if not HubPartner.objects.filter(hub=hub, name=name).exists():
            services.hub_partner_save(
                partner=HubPartner(hub=hub, name=name, kind=partner_kind, role=role, is_demo=True),
                by=user,
            )
    return hub


def _rng(*parts) -> random.Random:
    # One generator per row: skipping a row that exists cannot shift what the next row draws.
    return random.Random("-".join(str(part) for part in parts))


def _seed_activities(hub: Hub, user, seed: int) -> int:
    agencies = list(
        Agency.objects.filter(province=hub.province, regency__isnull=False).order_by("code")[:8]
    )
    entries = list(
        Innovation.objects.filter(
            province=hub.province, status=Innovation.Status.PUBLISHED
        ).order_by("id")[:6]
    )
    created = 0
    for index, (kind, title, mode) in enumerate(ACTIVITY_PLAN):
        rng = _rng(seed, hub.province.code, "activity", index)
        held_on = REFERENCE_DATE - datetime.timedelta(days=60 * index + rng.randint(0, 40))
        full_title = f"{title} {held_on.year}"
        if HubActivity.objects.filter(hub=hub, title=full_title).exists():
            continue
        activity = HubActivity(
            hub=hub,
            title=full_title,
            kind=kind,
            held_on=held_on,
            mode=mode,
            place="" if mode == HubActivity.Mode.ONLINE else f"Aula Kantor Gubernur {hub.province}",
            outcome_notes=(
                f"{rng.randint(8, 40)} peserta dari {len(agencies)} instansi; tindak lanjut "
                "disepakati dalam rencana aksi. (data demo)"
            ),
            is_demo=True,
        )
        services.hub_activity_save(
            activity=activity,
            by=user,
            agencies=rng.sample(agencies, min(len(agencies), 4)),
            innovations=rng.sample(entries, min(len(entries), 2)),
        )
        created += 1
    return created


def _seed_participation(hub: Hub, user, seed: int) -> int:
    regencies = list(hub.province.regencies.order_by("code")[:4])
    created = 0
    for regency in regencies:
        for year in (2023, 2024):
            for semester in (1, 2):
                rng = _rng(seed, regency.code, year, semester)
                skm = rng.uniform(72, 86)
                if ParticipationRecord.objects.filter(
                    regency=regency, year=year, period_kind="semester", period=semester
                ).exists():
                    continue
                received = rng.randint(20, 180)
                resolved = rng.randint(int(received * 0.6), received)
                record = ParticipationRecord(
                    hub=hub,
                    regency=regency,
                    year=year,
                    period_kind="semester",
                    period=semester,
                    skm_index=Decimal(f"{skm:.2f}"),
                    skm_respondents=rng.randint(150, 900),
                    fkp_forums=rng.randint(0, 4),
                    fkp_topics=rng.choice(FKP_TOPICS),
                    lapor_received=received,
                    lapor_resolved=resolved,
                    lapor_median_days=Decimal(f"{rng.uniform(2, 14):.1f}"),
                    is_demo=True,
                )
                services.participation_record_save(record=record, by=user)
                created += 1
    return created


# The state each demo replication is taken to, in turn: every state is represented.
REPLICATION_STATES = (
    Replication.Status.IMPLEMENTED,
    Replication.Status.IN_PROGRESS,
    Replication.Status.PLANNED,
    Replication.Status.COMMITTED,
    Replication.Status.INTENT,
    Replication.Status.CANCELLED,
)


def _advance(replication: Replication, state: str, user, result: Innovation | None) -> None:
    order = [
        Replication.Status.COMMITTED,
        Replication.Status.PLANNED,
        Replication.Status.IN_PROGRESS,
        Replication.Status.IMPLEMENTED,
    ]
    if state == Replication.Status.CANCELLED:
        replication_services.replication_cancel(
            replication=replication,
            by=user,
            reason="Anggaran tahun berjalan dialihkan. (data demo)",
        )
        return
    steps_needed = order[: order.index(state) + 1] if state in order else []
    year = replication.target_year
    for step in steps_needed:
        if step == Replication.Status.COMMITTED:
            replication_services.replication_commit(
                replication=replication,
                by=user,
                signed_on=datetime.date(year - 1, 11, 20),
                signatory="Bupati/Wali Kota (data demo)",
                document=ContentFile(DEMO_PDF, name="komitmen-replikasi-demo.pdf"),
            )
        elif step == Replication.Status.PLANNED:
            replication_services.replication_plan(
                replication=replication,
                by=user,
                steps=[
                    {
                        "title": "Studi tiru ke instansi asal",
                        "responsible_unit": "Bagian Organisasi",
                        "target_date": datetime.date(year, 3, 31),
                    },
                    {
                        "title": "Penyesuaian SOP dan regulasi",
                        "responsible_unit": "Perangkat daerah pelaksana",
                        "target_date": datetime.date(year, 6, 30),
                    },
                    {
                        "title": "Uji coba layanan",
                        "responsible_unit": "Perangkat daerah pelaksana",
                        "target_date": datetime.date(year, 9, 30),
                    },
                ],
            )
        elif step == Replication.Status.IN_PROGRESS:
            replication_services.replication_report_progress(
                replication=replication,
                by=user,
                progress_percent=60,
                summary="Studi tiru selesai; SOP disesuaikan. (data demo)",
                reported_on=min(datetime.date(year, 7, 15), REFERENCE_DATE),
            )
        elif step == Replication.Status.IMPLEMENTED and result is not None:
            replication_services.replication_implement(
                replication=replication, by=user, result=result
            )


def _seed_replications(hubs: list[Hub], user, seed: int) -> tuple[int, str]:
    origins = list(
        Innovation.objects.filter(status=Innovation.Status.PUBLISHED).order_by("id")[:200]
    )
    if not origins:
        return 0, "Tidak ada inovasi terbit: replikasi demo dilewati (jalankan seed_demo dahulu)."
    created = 0
    state_index = 0
    taken_results = set(
        Replication.objects.exclude(result=None).values_list("result_id", flat=True)
    )
    for hub in hubs:
        agencies = list(
            Agency.objects.filter(province=hub.province, regency__isnull=False).order_by("code")[:5]
        )
        for agency in agencies:
            candidates = [entry for entry in origins if entry.agency_id != agency.pk]
            rng = _rng(seed, agency.code, "replication")
            for origin in rng.sample(candidates, min(2, len(candidates))):
                state = REPLICATION_STATES[state_index % len(REPLICATION_STATES)]
                state_index += 1
                if Replication.objects.filter(origin=origin, agency=agency).exists():
                    continue
                result = None
                if state == Replication.Status.IMPLEMENTED:
                    result = (
                        Innovation.objects.filter(agency=agency, status=Innovation.Status.PUBLISHED)
                        .exclude(pk__in=taken_results)
                        .exclude(pk=origin.pk)
                        .order_by("id")
                        .first()
                    )
                    if result is None:
                        state = Replication.Status.IN_PROGRESS
                    else:
                        taken_results.add(result.pk)
                with transaction.atomic():
                    replication = replication_services.replication_declare(
                        origin=origin,
                        agency=agency,
                        by=user,
                        target_year=2021 + (state_index % 5),
                    )
                    Replication.objects.filter(pk=replication.pk).update(is_demo=True)
                    _advance(replication, state, user, result)
                created += 1
    return created, ""


def _seed_targets(hubs: list[Hub], user) -> int:
    count = 0
    bangka = Agency.objects.filter(code="19.01").first()
    if bangka is not None:
        replication_services.replication_target_set(
            agency=bangka, year=2021, planned=5, by=user, note="(data demo)", is_demo=True
        )
        count += 1
    for hub in hubs:
        for offset, agency in enumerate(
            Agency.objects.filter(province=hub.province, regency__isnull=False).order_by("code")[:5]
        ):
            for year in (2024, 2025):
                if agency.code == "19.01" and year == 2021:
                    continue
                replication_services.replication_target_set(
                    agency=agency,
                    year=year,
                    planned=1 + (offset + year) % 3,
                    by=user,
                    note="(data demo)",
                    is_demo=True,
                )
                count += 1
    return count


def hubs_demo_seed(*, seed: int = 2024) -> dict:
    """Seed the real hub designations and marked demo data around them; idempotent."""
    user = _demo_user()
    hubs = []
    with transaction.atomic():
        for code, kind, year in DESIGNATIONS:
            hub = _seed_hub(code, kind, year, user)
            if hub is not None:
                hubs.append(hub)
        activities = sum(_seed_activities(hub, user, seed) for hub in hubs)
        participation = sum(_seed_participation(hub, user, seed) for hub in hubs)
    replications, note = _seed_replications(hubs, user, seed)
    targets = _seed_targets(hubs, user)
    return {
        "hubs": len(hubs),
        "activities": activities,
        "participation": participation,
        "replications": replications,
        "targets": targets,
        "note": note,
    }
