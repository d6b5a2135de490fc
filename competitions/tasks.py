"""Background jobs of the competitions: thin wrappers that run a service later, on a worker."""

from celery import shared_task

from . import services


@shared_task(name="competitions.notify_stage_changed")
def notify_stage_changed(stage_id: int) -> int:
    """Mail agency contacts and judges that a stage has opened."""
    return services.stage_change_notify(stage_id=stage_id)


@shared_task(name="competitions.notify_results_published")
def notify_results_published(competition_id: int) -> int:
    """Mail awarded agencies and the round's judges that results are announced."""
    return services.results_published_notify(competition_id=competition_id)
