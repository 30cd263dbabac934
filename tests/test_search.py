import dataclasses
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given

from generator.clean import CJK
from generator.index import build_index
from generator.kept import PageOutput
from generator.render import ViewContext
from generator.search import (
    BODY,
    article_terms,
    bucket_count,
    days,
    encoded,
    fnv1a,
    fragment,
    page_fragments,
    GAP,
    search_page,
    index_shard,
    shard_index,
    shard_years,
    shards,
    terms_file,
    text_terms,
    to_simplified_map,
    tokens,
    units,
)

from generator.search.writer import Merged, merged_file
from generator.signing import Signer

from .test_chars import NEWS_TEXT


def read_varints(data: bytes):
    """The numbers of a run of varints, one by one (as archive-search.js reads them)."""
    n = shift = 0
    for byte in data:
        n |= (byte & 127) << shift
        shift += 7
        if not byte & 128:
            yield n
            n = shift = 0


def read_varint(data: bytes, at: int) -> tuple[int, int]:
    """One varint at ``at``: (the number, where the next thing starts)."""
    n = shift = 0
    while True:
        byte = data[at]
        at += 1
        n |= (byte & 127) << shift
        shift += 7
        if not byte & 128:
            return n, at


def lookup(files: dict[str, bytes], term: str, positions: bool) -> dict[int, list[int] | int]:
    """A term's entry in a shard's index: article number -> positions (a pair) or count."""
    payload = payload_of(files, term)
    return {} if payload is None else entries(files, payload, positions)


def payload_of(files: dict[str, bytes], term: str) -> bytes | None:
    """A term's payload in its bucket (None when no article holds it)."""
    key = term.encode("utf-8")
    buckets = sum(rel.startswith("t/") for rel in files)
    data = files[f"t/{fnv1a(key) % buckets}.bin"]
    at = 0
    while at < len(data):
        length, at = read_varint(data, at)
        found, at = data[at : at + length], at + length
        size, at = read_varint(data, at)
        payload, at = data[at : at + size], at + size
        if found == key:
            return payload
    return None


def entries(files: dict[str, bytes], payload: bytes, positions: bool) -> dict:
    """A term's payload read: whole, or from its chunks when it is cut (count 0, then the
    articles, the chunks' file number, how many and where each starts, newest first)."""
    numbers = read_varints(payload)
    count = next(numbers)
    if count == 0:
        articles, file, n = next(numbers), next(numbers), next(numbers)
        starts = [next(numbers) for _ in range(n)][::-1]
        assert starts[0] == 0 and starts == sorted(set(starts)), starts
        out = {}
        for j, (start, end) in enumerate(zip(starts, [*starts[1:], float("inf")])):
            chunk = entries(files, files[f"c/{file}-{j}.bin"], positions)
            assert chunk and all(start <= number < end for number in chunk), (start, end)
            out.update(chunk)
        assert len(out) == articles
        return out
    out, number = {}, 0
    for _ in range(count):
        number += next(numbers)
        n = next(numbers)
        if positions:
            steps = [next(numbers) for _ in range(n)]
            out[number] = [sum(steps[: i + 1]) for i in range(n)]
        else:
            out[number] = n
    return out


def find(files: dict[str, bytes], query: str) -> set[int]:
    """The articles holding every run of the query, found the way archive-search.js finds
    them: every other pair of a run and its last one, standing where they should."""
    hits = None
    for run in units(query):
        if len(run) == 1:
            found = set(lookup(files, run[0], positions=False))
        else:
            offsets = sorted({*range(0, len(run) - 1, 2), len(run) - 2})
            lists = [lookup(files, run[i] + run[i + 1], positions=True) for i in offsets]
            found = {
                n
                for n, starts in lists[0].items()
                if any(
                    all(p + o in lists[j].get(n, ()) for j, o in enumerate(offsets)) for p in starts
                )
            }
        hits = found if hits is None else hits & found
    return hits or set()


def index_of(*texts: tuple[str, str], chunk_bytes: int = 8192) -> dict[str, bytes]:
    parts = [terms_file(None, encoded(*text_terms(head, body))) for head, body in texts]
    return shard_index(parts, chunk_bytes)


def positions(entry: bytes) -> list[int]:
    count, *steps = read_varints(entry)
    assert len(steps) == count
    return [sum(steps[: i + 1]) for i in range(count)]


