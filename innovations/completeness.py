"""Completeness of an entry: the share of required aspects it meets, and which are missing.

The aspects are data (innovations/data/completeness.json); this module only knows the few kinds
of check they use, so curators' requirements change without code.
"""

import json
import re
from collections.abc import Callable
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


@cache
def _checks() -> tuple[tuple[str, Callable[[object, bool], bool]], ...]:
    """Each aspect's check as a function of (entry, has_media), chosen once: an import evaluates
    every entry it writes, and choosing the check by name for each aspect of each entry cost
    about a third of the time."""

    def check(aspect: Aspect):
        if aspect.check == "min_length":
            return lambda entry, has_media: (
                len((getattr(entry, aspect.field) or "").strip()) >= aspect.min
            )
        if aspect.check == "any_filled":
            return lambda entry, has_media: any(_filled(entry, name) for name in aspect.fields)
        return lambda entry, has_media: aspect_met(entry, aspect, has_media=has_media)

    return tuple((aspect.key, check(aspect)) for aspect in aspects())


def evaluate(entry, *, has_media: bool | None = None) -> tuple[int, list[str]]:
    """(score 0-100, keys of missing aspects) for an entry, saved or not."""
    if has_media is None:
        has_media = bool(entry.pk) and entry.media.exists()
    checks = _checks()
    missing = [key for key, met in checks if not met(entry, has_media)]
    score = round(100 * (len(checks) - len(missing)) / len(checks))
    return score, missing


def missing_labels(keys: list[str]) -> list[str]:
    by_key = {a.key: a for a in aspects()}
    return [by_key[k].localized_label for k in keys if k in by_key]
