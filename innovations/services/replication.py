"""Writes of the replication workflow: another government adopting a published innovation.

The workflow is declared once, as data, in REPLICATION_WORKFLOW: the states each step starts
from, the state it leads to and who may take it. replication_transition() applies it and logs
every change; the step services (commit, plan, report, implement, cancel) only validate their own
input and then go through it, so admin, API and pages cannot apply a rule differently.
"""

import datetime
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions_replication as rules
from ..cache import catalogue_changed
from ..models import (
    Innovation,
    Replication,
    ReplicationProgressReport,
    ReplicationStep,
    ReplicationTarget,
    ReplicationTransition,
)
from ..validators import validate_document_upload

Status = Replication.Status
VERSION_KEY = "replications:version"


@dataclass(frozen=True)
class Step:
    sources: tuple[str, ...]
    target: str
    allowed: Callable
    label: str


# The replication workflow, declared once. States cannot be skipped: each step starts only from
# the states listed. A progress report moves a plan under way and keeps it there.
REPLICATION_WORKFLOW: dict[str, Step] = {
    "commit": Step((Status.INTENT,), Status.COMMITTED, rules.can_act_on,
                   _("Tanda tangani komitmen")),
    "plan": Step((Status.COMMITTED,), Status.PLANNED, rules.can_act_on,
                 _("Susun rencana aksi")),
    "report": Step((Status.PLANNED, Status.IN_PROGRESS), Status.IN_PROGRESS, rules.can_act_on,
                   _("Laporkan kemajuan")),
    "implement": Step((Status.IN_PROGRESS,), Status.IMPLEMENTED, rules.can_act_on,
                      _("Nyatakan diterapkan")),
    "cancel": Step((Status.INTENT, Status.COMMITTED, Status.PLANNED, Status.IN_PROGRESS),
                   Status.CANCELLED, rules.can_act_on, _("Batalkan")),
}  # fmt: skip


def replications_version() -> str:
    """A token that changes whenever any replication or target changes (for cached figures)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def replications_changed(**kwargs) -> None:
    """Invalidate figures derived from replications; also connected to model signals. The
    public catalogue changes too: its `replicated` filter, its "most replicated" order and the
    entries' replication counts (pages, API, their counts and ETags) are read from them."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    catalogue_changed()


def available_replication_actions(replication: Replication, user) -> list[str]:
    """The steps `user` may take on `replication` now, in workflow order."""
    return [
        action
        for action, step in REPLICATION_WORKFLOW.items()
        if replication.status in step.sources and step.allowed(user, replication)
    ]


@transaction.atomic
def replication_transition(
    *,
    replication: Replication,
    action: str,
    by,
    note: str = "",
    apply: Callable[[Replication], Iterable[str]] | None = None,
) -> Replication:
    """Take one declared step: check who and from which state, apply the step's changes, log it.

    `apply` receives the locked row and returns the names of the fields it changed.
    """
    step = REPLICATION_WORKFLOW.get(action)
    if step is None:
        raise ValidationError(_("Tindakan tidak dikenal: %(action)s") % {"action": action})
    replication = Replication.objects.select_for_update().get(pk=replication.pk)
    if not step.allowed(by, replication):
        raise PermissionDenied(_("Anda tidak berhak mengubah replikasi instansi lain."))
    if replication.status not in step.sources:
        raise ValidationError(
            _("Replikasi berstatus “%(status)s” tidak dapat: %(action)s.")
            % {"status": replication.get_status_display(), "action": step.label}
        )
    changed = list(apply(replication) if apply else [])
    previous = replication.status
    replication.status = step.target
    replication._history_user = by
    replication.save(update_fields=[*changed, "status", "updated_at"])
    if previous != step.target:
        ReplicationTransition.objects.create(
            replication=replication, from_status=previous, to_status=step.target, by=by,
            note=note,
        )  # fmt: skip
    replications_changed()
    return replication


@transaction.atomic
def replication_declare(*, origin: Innovation, agency, by, target_year: int) -> Replication:
    """Record an agency's intent to replicate a published innovation of another agency."""
    if not rules.can_declare_for(by, agency):
        raise PermissionDenied(_("Anda hanya dapat menyatakan replikasi untuk instansi Anda."))
    if origin.status != Innovation.Status.PUBLISHED:
        raise ValidationError({"origin": _("Hanya inovasi yang sudah terbit dapat direplikasi.")})
    if origin.agency_id == agency.pk:
        raise ValidationError({"origin": _("Instansi tidak dapat mereplikasi inovasinya sendiri.")})
    open_replications = Replication.objects.filter(origin=origin, agency=agency).exclude(
        status=Status.CANCELLED
    )
    if open_replications.exists():
        raise ValidationError(
            {"origin": _("Instansi ini sudah memiliki replikasi yang berjalan untuk inovasi ini.")}
        )
    replication = Replication(
        origin=origin,
        agency=agency,
        province_id=agency.province_id,
        target_year=target_year,
        declared_by=by,
        status=Status.INTENT,
    )
    replication.full_clean(exclude=["commitment_document"])
    replication._history_user = by
    try:
        with transaction.atomic():
            replication.save()
    except IntegrityError as error:  # a concurrent declaration won the race
        raise ValidationError(
            {"origin": _("Instansi ini sudah memiliki replikasi yang berjalan untuk inovasi ini.")}
        ) from error
    ReplicationTransition.objects.create(
        replication=replication, from_status="", to_status=Status.INTENT, by=by,
        note=str(_("Niat replikasi dinyatakan")),
    )  # fmt: skip
    replications_changed()
    return replication


