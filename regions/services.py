"""Writes of reference data: loading the official region codes and the agency directory."""

import csv
from pathlib import Path

from django.db import transaction

from .models import Agency, Province, Regency
from .signals import reference_data_loaded

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def reference_data_load(data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Upsert provinces, regencies/cities and agencies from the shipped files.

    Idempotent: rows are keyed by their official code, so a second run changes nothing but
    names that the source itself changed.
    """
    provinces = [
        Province(code=r["code"], name=r["name"]) for r in _rows(data_dir / "provinces.csv")
    ]
    Province.objects.bulk_create(
        provinces, update_conflicts=True, unique_fields=["code"], update_fields=["name"]
    )
    province_ids = dict(Province.objects.values_list("code", "id"))

    regencies = [
        Regency(
            code=r["code"], province_id=province_ids[r["province_code"]], name=r["name"],
            kind=r["kind"],
        )
        for r in _rows(data_dir / "regencies.csv")
    ]  # fmt: skip
    Regency.objects.bulk_create(
        regencies,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["province", "name", "kind"],
    )

    agencies = [
        Agency(
            code=p.code, name=f"Pemerintah Provinsi {p.name}", kind=Agency.Kind.PROVINCE,
            province_id=p.id,
        )
        for p in Province.objects.all()
    ]  # fmt: skip
    for regency in Regency.objects.all():
        agencies.append(
            Agency(
                code=regency.code,
                name=f"Pemerintah {regency.display_name}",
                kind=Agency.Kind.REGENCY
                if regency.kind == Regency.Kind.KABUPATEN
                else Agency.Kind.CITY,
                province_id=regency.province_id,
                regency_id=regency.id,
            )
        )
    for row in _rows(data_dir / "central_agencies.csv"):
        agencies.append(
            Agency(
                code=row["code"], name=row["name"], acronym=row["acronym"], kind=row["kind"],
                website=row["website"],
            )
        )  # fmt: skip
    Agency.objects.bulk_create(
        agencies,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "kind", "province", "regency"],
    )
    reference_data_loaded.send(sender=reference_data_load)
    return {
        "provinces": Province.objects.count(),
        "regencies": Regency.objects.count(),
        "agencies": Agency.objects.count(),
    }
