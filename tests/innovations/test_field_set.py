"""The national field set, continuity status and completeness score of an entry."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from innovations import completeness, services
from innovations.models import GovernmentAffair, Innovation
from tests.factories import InnovationFactory

pytestmark = pytest.mark.django_db

LONG = "Warga menunggu hingga 14 hari untuk layanan ini. " * 5


def complete_entry(**overrides):
    fields = dict(  # noqa: C408 - keyword form reads as the model's fields
        problem=LONG, idea=LONG, how_it_works=LONG, results=LONG, replicability=LONG,
        sustainability=LONG, resources=LONG, stakeholders=LONG,
        legal_basis="Peraturan Bupati Uji", legal_basis_number="Nomor 7 Tahun 2021",
        contact_name="Sari", contact_email="sari@example.go.id",
        website_url="https://inovasi.example.go.id",
        kind=Innovation.Kind.DIGITAL, form=Innovation.Form.PUBLIC_SERVICE,
        initiator=Innovation.Initiator.GOVERNMENT_UNIT,
        government_affair=GovernmentAffair.objects.get(code="1.02"),
        trial_started_on=datetime.date(2020, 3, 1), implemented_on=datetime.date(2021, 1, 4),
    )  # fmt: skip
    fields.update(overrides)
    return InnovationFactory(**fields)


def test_government_affairs_are_seeded_from_the_national_list():
    assert GovernmentAffair.objects.count() == 44
    assert GovernmentAffair.objects.get(code="1.02").name_en == "Health"


def test_trial_must_precede_implementation():
    entry = complete_entry(
        trial_started_on=datetime.date(2022, 1, 1), implemented_on=datetime.date(2021, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "implemented_on" in error.value.message_dict


def test_dates_cannot_be_in_the_future():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    entry = complete_entry(trial_started_on=tomorrow, implemented_on=None)
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "trial_started_on" in error.value.message_dict


def test_stopped_requires_a_reason():
    entry = complete_entry(continuity_status=Innovation.Continuity.STOPPED, continuity_note="")
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "continuity_note" in error.value.message_dict


def test_complete_entry_scores_100():
    assert completeness.evaluate(complete_entry()) == (100, [])


def test_incomplete_entry_lists_exactly_what_is_missing():
    entry = complete_entry(results="Layanan menjadi lebih cepat.", legal_basis="", kind="")
    score, missing = completeness.evaluate(entry)
    assert missing == ["results", "results_figure", "legal_basis", "field_set"]
    assert score == round(100 * 9 / 13)


def test_score_follows_every_save(curator):
    entry = complete_entry()
    entry = services.innovation_save(entry=entry, by=curator)
    assert entry.completeness == 100
    entry.contact_name = ""
    services.innovation_save(entry=entry, by=curator)
    entry.refresh_from_db()
    assert entry.completeness < 100
    assert entry.completeness_missing == ["contact"]


def test_continuity_confirmation_is_recorded_with_who_and_when(curator):
    entry = complete_entry()
    services.innovation_confirm_continuity(
        entry=entry, status=Innovation.Continuity.SCALED_UP, by=curator
    )
    entry.refresh_from_db()
    assert entry.continuity_status == Innovation.Continuity.SCALED_UP
    assert entry.last_confirmed_at == timezone.localdate()
    assert entry.last_confirmed_by == curator
    latest = entry.history.first()
    assert latest.history_user == curator
    assert latest.continuity_status == Innovation.Continuity.SCALED_UP
