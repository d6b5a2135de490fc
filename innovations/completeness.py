"""Completeness of an entry: the share of required aspects it meets, and which are missing.

The aspects are data (innovations/data/completeness.json); this module only knows the few kinds
of check they use, so curators' requirements change without code.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

ASPECTS_FILE = Path(__file__).resolve().parent / "data" / "completeness.json"
FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class Aspect:
    key: str
    label: str
    label_en: str
    check: str
    field: str = ""
    fields: tuple[str, ...] = ()
    and_any: tuple[str, ...] = ()
    min: int = 0

    @property
    def localized_label(self) -> str:
        return self.label_en if (get_language() or "id").startswith("en") else self.label


@cache
def aspects() -> tuple[Aspect, ...]:
    raw = json.loads(ASPECTS_FILE.read_text(encoding="utf-8"))["aspects"]
    return tuple(
        Aspect(
            **{**a, "fields": tuple(a.get("fields", ())), "and_any": tuple(a.get("and_any", ()))}
        )
        for a in raw
    )


def _filled(entry, name: str) -> bool:
    value = getattr(entry, name)
    return value not in (None, "") and (not isinstance(value, str) or bool(value.strip()))


def aspect_met(entry, aspect: Aspect, *, has_media: bool) -> bool:
    if aspect.check == "min_length":
        return len((getattr(entry, aspect.field) or "").strip()) >= aspect.min
    if aspect.check == "has_figure":
        return bool(FIGURE.search(getattr(entry, aspect.field) or ""))
    if aspect.check == "all_filled":
        all_ok = all(_filled(entry, name) for name in aspect.fields)
        return all_ok and (not aspect.and_any or any(_filled(entry, n) for n in aspect.and_any))
    if aspect.check == "any_filled":
        return any(_filled(entry, name) for name in aspect.fields)
    if aspect.check == "has_evidence":
        return has_media or _filled(entry, "video_url") or _filled(entry, "website_url")
    raise ValueError(f"Unknown completeness check: {aspect.check}")


def evaluate(entry, *, has_media: bool | None = None) -> tuple[int, list[str]]:
    """(score 0-100, keys of missing aspects) for an entry, saved or not."""
    if has_media is None:
        has_media = bool(entry.pk) and entry.media.exists()
    all_aspects = aspects()
    missing = [a.key for a in all_aspects if not aspect_met(entry, a, has_media=has_media)]
    score = round(100 * (len(all_aspects) - len(missing)) / len(all_aspects))
    return score, missing


def missing_labels(keys: list[str]) -> list[str]:
    by_key = {a.key: a for a in aspects()}
    return [by_key[k].localized_label for k in keys if k in by_key]
