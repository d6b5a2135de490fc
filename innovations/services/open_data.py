"""The open-data dump: every published entry as CSV and JSON Lines, with the data dictionary,
rebuilt nightly (Celery beat) into OPEN_DATA_ROOT and offered on the public page /data-terbuka/.

A dump is written into a hidden folder beside the published ones and renamed into place when
complete, then `current.json` is replaced to point at it (both renames are atomic on one file
system): a visitor downloads either the previous dump or the new one, never half of one.
"""

import csv
import hashlib
import io
import json
import os
import shutil
import time
import uuid
from datetime import UTC
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .. import exporters
from ..exchange_columns import data_dictionary
from ..selectors import published_innovations
from ..selectors.exchange import export_rows
from ..selectors.open_data import (
    CSV_NAME,
    CURRENT,
    DICTIONARY_CSV,
    DICTIONARY_JSON,
    JSONL_NAME,
    MANIFEST,
    open_data_root,
)

# A build folder this old belongs to a run that died; the next run removes it.
STALE_BUILD_SECONDS = 24 * 3600


def open_data_dump_build(*, keep: int | None = None) -> dict:
    """Write a complete dump of the published catalogue and make it the current one; returns its
    manifest. Older dumps beyond `keep` (OPEN_DATA_KEEP) are removed."""
    keep = keep if keep is not None else settings.OPEN_DATA_KEEP
    root = open_data_root()
    root.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(root)
    generated_at = timezone.now()
    name = generated_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    building = root / f".building-{name}-{uuid.uuid4().hex[:8]}"
    building.mkdir()
    try:
        rows = _write_entries(building)
        _write_dictionary(building)
        manifest = {
            "name": name,
            "generated_at": generated_at.isoformat(),
            "rows": rows,
            "dictionary_version": data_dictionary()["version"],
            "files": [_describe(building / file) for file in _FILE_ORDER],
        }
        (building / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        os.rename(building, root / name)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    _replace_atomically(root / CURRENT, json.dumps({"name": name}))
    _remove_old_dumps(root, keep=max(keep, 1), current=name)
    return manifest


_FILE_ORDER = (CSV_NAME, JSONL_NAME, DICTIONARY_JSON, DICTIONARY_CSV)


def _write_entries(folder: Path) -> int:
    """Both formats from one pass over one snapshot, so they hold exactly the same entries."""
    count = 0
    outermost = not connection.in_atomic_block
    csv_encoder, jsonl_encoder = exporters.CsvEncoder(), exporters.JsonlEncoder()
    with (
        transaction.atomic(),
        open(folder / CSV_NAME, "wb") as csv_file,
        open(folder / JSONL_NAME, "wb") as jsonl_file,
    ):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                # One snapshot for the entries and each chunk's categories and SDGs; it must be
                # the transaction's first statement, hence only when this one is outermost.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        csv_file.write(csv_encoder.header())
        rows = export_rows(published_innovations().order_by("id"))
        for chunk in exporters.row_chunks(rows):
            csv_file.write(csv_encoder.encode(chunk))
            jsonl_file.write(jsonl_encoder.encode(chunk))
            count += len(chunk)
    return count


def _write_dictionary(folder: Path) -> None:
    dictionary = data_dictionary()
    (folder / DICTIONARY_JSON).write_text(json.dumps(dictionary, indent=2, ensure_ascii=False))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "type", "description_id", "description_en", "values"])
    for column in dictionary["columns"]:
        writer.writerow(
            [
                column["name"],
                column["type"],
                column["description_id"],
                column["description_en"],
                "|".join(column.get("values", [])),
            ]
        )
    (folder / DICTIONARY_CSV).write_bytes(("\ufeff" + buffer.getvalue()).encode())


def _describe(path: Path) -> dict:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return {"name": path.name, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _replace_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    temporary.write_text(text)
    os.replace(temporary, path)


def _remove_stale_builds(root: Path) -> None:
    for folder in root.glob(".building-*"):
        if time.time() - folder.stat().st_mtime > STALE_BUILD_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)


def _remove_old_dumps(root: Path, *, keep: int, current: str) -> None:
    dumps = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    for folder in dumps[:-keep]:
        if folder.name != current:
            shutil.rmtree(folder, ignore_errors=True)
