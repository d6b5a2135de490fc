"""Celery tasks of the catalogue: thin wrappers that run a service later, in a worker."""

from smtplib import SMTPException

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError

from .services import VOCABULARY_REFRESH_PENDING_KEY, campaigns, imports, open_data, search_phrases
from .services import search_vocabulary_refresh as vocabulary_refresh


# A lost SMTP connection rolls back only the invitation being sent; the retry skips every
# invitation already sent, so retrying is safe.
@shared_task(
    name="innovations.campaign_send_invitations",
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=60,
    max_retries=5,
)
def campaign_send_invitations(campaign_id: int) -> dict:
    """Invite every entry of a campaign's scope (idempotent)."""
    return campaigns.campaign_invitations_send(campaign_id=campaign_id)


@shared_task(name="innovations.campaign_send_reminders")
def campaign_send_reminders() -> int:
    """Run by Celery beat: remind contacts who have not answered."""
    return campaigns.campaign_reminders_send()


@shared_task(
    name="innovations.proposed_change_notify_returned",
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=60,
    max_retries=5,
)
def proposed_change_notify_returned(change_id: int) -> bool:
    """Tell a proposer their proposal was returned, with the curator's comment."""
    return campaigns.proposed_change_notify_returned(change_id=change_id)


@shared_task(name="innovations.open_data_dump_build")
def open_data_dump_build() -> dict:
    """Run nightly by Celery beat: rebuild the open-data dump of the published catalogue."""
    manifest = open_data.open_data_dump_build()
    return {"name": manifest["name"], "rows": manifest["rows"]}


# An import is one transaction: a worker lost mid-way wrote nothing, so a redelivery is safe.
@shared_task(name="innovations.import_job_validate")
def import_job_validate(job_id: int) -> str:
    """The dry run of a large admin import."""
    return imports.import_job_validate(job_id=job_id).status


@shared_task(name="innovations.import_job_run")
def import_job_run(job_id: int) -> str:
    """A confirmed large admin import, all rows or none."""
    return imports.import_job_run(job_id=job_id).status


# Retried when the search table stays locked by a long writer (lock_timeout); beat also sweeps
# for pending phrases, so a lost run only delays them (search matches them by positions).
@shared_task(
    name="innovations.search_phrases_index",
    autoretry_for=(OperationalError,),
    retry_backoff=30,
    max_retries=5,
)
def search_phrases_index() -> int:
    """Index the synonym table's new phrases in the search table (after a synonym edit)."""
    return search_phrases.search_phrases_index()


@shared_task(name="innovations.search_vocabulary_refresh")
def search_vocabulary_refresh() -> int:
    """Rebuild the typo-correction vocabulary from the published titles and summaries: soon
    after an entry leaves the catalogue, and each night for the titles edited since."""
    # Changes from now on need a run of their own (this one may have counted before them).
    cache.delete(VOCABULARY_REFRESH_PENDING_KEY)
    return vocabulary_refresh()
