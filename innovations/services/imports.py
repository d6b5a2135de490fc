"""Admin imports of CSV/XLSX files: dry run, then confirmation, then the import, all or nothing.

Rows are validated and written by innovations.services.exchange — the same code as the
ingestion API. A file of more than EXCHANGE_IMPORT_ASYNC_ROWS rows runs in a Celery worker; its
progress is kept in the cache because the import itself runs in one transaction, whose writes
no other connection sees before the end.
"""

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import ImportJob
from . import exchange, exchange_files

REPORT_MAX_ERROR_ROWS = 2000  # the report lists this many failing rows, and counts them all


def _progress_key(job_id: int) -> str:
    return f"import-job:{job_id}:processed"


def import_job_progress(job: ImportJob) -> int:
    """Rows processed so far (live while the job runs)."""
    if job.status in (ImportJob.Status.VALIDATING, ImportJob.Status.IMPORTING):
        return cache.get(_progress_key(job.pk), job.processed_rows)
    return job.processed_rows


def import_job_create(*, file, by) -> ImportJob:
    """Store an uploaded file as a job and count its rows; raises exchange_files.FileError."""
    if not permissions.can_import(by):
        raise PermissionDenied(_("Hanya kurator yang dapat mengimpor data."))
    suffix = Path(file.name).suffix.lower().lstrip(".")
    if suffix not in ImportJob.Format.values:
        raise exchange_files.FileError(_gettext("Unggah berkas .csv atau .xlsx."))
    rows = exchange_files.exchange_file_rows_estimate(file, suffix)
    if not rows:
        raise exchange_files.FileError(_gettext("Berkas tidak berisi baris data."))
    file.seek(0)
    return ImportJob.objects.create(file=file, format=suffix, total_rows=rows, created_by=by)


def import_job_runs_in_background(job: ImportJob) -> bool:
    return job.total_rows > settings.EXCHANGE_IMPORT_ASYNC_ROWS


def _rows(job: ImportJob) -> tuple[list[dict], list[int]]:
    with job.file.open("rb") as file:
        return exchange_files.exchange_read_file(file, job.format)


def _storable(text: str) -> str:
    """Text the report can keep: PostgreSQL's jsonb refuses a NUL, which a refused cell's value
    echoed in a message may hold; a visible sign stands where it was."""
    return text.replace("\x00", "\N{SYMBOL FOR NULL}")


def _report(result: exchange.ExchangeResult, lines: list[int]) -> dict:
    errors = [
        {
            "line": lines[row.index],
            "external_ref": _storable(row.external_ref),
            "errors": {
                _storable(column): [_storable(message) for message in messages]
                for column, messages in row.errors.items()
            },
        }
        for row in result.rows
        if row.status == exchange.Outcome.ERROR
    ]
    return {"counts": result.counts, "error_rows": len(errors),
            "errors": errors[:REPORT_MAX_ERROR_ROWS]}  # fmt: skip


def _step(job_id: int, running: str, *, dry_run: bool) -> ImportJob:
    job = ImportJob.objects.select_related("created_by", "confirmed_by").get(pk=job_id)
    job.status, job.started_at = running, timezone.now()
    job.save(update_fields=["status", "started_at"])
    cache.set(_progress_key(job.pk), 0, 24 * 3600)
    try:
        rows, lines = _rows(job)
        result = exchange.exchange_upsert(
            rows=rows, by=job.created_by if dry_run else job.confirmed_by, atomic=True,
            dry_run=dry_run,
            reason=f"import:{job.pk}",
            progress=lambda done: cache.set(_progress_key(job.pk), done, 24 * 3600),
        )  # fmt: skip
    except Exception as error:
        # Nothing was written: the import is one transaction. Keep the reason for the curator.
        job.status = ImportJob.Status.FAILED
        job.report = {"failure": _storable(f"{type(error).__name__}: {error}")}
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "report", "finished_at"])
        return job
    job.report = _report(result, lines)
    job.processed_rows = job.total_rows = len(rows)  # an XLSX's count was an estimate
    if result.has_errors:
        job.status = ImportJob.Status.INVALID
    elif dry_run:
        job.status = ImportJob.Status.VALIDATED
    else:
        job.status = ImportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "report", "processed_rows", "total_rows", "finished_at"])
    return job


def import_job_validate(*, job_id: int) -> ImportJob:
    """The dry run: validate every row, write nothing, report per row and column."""
    return _step(job_id, ImportJob.Status.VALIDATING, dry_run=True)


def import_job_run(*, job_id: int) -> ImportJob:
    """The confirmed import: validate again and write every row in one transaction, or none."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status not in (ImportJob.Status.VALIDATED, ImportJob.Status.IMPORTING):
        raise ValueError(f"import job {job_id} is {job.status}, not validated")
    return _step(job_id, ImportJob.Status.IMPORTING, dry_run=False)


def import_job_confirm(*, job: ImportJob, by) -> ImportJob:
    """A curator confirms a validated dry run; large files go to a worker."""
    from .. import tasks

    if not permissions.can_import(by):
        raise PermissionDenied(_("Hanya kurator yang dapat mengimpor data."))
    if job.status != ImportJob.Status.VALIDATED:
        raise PermissionDenied(_("Hanya hasil pemeriksaan tanpa kesalahan yang dapat diimpor."))
    job.confirmed_by = by
    job.save(update_fields=["confirmed_by"])
    if import_job_runs_in_background(job):
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.IMPORTING)
        tasks.import_job_run.delay(job.pk)
        job.refresh_from_db()
        return job
    return import_job_run(job_id=job.pk)


def import_job_start(*, job: ImportJob) -> ImportJob:
    """Start the dry run of a new job: in the request for small files, in a worker otherwise."""
    from .. import tasks

    if import_job_runs_in_background(job):
        tasks.import_job_validate.delay(job.pk)
        return job
    return import_job_validate(job_id=job.pk)
