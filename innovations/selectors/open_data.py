"""Reads of the open-data dump: the current dump's manifest and its files, for the public page."""

import json
from datetime import datetime
from pathlib import Path

from django.conf import settings

CURRENT = "current.json"
MANIFEST = "manifest.json"
CSV_NAME = "jippnas-inovasi.csv"
JSONL_NAME = "jippnas-inovasi.jsonl"
DICTIONARY_JSON = "kamus-data.json"
DICTIONARY_CSV = "kamus-data.csv"


def open_data_root() -> Path:
    """OPEN_DATA_ROOT, or `open-data/` under MEDIA_ROOT when it is not set."""
    configured = getattr(settings, "OPEN_DATA_ROOT", "")
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "open-data"


def open_data_current() -> dict | None:
    """The manifest of the current dump (files with size and checksum, row count, time), with
    `folder` added; None before the first dump."""
    root = open_data_root()
    try:
        name = json.loads((root / CURRENT).read_text())["name"]
        folder = root / Path(name).name
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError, KeyError):
        return None
    manifest["folder"] = folder
    manifest["generated"] = datetime.fromisoformat(manifest["generated_at"])
    return manifest


def open_data_file(name: str) -> Path | None:
    """A file of the current dump by its name as listed in the manifest, else None: only listed
    names are served, so no other path under the folder can be asked for."""
    manifest = open_data_current()
    if manifest is None or name not in {file["name"] for file in manifest["files"]}:
        return None
    return manifest["folder"] / name
