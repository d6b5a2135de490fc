"""Partner API keys: issued in the admin, shown once, stored hashed, revocable."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ..models import PartnerKey, partner_key_hash

TOKEN_BYTES = 32  # 256 bits: guessing is hopeless, so a fast hash is safe (see partner_key_hash)
PREFIX_LENGTH = 8


@transaction.atomic
def partner_key_issue(*, key: PartnerKey, by) -> str:
    """Store a new key (name and scopes set by the caller) and return its token. The token is
    returned here once and stored nowhere."""
    while True:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        prefix = token[:PREFIX_LENGTH]
        if not PartnerKey.objects.filter(prefix=prefix).exists():
            break
    # The key's own user is the author history records of everything written with the key.
    user = get_user_model()(username=f"api-key-{prefix}", first_name=key.name[:150], is_active=True)
    user.set_unusable_password()
    user.save()
    key.prefix, key.hashed_token = prefix, partner_key_hash(token)
    key.user, key.created_by = user, by
    key.full_clean()
    key.save()
    return token


def partner_key_create(
    *, name: str, by, agency=None, can_read: bool = True, write_source: str = ""
) -> tuple[PartnerKey, str]:
    key = PartnerKey(name=name, agency=agency, can_read=can_read, write_source=write_source)
    return key, partner_key_issue(key=key, by=by)


def partner_key_revoke(*, key: PartnerKey) -> PartnerKey:
    """Revoke a key at once; requests with it answer 401 from now on. Idempotent."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def partner_key_authenticate(token: str) -> PartnerKey | None:
    """The key a token belongs to (revoked or not), or None."""
    if not token:
        return None
    key = (
        PartnerKey.objects.select_related("user")
        .filter(hashed_token=partner_key_hash(token))
        .first()
    )
    return key


def partner_key_touch(key: PartnerKey) -> None:
    """Record use at most once a minute, so a busy key does not write on every request."""
    now = timezone.now()
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        PartnerKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