def replication_commit(
    *, replication: Replication, by, signed_on: datetime.date, signatory: str, document
) -> Replication:
    """Record the signed commitment (date, signatory, document) and move to "committed"."""
    errors = {}
    if not signed_on:
        errors["commitment_signed_on"] = _("Tanggal penandatanganan wajib diisi.")
    elif signed_on > timezone.localdate():
        errors["commitment_signed_on"] = _("Tanggal penandatanganan tidak boleh di masa depan.")
    if not (signatory or "").strip():
        errors["commitment_signatory"] = _("Penanda tangan komitmen wajib diisi.")
    if not document:
        errors["commitment_document"] = _("Unggah dokumen komitmen yang ditandatangani.")
    else:
        try:
            validate_document_upload(document)
        except ValidationError as error:
            errors["commitment_document"] = error.messages
    if errors:
        raise ValidationError(errors)

    def apply(row: Replication) -> list[str]:
        row.commitment_signed_on = signed_on
        row.commitment_signatory = signatory.strip()
        row.commitment_document = document
        return ["commitment_signed_on", "commitment_signatory", "commitment_document"]

    return replication_transition(replication=replication, action="commit", by=by, apply=apply)


@transaction.atomic
def replication_plan(*, replication: Replication, by, steps: list[dict]) -> Replication:
    """Store the action plan (steps with target dates and responsible units); move to "planned"."""
    if not steps:
        raise ValidationError({"steps": _("Rencana aksi memerlukan sedikitnya satu langkah.")})
    rows = []
    for position, raw in enumerate(steps, start=1):
        row = ReplicationStep(
            title=(raw.get("title") or "").strip(),
            responsible_unit=(raw.get("responsible_unit") or "").strip(),
            target_date=raw.get("target_date"),
            position=position,
        )
        try:
            row.full_clean(exclude=["replication"])
        except ValidationError as error:
            raise ValidationError(
                {"steps": _("Langkah %(n)d: %(errors)s")
                 % {"n": position, "errors": "; ".join(error.messages)}}
            ) from error  # fmt: skip
        rows.append(row)

    def apply(locked: Replication) -> list[str]:
        for row in rows:
            row.replication = locked
        ReplicationStep.objects.bulk_create(rows)
        return []

    return replication_transition(replication=replication, action="plan", by=by, apply=apply)


def replication_report_progress(
    *,
    replication: Replication,
    by,
    progress_percent: int,
    summary: str,
    obstacles: str = "",
    reported_on: datetime.date | None = None,
) -> ReplicationProgressReport:
    """Add a progress report against the plan; the first one moves the plan under way."""
    report = ReplicationProgressReport(
        progress_percent=progress_percent,
        summary=(summary or "").strip(),
        obstacles=obstacles,
        reported_on=reported_on or timezone.localdate(),
        reported_by=by,
    )
    report.full_clean(exclude=["replication"])
    if report.reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("Tanggal laporan tidak boleh di masa depan.")})

    def apply(locked: Replication) -> list[str]:
        report.replication = locked
        report.save()
        return []

    replication_transition(replication=replication, action="report", by=by, apply=apply)
    return report


def replication_implement(*, replication: Replication, by, result: Innovation) -> Replication:
    """Mark the replication implemented, linking the replicating agency's own catalogue entry."""
    if result is None:
        raise ValidationError({"result": _("Pilih entri katalog hasil replikasi.")})
    if result.agency_id != replication.agency_id:
        raise ValidationError(
            {"result": _("Entri hasil replikasi harus milik instansi yang mereplikasi.")}
        )
    if result.pk == replication.origin_id:
        raise ValidationError({"result": _("Entri hasil tidak boleh inovasi asalnya sendiri.")})
    if result.status != Innovation.Status.PUBLISHED:
        raise ValidationError({"result": _("Entri hasil replikasi harus sudah terbit.")})
    if Replication.objects.filter(result=result).exclude(pk=replication.pk).exists():
        raise ValidationError(
            {"result": _("Entri ini sudah tercatat sebagai hasil replikasi lain.")}
        )

    def apply(row: Replication) -> list[str]:
        row.result = result
        return ["result"]

    return replication_transition(replication=replication, action="implement", by=by, apply=apply)


def replication_cancel(*, replication: Replication, by, reason: str) -> Replication:
    """Cancel a replication that has not been implemented; the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"cancelled_reason": _("Sebutkan alasan pembatalan.")})

    def apply(row: Replication) -> list[str]:
        row.cancelled_reason = reason
        return ["cancelled_reason"]

    return replication_transition(
        replication=replication, action="cancel", by=by, note=reason, apply=apply
    )


@transaction.atomic
def replication_target_set(
    *, agency, year: int, planned: int, by, note: str = "", is_demo: bool = False
) -> ReplicationTarget:
    """Set how many replications a government plans in a year (one row per agency and year)."""
    if not rules.can_set_target(by, agency):
        raise PermissionDenied(_("Anda tidak berhak menetapkan target untuk instansi ini."))
    target = ReplicationTarget.objects.filter(agency=agency, year=year).first() or (
        ReplicationTarget(agency=agency, year=year)
    )
    target.planned, target.note, target.is_demo = planned, note, is_demo
    target.full_clean()
    target.save()
    replications_changed()
    return target
