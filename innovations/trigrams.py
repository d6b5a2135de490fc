"""Trigram similarity of titles computed in Python exactly as PostgreSQL's pg_trgm computes it,
for flagging the duplicates of a large batch at once (services.duplicates).

pg_trgm splits a text into words of alphanumeric characters, lower-cases each word, pads it as
"  word " and takes every run of three characters; a text's trigrams are the set of those of its
words, and the similarity of two texts is |A ∩ B| / |A ∪ B| in single precision. Looking up each
entry's nearest titles through the trigram index costs a fraction of a millisecond an entry, which
at 100,000 imported entries was the largest single step of an import (16.5 s); comparing one
agency's titles with each other as a matrix product takes a few seconds for all of them.

Where Python and PostgreSQL could disagree about what a word is — a letter outside ASCII, whose
class PostgreSQL takes from the database's locale, and whose trigrams it prints hashed — the
caller takes that title's trigrams from the database (`show_trgm`), so both sides give every
title the same set.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np

WORD = re.compile(r"[^\W_]+")

# The largest matrix built at once, in float32 cells (32 MB): titles x distinct trigrams for the
# 0/1 indicators, entries x titles for a product.
BLOCK_CELLS = 8_000_000

Codes = np.ndarray  # the sorted, distinct integer codes of a title's trigrams


@lru_cache(maxsize=200_000)
def _word_trigrams(word: str) -> tuple[str, ...]:
    padded = f"  {word} "
    return tuple(padded[start : start + 3] for start in range(len(padded) - 2))


def trigrams(text: str) -> frozenset[str]:
    """The trigrams of `text` as pg_trgm's show_trgm() lists them, for a text for which
    splits_like_pg_trgm() holds (any text on a database without pg_trgm)."""
    found: set[str] = set()
    for word in WORD.findall(text.lower()):
        found.update(_word_trigrams(word))
    return frozenset(found)


def splits_like_pg_trgm(text: str) -> bool:
    """True when pg_trgm surely splits `text` into the same words as trigrams() and prints their
    trigrams the same: ASCII, or outside ASCII only punctuation and spaces, which are word
    separators for both. (Not symbols: a C.UTF-8 database takes the circled letters Ⓐ-ⓩ, of
    Unicode's symbol class, for letters.)"""
    return text.isascii() or all(
        char.isascii() or unicodedata.category(char)[0] in "PZ" for char in text
    )


def similarity(first: frozenset[str], second: frozenset[str]) -> float:
    """pg_trgm's similarity() of two trigram sets, in single precision as PostgreSQL does."""
    if not first or not second:
        return 0.0
    common = len(first & second)
    return float(np.float32(common) / np.float32(len(first) + len(second) - common))


def trigram_codes(
    titles: Sequence[str],
    *,
    from_database: Callable[[list[str]], dict[str, Iterable[str]]] | None,
    in_python: Callable[[str], bool] = splits_like_pg_trgm,
) -> list[Codes]:
    """Each title's trigrams as sorted integer codes (one code per distinct trigram of all the
    titles). Titles for which `in_python` does not hold get their trigrams from `from_database`
    (title -> show_trgm(title)) when it is given."""
    vocabulary: dict[str, int] = {}
    word_codes: dict[str, list[int]] = {}  # titles share words: each word is coded once
    by_title: dict[str, Codes] = {}
    from_db = {}
    if from_database is not None:
        unusual = sorted({title for title in titles if not in_python(title)})
        if unusual:
            from_db = from_database(unusual)
    for title in titles:
        if title in by_title:
            continue
        if title in from_db:
            codes = [vocabulary.setdefault(trigram, len(vocabulary)) for trigram in from_db[title]]
        else:
            codes = []
            for word in WORD.findall(title.lower()):
                coded = word_codes.get(word)
                if coded is None:
                    coded = word_codes[word] = [
                        vocabulary.setdefault(trigram, len(vocabulary))
                        for trigram in _word_trigrams(word)
                    ]
                codes.extend(coded)
        by_title[title] = np.array(sorted(set(codes)), dtype=np.int64)
    return [by_title[title] for title in titles]


def _indicator(codes: Sequence[Codes], columns: np.ndarray) -> np.ndarray:
    """A 0/1 float32 matrix, one row per title and one column per trigram of `columns` (sorted);
    a title's trigrams outside `columns` are left out."""
    matrix = np.zeros((len(codes), len(columns)), dtype=np.float32)
    lengths = [len(row) for row in codes]
    if sum(lengths):
        flat = np.concatenate(codes)
        rows = np.repeat(np.arange(len(codes)), lengths)
        at = np.minimum(np.searchsorted(columns, flat), len(columns) - 1)
        known = columns[at] == flat
        matrix[rows[known], at[known]] = 1.0
    return matrix


def _sizes(codes: Sequence[Codes]) -> np.ndarray:
    return np.array([len(row) for row in codes], dtype=np.float32)


def most_similar(
    entries: Sequence[tuple[int, Codes]],
    among: Sequence[tuple[int, Codes]],
    *,
    threshold: float,
    limit: int,
) -> list[tuple[int, int, float]]:
    """For each entry (id, codes), its at most `limit` most similar titles of `among` other than
    itself, as (entry id, other id, score), the way services.duplicates.FLAG_SQL selects them
    through the index: `%` keeps similarities at least `threshold`; the `limit` nearest are
    taken (among equal scores the smaller ids here; the index takes them in its own order); the
    score is read back as 1 - (1 - similarity) with the distance in single precision, and kept
    when still at least `threshold`."""
    if not entries or not among:
        return []
    columns = np.unique(np.concatenate([codes for _, codes in among] + [np.empty(0, np.int64)]))
    if not len(columns):
        return []
    # Blocks of entries against blocks of `among`, so that no matrix passes BLOCK_CELLS cells
    # whatever the number of titles and of distinct trigrams.
    among_rows = max(1, min(len(among), BLOCK_CELLS // len(columns)))
    entry_rows = max(1, min(BLOCK_CELLS // len(columns), BLOCK_CELLS // among_rows))
    all_ids = np.array([pk for pk, _ in among], dtype=np.int64)
    found: list[tuple[int, int, float]] = []
    for start in range(0, len(entries), entry_rows):
        block = entries[start : start + entry_rows]
        ids = np.array([pk for pk, _ in block], dtype=np.int64)
        codes = [row for _, row in block]
        matrix, sizes = _indicator(codes, columns), _sizes(codes)
        parts = []
        for offset in range(0, len(among), among_rows):
            part = among[offset : offset + among_rows]
            parts.append(_candidates(ids, matrix, sizes, part, columns, offset, threshold))
        rows = np.concatenate([part_rows for part_rows, _, _ in parts])
        if not len(rows):
            continue
        among_ids = all_ids[np.concatenate([part_cols for _, part_cols, _ in parts])]
        scores = np.concatenate([part_scores for _, _, part_scores in parts])
        order = np.lexsort((among_ids, -scores, rows))
        rows, among_ids, scores = rows[order], among_ids[order], scores[order]
        first_of_row = np.searchsorted(rows, rows, side="left")
        keep = (np.arange(len(rows)) - first_of_row) < limit
        # The index's score: 1 - distance, the distance 1 - similarity in single precision.
        distance = (1.0 - scores[keep].astype(np.float64)).astype(np.float32)
        read_back = 1.0 - distance.astype(np.float64)
        for row, other, value in zip(rows[keep], among_ids[keep], read_back, strict=True):
            if value >= threshold:
                found.append((int(ids[row]), int(other), float(value)))
    return found


def _candidates(ids, matrix, sizes, among, columns, offset: int, threshold: float):
    """The (entry row, column in `among` + offset, similarity) of the pairs at least
    `threshold` similar, an entry never paired with itself."""
    pool_codes = [codes for _, codes in among]
    common = matrix @ _indicator(pool_codes, columns).T
    union = sizes[:, None] + _sizes(pool_codes)[None, :] - common
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(union > 0, common / union, np.float32(0)).astype(np.float32)
    among_ids = np.array([pk for pk, _ in among], dtype=np.int64)
    score[ids[:, None] == among_ids[None, :]] = -1  # never the entry itself, whatever threshold
    rows, cols = np.nonzero(score.astype(np.float64) >= threshold)
    return rows, cols + offset, score[rows, cols]
