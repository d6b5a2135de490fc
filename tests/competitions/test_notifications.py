"""Mail on stage changes and results, sent by Celery tasks: the right people get the right
message (eager, locmem backend), and once through a real worker and Redis."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from competitions import services, tasks
from competitions.models import Stage
from tests.factories import AgencyEditorFactory, PublishedInnovationFactory

from .factories import (
    AssignmentFactory,
    JudgeFactory,
    OrganiserFactory,
    ProposalFactory,
    competition_with_stages,
    make_current,
)

PAST = timezone.localdate() - datetime.timedelta(days=1)


def recipients(message) -> set[str]:
    return set(message.to)


@pytest.mark.django_db(transaction=True)
def test_stage_change_mails_advanced_and_stopped_agencies_and_assigned_judges():
    # transaction=True: the task is queued on commit, as in production.
    competition = competition_with_stages(registration_ends=PAST, kinds=[
        Stage.Kind.REGISTRATION, Stage.Kind.ADMINISTRATIVE, Stage.Kind.ANNOUNCEMENT,
    ])  # fmt: skip
    editor = AgencyEditorFactory(email="editor@pemkab.go.id")
    advancing = ProposalFactory(
        competition=competition, submitted_by=editor, innovation__agency=editor.agency,
        innovation__contact_email="kontak@pemkab.go.id",
    )  # fmt: skip
    ProposalFactory(competition=competition, status="withdrawn",
                    innovation__contact_email="ditarik@x.go.id")  # fmt: skip
    mail.outbox.clear()
    services.stage_advance(competition=competition, by=OrganiserFactory())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert recipients(message) == {"kontak@pemkab.go.id", "editor@pemkab.go.id"}
    assert "lolos ke tahap Seleksi administrasi" in message.body
    assert advancing.innovation.title in message.subject

    # The next stage opens: the proposal left out hears it stopped; the judge hears scoring opens.
    administrative = competition.stages.get(kind=Stage.Kind.ADMINISTRATIVE)
    ProposalFactory(
        competition=competition, reached_stage=competition.stages.get(kind="registration"),
        innovation__contact_email="berhenti@x.go.id",
    )  # fmt: skip
    judge = JudgeFactory(email="juri@panel.id")
    AssignmentFactory(stage=administrative, proposal=advancing, judge=judge)
    mail.outbox.clear()
    sent = tasks.notify_stage_changed.delay(administrative.pk).get()
    assert sent == 3
    by_recipient = {frozenset(m.to): m for m in mail.outbox}
    assert "tidak melanjutkan" in by_recipient[frozenset({"berhenti@x.go.id"})].body
    judge_mail = by_recipient[frozenset({"juri@panel.id"})]
    assert "Seleksi administrasi" in judge_mail.subject
    assert advancing.innovation.title in judge_mail.body


@pytest.mark.django_db(transaction=True)
def test_results_mail_awarded_agencies_and_the_rounds_judges():
    organiser = OrganiserFactory()
    competition = competition_with_stages(name="KIPP 2023")
    announcement = make_current(competition, Stage.Kind.ANNOUNCEMENT)
    winner = ProposalFactory(
        competition=competition, innovation=PublishedInnovationFactory(
            contact_email="pemenang@kota.go.id", title="Lapor Cepat"),
    )  # fmt: skip
    ProposalFactory(competition=competition, innovation__contact_email="tidak@menang.go.id")
    evaluation = competition.stages.get(kind=Stage.Kind.TOP_99_EVALUATION)
    AssignmentFactory(stage=evaluation, proposal=winner, judge=JudgeFactory(email="j1@panel.id"))
    services.result_award(proposal=winner, level="outstanding", by=organiser)
    mail.outbox.clear()
    services.results_publish(competition=competition, by=organiser)
    assert {frozenset(m.to) for m in mail.outbox} == {
        frozenset({"pemenang@kota.go.id"}), frozenset({"j1@panel.id"}),
    }  # fmt: skip
    award = next(m for m in mail.outbox if "pemenang@kota.go.id" in m.to)
    assert "Inovasi terpuji" in award.body and "Lapor Cepat" in award.subject
    assert announcement.pk


@pytest.mark.celery_worker
def test_notifications_run_through_a_real_worker(celery_worker):
    competition = competition_with_stages(registration_ends=PAST)
    administrative = competition.stages.get(kind=Stage.Kind.ADMINISTRATIVE)
    judge = JudgeFactory(email="juri.worker@panel.id")
    proposal = ProposalFactory(
        competition=competition, reached_stage=administrative,
        innovation__contact_email="worker@pemda.go.id",
    )  # fmt: skip
    AssignmentFactory(stage=administrative, proposal=proposal, judge=judge)
    mail.outbox.clear()
    result = tasks.notify_stage_changed.delay(administrative.pk)
    assert result.get(timeout=30) == 2
    assert {address for message in mail.outbox for address in message.to} == {
        "worker@pemda.go.id", "juri.worker@panel.id",
    }  # fmt: skip