def test_pairs_stand_where_they_are_and_runs_never_touch():
    where, counts = text_terms("乡村振兴", "乡村。振兴 12.66亿")
    assert {pair: positions(entry) for pair, entry in where.items()} == {
        "乡村": [0, BODY],
        "村振": [1],
        "振兴": [2, BODY + 3],
        "12_66亿": [BODY + 6],
    }
    assert counts == {"乡": 2, "村": 2, "振": 2, "兴": 2, "12_66": 1, "亿": 1}
    where, counts = text_terms("", "１２万")  # full-width digits read as digits
    assert {pair: positions(entry) for pair, entry in where.items()} == {"12万": [BODY]}
    assert counts == {"12": 1, "万": 1}
    long = "藏" * 200 + "。" + "藏" * 200  # steps of more than a byte's worth
    assert positions(text_terms(long, long)[0]["藏藏"])[-3:] == [BODY + 397, BODY + 398, BODY + 399]


def test_tokens_are_the_units_with_a_mark_between_runs():
    for text in (
        "乡村振兴",
        "投资12.66亿元，G318国道",
        "a.5.x 1..2 v2.0.1版",
        "１２万㎡。",
        ".5。",
        "",
    ):
        runs = [run for run in "\n".join(tokens(text)).split("\0") if run.strip("\n")]
        assert [run.strip("\n").split("\n") for run in runs] == units(text), text


TOKEN = re.compile(rf"[{CJK}]|[0-9a-z]+(?:_[0-9]+)*|\0")
"""What tokens gives, as one pattern: the rule it is written to follow faster."""


@given(NEWS_TEXT)
def test_tokens_cut_as_the_one_pattern_does(text):
    assert tokens(text) == TOKEN.findall(
        GAP.sub("\0", unicodedata.normalize("NFKC", text).lower()).replace(".", "_")
    )


@pytest.mark.parametrize("chunk_bytes", [8192, 1])  # whole entries; every article its own chunk
def test_every_piece_of_a_text_finds_it_and_a_phrase_across_punctuation_does_not(chunk_bytes):
    text = "拉萨市城关区投资12.66亿元建设易地扶贫搬迁安置点"
    files = index_of(
        ("", text),
        ("乡村", "乡村。振兴，城关"),
        ("", "搬迁安置点建设易地"),
        chunk_bytes=chunk_bytes,
    )
    assert any(rel.startswith("c/") for rel in files) == (chunk_bytes == 1)
    number = range(text.index("1"), text.index("亿"))
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            if start in number[1:] or end in number[1:]:  # a piece that cuts a number in two
                continue
            piece = text[start:end]
            assert find(files, piece) == {
                i
                for i, t in enumerate((text, "乡村。振兴，城关", "搬迁安置点建设易地"))
                if piece in t or (i == 1 and piece in "乡村")
            }, piece
    assert find(files, "乡村振兴") == set() and find(files, "乡村 振兴") == {1}


def test_a_common_terms_entry_is_cut_in_chunks_of_about_the_chunk_size_a_rare_one_is_not():
    texts = [("", f"乡村振兴第{n}年") for n in range(40)] + [("", "牦牛")]
    whole, cut = index_of(*texts), index_of(*texts, chunk_bytes=24)
    for term, positions in (("乡村", True), ("兴第", True), ("牦牛", True), ("乡", False)):
        assert lookup(cut, term, positions) == lookup(whole, term, positions), term
    assert not any(rel.startswith("c/") for rel in whole)
    chunks = {rel: data for rel, data in cut.items() if rel.startswith("c/")}
    # 乡村, 村振, 振兴, 兴第, 第 and each unit: 40 articles of 2 or 3 bytes each, in chunks of
    # 24 bytes and the part of the article that passes them
    assert 6 * 3 <= len(chunks) and all(len(data) <= 24 + 4 + 2 for data in chunks.values())
    assert set(lookup(cut, "牦牛", positions=True)) == {40}
    assert payload_of(cut, "乡村")[0] == 0 and payload_of(cut, "牦牛")[0] == 1  # cut; whole


