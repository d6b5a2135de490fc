"""Validation of participation data and hub rows, with the messages an admin shows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hubs import services
from hubs.models import HubActivityMedia, ParticipationRecord
from tests.factories import CuratorFactory, RegencyFactory
from tests.hubs.factories import HubActivityFactory, HubFactory, ParticipationRecordFactory

pytestmark = pytest.mark.django_db


def build(**overrides):
    hub = HubFactory()
    values = {
        "hub": hub,
        "regency": RegencyFactory(province=hub.province),
        "year": 2024,
        "period_kind": "semester",
        "period": 1,
        "skm_index": 80,
        "skm_respondents": 100,
        "lapor_received": 10,
        "lapor_resolved": 5,
    }
    values.update(overrides)
    return ParticipationRecord(**values)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"skm_index": 101}, "skm_index"),
        ({"skm_index": -1}, "skm_index"),
        ({"lapor_resolved": 11}, "lapor_resolved"),
        ({"period": 3}, "period"),
        ({"period_kind": "quarter", "period": 5}, "period"),
        ({"lapor_median_days": -2}, "lapor_median_days"),
        ({"skm_respondents": 0}, "skm_respondents"),
    ],
)
def test_participation_values_are_validated_with_clear_messages(overrides, field):
    with pytest.raises(ValidationError) as error:
        build(**overrides).full_clean()
    assert field in error.value.message_dict


def test_resolved_above_received_message_names_both_numbers():
    with pytest.raises(ValidationError) as error:
        build(lapor_received=3, lapor_resolved=7).full_clean()
    assert "7" in error.value.message_dict["lapor_resolved"][0]
    assert "3" in error.value.message_dict["lapor_resolved"][0]


def test_valid_participation_row_passes():
    build(period_kind="quarter", period=4, lapor_median_days=3).full_clean()


def test_participation_row_is_unique_per_regency_and_period():
    record = ParticipationRecordFactory()
    duplicate = ParticipationRecord(
        hub=record.hub,
        regency=record.regency,
        year=record.year,
        period_kind=record.period_kind,
        period=record.period,
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_hub_decree_date_must_fall_in_designation_year():
    hub = HubFactory.build(
        province=HubFactory().province, designation_year=2020, decree_date=datetime.date(2021, 1, 2)
    )
    with pytest.raises(ValidationError) as error:
        hub.clean()
    assert "decree_date" in error.value.message_dict


def test_activity_media_refuse_a_disguised_file():
    activity = HubActivityFactory()
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        services.hub_activity_media_add(
            activity=activity, by=CuratorFactory(), kind=HubActivityMedia.Kind.IMAGE, file=fake
        )
    assert "file" in error.value.message_dict
    assert not HubActivityMedia.objects.exists()


def test_offline_activity_needs_a_place():
    activity = HubActivityFactory.build(hub=HubFactory(), place="", mode="offline")
    with pytest.raises(ValidationError):
        activity.full_clean()
