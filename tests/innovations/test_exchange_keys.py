"""Partner API keys: issued in the admin, hashed, shown once, revocable, scoped, rate-limited."""

import pytest
from django.urls import reverse

from innovations.models import Innovation, PartnerKey, partner_key_hash
from tests.factories import PartnerKeyFactory, UserFactory

pytestmark = pytest.mark.django_db

READ_URL = "/api/v1/innovations/"


def ingest_url(source="kipp"):
    return reverse("api:ingest-batch", kwargs={"source": source})


def test_key_created_in_admin_is_shown_once_and_stored_hashed(client):
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:innovations_partnerkey_add"),
        {"name": "SINOVIK", "can_read": "on", "write_source": "kipp"},
        follow=True,
    )
    assert response.status_code == 200
    key = PartnerKey.objects.get()
    [message] = [str(m) for m in response.context["messages"] if "<code>" in str(m)]
    token = message.split("<code>")[1].split("</code>")[0]
    assert token.startswith(key.prefix) and len(token) >= 40
    assert key.hashed_token == partner_key_hash(token) and token not in key.hashed_token
    assert key.created_by == admin and key.user.is_active and not key.user.has_usable_password()
    page = client.get(reverse("admin:innovations_partnerkey_change", args=[key.pk]))
    assert token not in page.content.decode()


def test_admin_revoke_action_makes_the_key_answer_401(client, api_client):
    key = PartnerKeyFactory()
    client.force_login(UserFactory(is_superuser=True))
    client.post(
        reverse("admin:innovations_partnerkey_changelist"),
        {"action": "revoke_selected", "_selected_action": [key.pk]},
    )
    key.refresh_from_db()
    assert key.revoked_at is not None
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key.token}")
    assert api_client.get(READ_URL).status_code == 401


def test_read_api_serves_anonymous_clients_and_keys_with_read_scope(api_client):
    key = PartnerKeyFactory(can_read=True)
    assert api_client.get(READ_URL).status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key.token}")
    assert api_client.get(READ_URL).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_key_in_x_api_key_header_is_accepted(api_client):
    key = PartnerKeyFactory(can_read=False)
    api_client.credentials(HTTP_X_API_KEY=key.token)
    assert api_client.get(READ_URL).status_code == 403  # known key, but no read scope


def test_key_without_read_scope_cannot_read(api_client):
    key = PartnerKeyFactory(can_read=False)
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key.token}")
    assert api_client.get(READ_URL).status_code == 403


def test_unknown_key_answers_401_with_challenge(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Api-Key not-a-real-token")
    response = api_client.get(READ_URL)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Api-Key"


def test_ingestion_needs_a_key(api_client):
    assert api_client.post(ingest_url(), {"entries": []}, format="json").status_code == 401


def test_key_writes_only_its_own_source(api_client):
    key = PartnerKeyFactory(write_source=Innovation.Source.IGA)
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key.token}")
    assert api_client.post(ingest_url("kipp"), {"entries": []}, format="json").status_code == 403
    assert api_client.post(ingest_url("iga"), {"entries": []}, format="json").status_code == 200


def test_read_only_key_cannot_write(api_client):
    key = PartnerKeyFactory(write_source="")
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key.token}")
    assert api_client.post(ingest_url("kipp"), {"entries": []}, format="json").status_code == 403


def test_revoked_key_cannot_write(api_client):
    from innovations.services.partner_keys import partner_key_revoke

    key = PartnerKeyFactory()
    partner_key_revoke(key=key)
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key.token}")
    assert api_client.post(ingest_url(), {"entries": []}, format="json").status_code == 401


def test_partner_key_is_rate_limited_per_key_with_retry_after(api_client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/minute", "partner": "2/minute"},
    }
    first, second = PartnerKeyFactory(), PartnerKeyFactory()
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {first.token}")
    assert [api_client.get(READ_URL).status_code for _ in range(3)] == [200, 200, 429]
    response = api_client.get(READ_URL)
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 60
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {second.token}")
    assert api_client.get(READ_URL).status_code == 200  # the limit is the key's own
    api_client.credentials()
    assert api_client.get(READ_URL).status_code == 200  # and not the anonymous one's


def test_anonymous_clients_are_rate_limited_per_ip(api_client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "partner": "100/minute"},
    }
    codes = [api_client.get(READ_URL, REMOTE_ADDR="10.0.0.1").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert "Retry-After" in api_client.get(READ_URL, REMOTE_ADDR="10.0.0.1")
    assert api_client.get(READ_URL, REMOTE_ADDR="10.0.0.2").status_code == 200