def test_articles_merged_after_the_last_give_the_index_a_whole_merge_gives():
    texts = [("", f"乡村振兴第{n}年，牦牛{n % 3}头") for n in range(40)]
    parts = [terms_file(None, encoded(*text_terms(head, body))) for head, body in texts]
    whole = shard_index(parts, 24)  # cut in chunks on both sides of each split below
    for split in (0, 1, 17, 39, 40):
        merged = Merged(24)
        merged.add(parts[:split], split)
        merged.add(parts[split:], len(parts))
        assert merged.index_files() == whole, split


def shard_of(tmp_path, texts: dict[str, str]) -> tuple[PageOutput, dict[str, Path], Path]:
    """Each text a page of one article (id = page key = the name), its terms kept in
    ``terms`` and its fragment in one view's folder; the shard's index goes to ``out``."""
    terms = PageOutput(tmp_path / "terms", None, Signer(b"k" * 32))
    view = tmp_path / "fragments"
    view.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        terms.put(name, {name: terms_file("2020-01-01", encoded(*text_terms("", text)))})
        (view / f"{name}.json").write_text(json.dumps({"text": text}), encoding="utf-8")
    return terms, {"zh-Hans": view}, tmp_path / "index" / "2020"


def listed(*names: str) -> dict:
    return {"chunk_bytes": 24, "articles": [[n, n] for n in names]}


def test_a_shard_indexed_again_merges_only_the_articles_after_those_it_held(tmp_path):
    texts = {f"a{n}": f"乡村振兴第{n}年" for n in range(6)}
    terms, views, out = shard_of(tmp_path, texts)
    index_shard(listed("a0", "a1", "a2", "a3"), terms, views, out)
    assert merged_file(out).is_file()
    for name in ("a0", "a1", "a2", "a3"):  # merged already: not read again
        terms.file(name).unlink()
    index_shard(listed("a0", "a1", "a2", "a3", "a4", "a5"), terms, views, out)
    grown = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    fresh, fresh_views, fresh_out = shard_of(tmp_path / "fresh", texts)
    index_shard(listed("a0", "a1", "a2", "a3", "a4", "a5"), fresh, fresh_views, fresh_out)
    assert grown == {
        p.relative_to(fresh_out).as_posix(): p.read_bytes()
        for p in fresh_out.rglob("*")
        if p.is_file()
    }
    assert (
        len(grown["dates.bin"]) == 12
        and grown["zh-Hans/5.json"] == views["zh-Hans"].joinpath("a5.json").read_bytes()
    )


@pytest.mark.parametrize("change", ["an article before the last changed", "a foreign merge"])
def test_a_shard_whose_merge_does_not_fit_is_merged_whole(tmp_path, change):
    texts = {f"a{n}": f"乡村振兴第{n}年" for n in range(4)}
    terms, views, out = shard_of(tmp_path, texts)
    index_shard(listed("a0", "a1", "a2"), terms, views, out)
    if change == "a foreign merge":
        merged_file(out).write_bytes(Signer(b"x" * 32).dumps(Merged(24)))
        then = listed("a0", "a1", "a2", "a3")
    else:
        then = {"chunk_bytes": 24, "articles": [["a0", "a0"], ["a1", "other"], ["a2", "a2"]]}
        terms.put("other", {"a1": terms_file("2020-01-01", encoded(*text_terms("", "牦牛")))})
    terms.file("a0").unlink()  # a whole merge reads every article: here it cannot
    with pytest.raises(ValueError, match="missing"):
        index_shard(then, terms, views, out)


def test_an_index_part_gives_back_its_entries_long_or_short():
    # 2,560 bytes: past the kept formats
    where = {
        "乡村": b"\x01\x05",
        "振兴": bytes(range(128)) * 20,
    }
    part = encoded(where, {"乡": 3, "a": 200})
    assert list(part.items()) == [
        ("乡村", b"\x01\x05"),
        ("振兴", bytes(range(128)) * 20),
        ("乡", b"\x03"),
        ("a", b"\xc8\x01"),
    ]
    assert list(encoded({}, {}).items()) == []


