"""The search index's format and an article's terms (see the package's docstring)."""

from __future__ import annotations

import collections
import datetime
import itertools
import operator
import pickle
import re
import struct
from collections import defaultdict
from dataclasses import dataclass

from ..chars import CJK, nfkc
from ..models import Article
from ..script import canon as canonical_text


UNIT = re.compile(rf"[{CJK}]|[0-9a-z]+(?:\.[0-9]+)*")
"""What a term is made of: one Chinese character, or a run of Latin letters and digits
(a number keeps its decimal point: 12.66)."""


RUN = re.compile(f"(?:{UNIT.pattern})+")


def units(text: str) -> list[list[str]]:
    """Runs of units that stand next to each other; punctuation and spaces end a run. The
    rule that ``tokens`` (for the index) and archive-search.js (for a query) follow; the
    tests hold them to it."""
    runs = RUN.findall(nfkc(text).lower())
    return [[u.replace(".", "_") if "." in u else u for u in UNIT.findall(run)] for run in runs]


BODY = 4096
"""Where the positions of an article's text start; its head's (kicker, title, subtitle,
names) come before. A match in the head ranks five times one in the text."""


def _varint(n: int) -> bytes:
    out = bytearray()
    while n >= 128:
        out.append(n & 127 | 128)
        n >>= 7
    out.append(n)
    return bytes(out)


_SMALL = [_varint(n) for n in range(1 << 14)]
_ONCE = [_SMALL[1] + code for code in _SMALL]
"""The entry of a pair that stands once, at a position below 1 << 14: count 1, position."""


def varints(numbers) -> bytes:
    """Unsigned numbers as LEB128 varints, one after the other."""
    small = _SMALL
    return b"".join(small[n] if n < 16384 else _varint(n) for n in numbers)


def fnv1a(data: bytes) -> int:
    """32-bit FNV-1a; archive-search.js computes the same to find a term's bucket."""
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def bucket_count(articles: int) -> int:
    """Buckets of a shard's index: two for each article (a couple of KB each, so a term's
    file holds little besides it)."""
    return max(1, 2 * articles)


def filter_term(key: str, value: str) -> str:
    """A filter (county, theme, year…) as one more term of the article: f_county_左贡县_.
    No query makes a term like it, and the closing mark keeps 城关区 from finding 城关区X."""
    return f"f_{key}_{value}_"


GAP = re.compile(rf"[^{CJK}0-9a-z.]+|(?<![0-9a-z])\.|\.(?![0-9])")
"""What ends a run of units (see UNIT): anything else, and a point not inside a number."""


LATIN = re.compile(r"([0-9a-z]+(?:_[0-9]+)*)")
"""A unit of Latin letters and digits, once a number's point is "_"."""


def tokens(text: str) -> list[str]:
    """The units of a text in order (as ``units`` cuts them), with "\\0" between runs. What
    GAP leaves is Chinese characters, "\\0" and Latin units: these are cut out whole and the
    rest taken one character at a time (a third of the time a pattern of the three took)."""
    pieces = LATIN.split(GAP.sub("\0", nfkc(text).lower()).replace(".", "_"))
    out = list(pieces[0])
    for i in range(1, len(pieces), 2):
        out.append(pieces[i])
        out += pieces[i + 1]
    return out


@dataclass(frozen=True)
class IndexPart:
    """An article's part of the index, as it is kept for its shard: its terms (joined by
    newlines, in the order they were found: shard_index sorts the shard's), their entries one
    after the other, and ``layout``, the struct format that cuts them apart ("2s1s3s…": each
    entry's length; struct cuts the entries of an article in one call, a third of the time
    slicing took, where the index of a shard does it for every term of every article)."""

    terms: str
    entries: bytes
    layout: str

    def items(self):
        """(term, entry) in the order of the terms."""
        return zip(
            self.terms.split("\n") if self.terms else (), struct.unpack(self.layout, self.entries)
        )


_LAYOUT = [f"{n}s" for n in range(1 << 10)]


def layout(lengths: list[int]) -> str:
    """The struct format of entries of these lengths, one after the other."""
    if max(lengths, default=0) < len(_LAYOUT):
        return "".join(map(_LAYOUT.__getitem__, lengths))
    return "".join(f"{n}s" for n in lengths)


