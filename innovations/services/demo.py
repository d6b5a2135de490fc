"""Writes the demo catalogue (innovations.demo composes it) in bulk, idempotently."""

import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from regions.models import Agency, Province
from regions.services import reference_data_load

from .. import completeness, demo
from ..cache import catalogue_changed
from ..models import Category, GovernmentAffair, Innovation, SearchEntry
from . import SlugAllocator, bulk, search_vocabulary_refresh

DEMO_USERNAME = "demo-seed"


def _demo_user():
    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"is_active": False, "first_name": "Data demo"}
    )
    return user


def _agency_pool() -> list[dict]:
    """Regional governments once each and central agencies (with a pilot province) a few times,
    so about one entry in ten comes from a central agency; in code order, for determinism."""
    provinces = list(Province.objects.order_by("code").values("id", "name"))
    pool = []
    for agency in Agency.objects.order_by("code").select_related("province", "regency"):
        if agency.kind in Agency.REGIONAL_KINDS:
            place = agency.regency.display_name if agency.regency else f"Provinsi {agency.province}"
            pool.append({"id": agency.id, "name": agency.name, "acronym": agency.acronym,
                         "province_id": agency.province_id, "regency_id": agency.regency_id,
                         "place": place})  # fmt: skip
    central = Agency.objects.exclude(kind__in=Agency.REGIONAL_KINDS).order_by("code")
    for index, agency in enumerate(central):
        for copy in range(3):
            pilot = provinces[(index * 3 + copy) % len(provinces)]
            pool.append({"id": agency.id, "name": agency.name, "acronym": agency.acronym,
                         "province_id": pilot["id"], "regency_id": None,
                         "place": f"Provinsi {pilot['name']}"})  # fmt: skip
    return pool


def _refresh_planner_statistics() -> None:
    # A bulk load leaves the planner with stale estimates and the search triggers leave one dead
    # row version per entry; VACUUM ANALYZE took a frequent-word count at 100,000 entries from
    # 257 ms to 54 ms. Every table the load filled is refreshed, the search table included: a
    # server may run without autovacuum (this project's development machine did), and search
    # plans made on an empty table's statistics are the slow ones. VACUUM cannot run inside a
    # transaction (as in tests): ANALYZE then.
    if connection.vendor != "postgresql":
        return
    tables = [
        Innovation._meta.db_table,
        Innovation.categories.through._meta.db_table,
        Innovation.sdgs.through._meta.db_table,
        SearchEntry._meta.db_table,
    ]
    with connection.cursor() as cursor:
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        cursor.execute(f"{command} {', '.join(tables)}")


def demo_catalogue_seed(
    *, count: int, seed: int, batch_size: int = 2000, progress: Callable | None = None
) -> dict:
    """Insert demo entries 1..count for `seed` that are not there yet; returns counts and time."""
    started = time.monotonic()
    if not Province.objects.exists():
        reference_data_load()
    user = _demo_user()
    agencies = _agency_pool()
    affair_ids = dict(GovernmentAffair.objects.values_list("code", "id"))
    category_ids = dict(Category.objects.values_list("slug", "id"))
    sources = [value for value, _ in Innovation.Source.choices]
    stages = [value for value, _ in Innovation.Stage.choices]
    prefix = f"{demo.DEMO_PREFIX}{seed}-"
    existing = set(
        Innovation.objects.filter(external_ref__startswith=prefix).values_list(
            "external_ref", flat=True
        )
    )
    slugs = SlugAllocator(None)  # the demo's titles are drawn one by one below
    created = 0
    batch: list[tuple[Innovation, demo.DemoEntry]] = []

    def flush() -> None:
        nonlocal created
        if not batch:
            return
        entries = [entry for entry, _ in batch]
        with transaction.atomic():
            for entry, pk in zip(entries, bulk.allocate_ids(Innovation, len(entries)), strict=True):
                entry.pk = pk
            categories, sdgs = [], []
            for entry, generated in batch:
                categories += [
                    (entry.pk, category_ids[s]) for s in generated.category_slugs
                    if s in category_ids
                ]  # fmt: skip
                sdgs += [(entry.pk, number) for number in generated.sdg_numbers]
            # Links go in before their entries (foreign keys are checked at commit), so the
            # search trigger builds each entry's vector once, with its categories, instead of
            # on insert and again when the links arrive (as the import does).
            for through, target, pairs in (
                (Innovation.categories.through, "category_id", categories),
                (Innovation.sdgs.through, "sdg_id", sdgs),
            ):
                fields = [through._meta.get_field(n) for n in ("innovation_id", target)]
                bulk.insert_rows(through, fields, pairs)
            bulk.insert_instances(Innovation, entries)
            Innovation.history.bulk_history_create(
                entries, batch_size=batch_size, default_user=user,
                default_change_reason="seed_demo",
            )  # fmt: skip
        created += len(batch)
        batch.clear()
        if progress:
            progress(created)

    for number in range(1, count + 1):
        if f"{prefix}{number:07d}" in existing:
            continue
        generated = demo.generate(
            seed=seed, number=number, agencies=agencies, affair_ids=affair_ids,
            sources=sources, stages=stages,
        )  # fmt: skip
        entry = Innovation(**generated.fields, created_by=user, updated_by=user)
        entry.slug = slugs.allocate(entry.title)
        entry.completeness, entry.completeness_missing = completeness.evaluate(
            entry, has_media=False
        )
        batch.append((entry, generated))
        if len(batch) >= batch_size:
            flush()
    flush()
    if created:
        search_vocabulary_refresh()
        catalogue_changed()
        _refresh_planner_statistics()
    return {
        "created": created,
        "already_present": len(existing & {f"{prefix}{n:07d}" for n in range(1, count + 1)}),
        "seconds": round(time.monotonic() - started, 1),
    }