def test_the_index_finds_a_term_in_its_bucket_and_dates_come_in_number_order():
    parts = [
        terms_file("2021-03-05", encoded(*text_terms("牦牛", ""))),
        terms_file(None, encoded({}, {"f_year_x_": 1})),
    ]
    files = shard_index(parts, 8192)
    assert len(files) == bucket_count(2) + 1 and bucket_count(2) == 4
    assert lookup(files, "牦牛", positions=True) == {0: [0]}
    assert lookup(files, "f_year_x_", positions=False) == {1: 1}
    assert files["dates.bin"] == days("2021-03-05").to_bytes(2, "little") + b"\0\0"
    assert (
        days("2021-03-05") == 44258
        and days(None) == 0
        and days("1899-12-31") == 1
        and days("2200-01-01") == 65535
    )
    assert fnv1a(b"") == 0x811C9DC5 and fnv1a(b"a") == 0xE40C292C  # FNV-1a's published values


def test_an_article_holds_its_filters_and_its_head(read_fixture, res):
    article = read_fixture("photo_title_after.txt").articles[0]
    terms = dict(article_terms(article).items())
    assert (
        "f_year_undated_" in terms
        and "f_county_萨迦县_" in terms
        and "f_prefecture_日喀则市_" in terms
    )
    files = shard_index([terms_file(article.date, article_terms(article))], 8192)
    title = article.views[0][1].title
    assert find(files, title) == {0}
    assert min(lookup(files, title[:2], positions=True)[0]) < BODY  # the head comes first


def test_traditional_queries_turn_into_the_simplified_terms(res):
    to_s = to_simplified_map(res)
    assert "".join(to_s.get(c, c) for c in "鄉村振興") == "乡村振兴"
    assert "".join(to_s.get(c, c) for c in "駐村工作隊") == "驻村工作队"
    assert all(len(k) == 1 and len(v) == 1 for k, v in to_s.items())


def test_fragments_show_each_view_in_its_script_and_text_stays_text(read_fixture, res):
    result = read_fixture("markup_in_text.txt")
    index = build_index(result.articles)
    article = result.articles[0]
    hans, hant = (
        json.loads(fragment(article, ViewContext(v, res, index))) for v in ("zh-Hans", "zh-Hant")
    )
    assert hans.keys() == hant.keys() == {"url", "title", "date", "place", "themes", "text"}
    assert hans["url"] == hant["url"] == f"articles/{article.id}/"
    assert "<img src=x onerror" in hans["text"]  # as text: the page puts it in with textContent
    # as kept when the page is read, for every view: the same, without the archive's index
    assert page_fragments(result, res) == {
        v: {a.id: fragment(a, ViewContext(v, res, index)) for a in result.articles}
        for v in ("zh-Hans", "zh-Hant")
    }


def test_shards_pack_years_and_split_large_ones(read_fixture, res):
    article = read_fixture("photo_title_after.txt").articles[0]
    make = lambda n, year: [
        dataclasses.replace(article, id=f"{year}-{i}", date=f"{year}-03-01")  # noqa: E731
        for i in range(n)
    ]
    undated = [dataclasses.replace(article, id=f"u{i}", date=None) for i in range(2)]
    groups = shards(
        make(2, 2016) + make(1, 2017) + make(5, 2018) + make(1, 2019) + undated, limit=3
    )
    assert {name: len(g) for name, g in groups.items()} == {
        "2016_2017": 3,
        "2018-1": 3,
        "2018-2": 2,
        "2019": 1,
        "undated": 2,
    }
    assert shards(make(1, 2020), limit=3) == {"2020": make(1, 2020)}
    # the years a shard's name gives are those of its articles (the search page's year filter)
    for name, group in groups.items():
        years = {int(a.date[:4]) for a in group if a.date}
        named = shard_years(name)
        assert (named is None) == (not years) and (not years or named == (min(years), max(years)))


def test_the_search_page_lists_filters_and_shards_newest_first(read_fixture, res):
    result = read_fixture("photo_title_after.txt")
    ctx = ViewContext("zh-Hant", res, build_index(result.articles))
    page = search_page(ctx, {"2016_2017": 3, "2018": 5, "undated": 1}, "../../search-index/")
    assert (
        'data-shards="[[&quot;2018&quot;, 10, [2018, 2018]], [&quot;2016_2017&quot;, 6, [2016, '
        '2017]], [&quot;undated&quot;, 2, null]]"' in page
    )
    assert 'data-index="../../search-index/" data-view="zh-Hant"' in page
    assert '<option value="左贡县" data-parent="昌都市">左貢縣</option>' in page
