"""Search: the index the generator builds for both views, and the search page.

Chinese is indexed as pairs of adjacent characters (bigrams), not as dictionary words. A
word segmenter at index time and another one in the reader's browser cut the same phrase
differently (拉萨市 / 拉萨 + 市), and a phrase the two disagree on is never found; pairs
need no dictionary, so a query finds every article whose text holds it, and nothing else:
the index keeps where each pair stands, and the query's pairs must stand next to each other.

One index serves both views. Its terms come from the article's simplified text; a query
typed in either script is turned into simplified characters before it is cut into pairs
(overrides/assets/archive-search.js, with the map written here). So 鄉村振興 and 乡村振兴
find the same articles, in both views. What a result shows (title, place, themes, the
text the excerpt is cut from) is a small file per article and view, in the view's script.

The index is the generator's own, not a search engine's: a first search fetches only the
few files that hold its terms and the results it shows (the benchmark in bench/ measures
it), and indexing is a merge of what was worked out when each page was read.

Files (site folder ``search-index/``), per shard (see shards):
  ``t/<bucket>.bin``  every term whose hash (FNV-1a of its UTF-8 bytes) falls in the bucket:
      entries of varint(key length), key, varint(payload length), payload. A payload is
      varint(articles), then per article varint(number - previous number) and its part:
      for a pair, varint(count) and its positions, each as the step from the one before;
      for a single unit or a filter, varint(count). A term whose entry passes the chunk size
      (site.yaml: search_chunk_bytes) is cut in chunks of consecutive articles: its payload is
      then varint(0), varint(articles), varint(F), varint(chunks) and where each chunk starts
      (its first article's number, or 0), newest first.
  ``c/<F>-<J>.bin``   chunk J (from the oldest) of the F-th cut term: a payload of its own.
  ``dates.bin``       each article's date as days since 1900-01-01 (uint16, little-endian;
      0 when undated; see days), for sorting by date.
  ``<view>/<number>.json``  what a result shows.
Articles are numbered within their shard in the order of their ids.

The package: ``terms`` (the index's format and an article's terms), ``writer`` (a shard's
index, written beside MkDocs), ``page`` (the search page, what a result shows, the script map).
"""

from .page import fragment, page_fragments, search_map_script, search_page, to_simplified_map
from .terms import (
    BODY,
    GAP,
    IndexPart,
    article_terms,
    bucket_count,
    days,
    encoded,
    fnv1a,
    page_terms,
    shard_years,
    shards,
    terms_file,
    text_terms,
    tokens,
    units,
)
from .writer import (
    SHARDS,
    TERMS,
    fragments_output,
    index_search,
    index_shard,
    search_jobs,
    shard_index,
    terms_output,
    write_shard_lists,
)

__all__ = [
    "BODY",
    "GAP",
    "IndexPart",
    "SHARDS",
    "article_terms",
    "bucket_count",
    "days",
    "encoded",
    "fnv1a",
    "fragment",
    "fragments_output",
    "index_search",
    "index_shard",
    "page_fragments",
    "page_terms",
    "search_jobs",
    "search_map_script",
    "search_page",
    "shard_index",
    "shard_years",
    "shards",
    "TERMS",
    "terms_file",
    "terms_output",
    "text_terms",
    "to_simplified_map",
    "tokens",
    "units",
    "write_shard_lists",
]