def text_terms(head: str, body: str) -> tuple[dict[str, bytes], dict[str, int]]:
    """Each pair of units of a text with its entry: count and positions, as varints of the
    step from the one before (the head's positions from 0, the body's from BODY; runs one
    position apart, so no pair of one run stands two from a pair of another); and how often
    each unit is there. It runs for every article of the archive, so the work per pair is
    done by whole-list operations: most pairs stand once, and only those that stand again
    are gathered one position at a time. The entries keep the order of the pairs' first
    places, those that stand again last."""
    head_tokens, body_tokens = tokens(head), tokens(body)
    joined = head_tokens + ["\0"] + body_tokens
    pairs = list(map(operator.add, joined, joined[1:]))
    split = len(head_tokens)  # where the body's pairs start (this one holds "\0")
    body = max(BODY, split + 1)  # the first body pair's position
    place = [*range(split), *range(body - 1, body - 1 + len(pairs) - split)]
    near = not place or place[-1] < len(_SMALL)  # every position a varint of _SMALL
    code = _SMALL.__getitem__ if near else _varint
    # a pair across two runs ("\0" between them) is no term: dropped before any work on it
    within = list(map(operator.not_, map(operator.contains, pairs, itertools.repeat("\0"))))
    pairs, place = list(itertools.compress(pairs, within)), list(itertools.compress(place, within))
    # every pair as if it stood once (where it stands last); those that stand again follow
    where = dict(
        zip(
            pairs,
            map(_ONCE.__getitem__, place) if near else map(_SMALL[1].__add__, map(_varint, place)),
        )
    )
    if len(where) < len(pairs):  # some stand again
        again = {pair: [] for pair, n in collections.Counter(pairs).items() if n > 1}
        for pair in again:
            del where[pair]
        gathered = again.get
        for pair, at in zip(pairs, place):
            held = gathered(pair)
            if held is not None:
                held.append(at)
        small = _SMALL
        for pair, at in again.items():  # the count, then the first position and each step
            n = len(at)
            if n == 2:  # most of them
                where[pair] = small[2] + code(at[0]) + code(at[1] - at[0])
                continue
            steps = map(code, map(operator.sub, at, [0, *at]))
            where[pair] = (small[n] if n < len(small) else _varint(n)) + b"".join(steps)
    units = collections.Counter(joined)
    del units["\0"]
    return where, dict(units)


def encoded(where: dict[str, bytes], counts: dict[str, int]) -> IndexPart:
    """An article's IndexPart from its pairs' entries and its units' and filters' counts."""
    parts = dict(where)
    small = _SMALL
    parts.update(
        zip(
            counts,
            map(small.__getitem__, counts.values())
            if max(counts.values(), default=0) < len(small)
            else map(_varint, counts.values()),
        )
    )
    entries = list(parts.values())
    return IndexPart("\n".join(parts), b"".join(entries), layout(list(map(len, entries))))


def shown_regions(article: Article) -> list:
    """The article's prefectures and counties: what results show and filter by."""
    return [r for r in article.regions if r.level in ("prefecture", "county")]


def article_terms(article: Article) -> IndexPart:
    """An article's part of the index: its pairs with their positions, each unit alone and
    each filter with a count. Made from the simplified view when the page is read, so both
    views share it."""
    canon = canonical_text(article)
    head = " ".join(
        x
        for x in (canon.kicker, canon.title, canon.subtitle, *canon.authors, *canon.photographers)
        if x
    )
    where, counts = text_terms(head, "\n".join(b.text for b in canon.blocks))
    regions = shown_regions(article)
    filters = [("year", article.year)]
    filters += [(r.level, r.name) for r in regions] + [("theme", t) for t in article.themes]
    for key, value in filters:
        counts[filter_term(key, value)] = 1
    return encoded(where, counts)


def shards(articles: list[Article], limit: int) -> dict[str, list[Article]]:
    """Articles by search shard: consecutive years packed together up to ``limit`` articles
    (2016_2017), a year larger than that split in parts (2021-1, 2021-2), undated ones apart.
    Fewer shards mean fewer files for a first search to fetch; the limit bounds the memory
    of indexing one. Stable: by year, then by id."""
    by_year: dict[str, list[Article]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: a.id):
        by_year[article.year].append(article)
    out: dict[str, list[Article]] = {}
    packed: list[str] = []

    def close():
        if packed:
            name = packed[0] if len(packed) == 1 else f"{packed[0]}_{packed[-1]}"
            out[name] = [a for year in packed for a in by_year[year]]
            packed.clear()

    for year in sorted(by_year, key=lambda y: (y == "undated", y)):
        group = by_year[year]
        if year == "undated" or len(group) > limit:
            close()
            parts = [group[i : i + limit] for i in range(0, len(group), limit)]
            for number, part in enumerate(parts, 1):
                out[year if len(parts) == 1 else f"{year}-{number}"] = part
            continue
        if sum(len(by_year[y]) for y in packed) + len(group) > limit:
            close()
        packed.append(year)
    close()
    return out


def shard_years(name: str) -> tuple[int, int] | None:
    """The first and last year of the articles in the shard named ``name`` (shards), None
    for the undated: what the search page reads to look for a chosen year only where it is."""
    if name == "undated":
        return None
    first, _, last = name.split("-")[0].partition("_")
    return int(first), int(last or first)


def days(date: str | None) -> int:
    """A date as dates.bin keeps it, in two bytes: days since 1900-01-01, from 1 (a date
    before that) to 65535 (one from 2079 on); 0 when there is none."""
    if not date:
        return 0
    try:
        since = (datetime.date.fromisoformat(date[:10]) - datetime.date(1900, 1, 1)).days
    except ValueError:
        return 0
    return min(max(since, 1), 65535)


def terms_file(date: str | None, part: IndexPart) -> bytes:
    """What the index of a shard takes from one article: its date and its part."""
    return pickle.dumps((days(date), part.terms, part.entries, part.layout), protocol=5)


def page_terms(result, res=None) -> dict[str, bytes]:
    """Article id -> what the index takes from it (terms_file), for each article of a page
    (a page.PageResult) just read: made while its text is at hand, in the process that read
    it, and kept by the page's key (writer.terms_output) for the index of its shard."""
    return {a.id: terms_file(a.date, article_terms(a)) for a in result.articles}
