"""Converters, the segmenter and the gazetteer: built once and handed to the stages."""

from __future__ import annotations

import collections
import functools
import hashlib
import importlib
import io
import json
import logging
import marshal
import os
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jieba
import opencc

from . import signing
from .config import Settings, load_settings
from .models import Region
from .postag import Tagger

COMMON_CHARS = 3000
"""Characters ranked beyond this in jieba's dictionary count as rare (garbled-text detection)."""


UNSEGMENTED = ("s2tw", "s2hk")
"""OpenCC configurations used without their segmentation pass (``opencc_for``)."""


def opencc_for(config: str) -> opencc.OpenCC:
    """OpenCC with one of its configurations; those of UNSEGMENTED without their segmentation.
    That pass cuts the text at the words of the dictionary that the first conversion step then
    matches again, greedily from the left, the same way (s2t has no such pass); it matters only
    where a phrase of a later step would stand across one of its cuts, and the later step of
    s2tw and s2hk has few phrases (TWVariantsPhrases: a dozen names). Without it, conversion
    takes half the time, with the same output on news pages and on jieba's dictionary words
    run together (tests/test_resources.py holds the two the same). s2twp's later step has many
    phrases: it is used as OpenCC gives it."""
    exact = opencc.OpenCC(config)
    path = Path(getattr(exact, "config", ""))
    if config not in UNSEGMENTED or not path.is_file():  # another OpenCC package: as it is
        return exact
    settings = json.loads(path.read_text(encoding="utf-8"))
    if settings.pop("segmentation", None) is None:
        return exact

    def located(node):  # a dictionary's file is named relative to its configuration
        if isinstance(node, dict):
            return {k: str(path.parent / v) if k == "file" else located(v) for k, v in node.items()}
        return [located(v) for v in node] if isinstance(node, list) else node

    try:
        with tempfile.TemporaryDirectory(prefix="opencc-") as folder:
            unsegmented = Path(folder) / f"{config}-unsegmented.json"
            unsegmented.write_text(
                json.dumps(located(settings), ensure_ascii=False), encoding="utf-8"
            )
            return opencc.OpenCC(str(unsegmented))  # its dictionaries are loaded here
    except (
        OSError,
        RuntimeError,
    ) as exc:  # no temporary folder, or an OpenCC that reads it otherwise
        print(
            f"notice: OpenCC's {config} is used as it is ({exc}): the same text, converted more "
            "slowly",
            file=sys.stderr,
        )
        return exact


class Converter:
    """OpenCC with a glossary of terms that are converted as a whole, before the rest."""

    def __init__(self, config: str, glossary: dict[str, str]):
        self._cc = opencc_for(config)
        self._terms = sorted(glossary.items(), key=lambda kv: -len(kv[0]))
        self.convert_recurring = functools.lru_cache(maxsize=65536)(self.convert)
        """``convert`` for texts that recur on many pages (site words, names): each converted
        once."""

    def convert(self, text: str) -> str:
        if not text:
            return text
        held = []
        for i, (term, target) in enumerate(self._terms):
            if term in text:
                mark = chr(0xF0000 + i)  # a private-use character OpenCC leaves alone
                text = text.replace(term, mark)
                held.append((mark, target))
        text = self._cc.convert(text)
        for mark, target in held:
            text = text.replace(mark, target)
        return text

    def convert_all(self, texts: list[str]) -> list[str]:
        """``convert`` of each text, in one call: the texts joined by newlines, which no term
        or OpenCC phrase crosses (a fifth of the time for the short texts of an article)."""
        if not texts or any("\n" in t for t in texts):
            return [self.convert(t) for t in texts]
        out = self.convert("\n".join(texts)).split("\n")
        return out if len(out) == len(texts) else [self.convert(t) for t in texts]


@dataclass(frozen=True)
class Gazetteer:
    regions: dict[str, Region]
    """Name -> division (region, prefectures, counties)."""
    forms: tuple[tuple[str, str], ...]
    """(surface form in news text, division name), longest form first."""
    ambiguous: tuple[str, ...] = ()
    """Town and village names that several counties use."""
    towns: dict[str, tuple[Region, ...]] = field(default_factory=dict)
    """Town name -> the towns of that name (site-data/towns.yaml), each under its county."""
    villages: dict[str, tuple[Region, ...]] = field(default_factory=dict)
    """Village name -> the villages of that name, each under its town."""

    def ancestors(self, name: str) -> list[str]:
        out = []
        region = self.regions.get(name)
        while region and region.parent:
            out.append(region.parent)
            region = self.regions.get(region.parent)
        return out

    def path(self, name: str) -> list[str]:
        return list(reversed(self.ancestors(name))) + [name]

    def counties(self) -> list[Region]:
        return [r for r in self.regions.values() if r.level == "county"]

    @cached_property
    def _towns_by_county(self) -> dict[str, tuple[Region, ...]]:
        out: dict[str, list[Region]] = {}
        for towns in self.towns.values():
            for town in towns:
                out.setdefault(town.county, []).append(town)
        return {k: tuple(v) for k, v in out.items()}

    def towns_of(self, county: str) -> tuple[Region, ...]:
        return self._towns_by_county.get(county, ())

    def county_of(self, place: Region) -> Region | None:
        """The county a town or village of the gazetteer lies in."""
        return self.regions.get(place.county or "")

    def towns_in(self, text: str) -> list[str]:
        """The town names of three or more characters that the text names, in order (two-character
        ones, 马镇, are words too)."""
        return _names_ending(text, TOWN_ENDS, self.towns, self._longest_town)

    def villages_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of each village name of three or more characters the text names."""
        return _spans_ending(text, VILLAGE_ENDS, self.villages, self._longest_village)

    @cached_property
    def _longest_town(self) -> int:
        return max(map(len, self.towns), default=0)

    @cached_property
    def _longest_village(self) -> int:
        return max(map(len, self.villages), default=0)

    @cached_property
    def names(self) -> re.Pattern:
        """Any form of two or more characters, the longest that matches at a position."""
        forms = sorted(
            (form for form, _ in self.forms if len(form) > 1), key=lambda f: (-len(f), f)
        )
        return re.compile("|".join(map(re.escape, forms)))


LEVELS = ("region", "prefecture", "county")
TOWN_ENDS = re.compile("乡|镇|街道")
VILLAGE_ENDS = re.compile("村|社区|居委会")


def _spans_ending(text: str, ends: re.Pattern, names, longest: int) -> list[tuple[int, int, str]]:
    """Names of ``names`` (three characters or more) that end where ``ends`` matches, the longest
    at each end: found from their suffixes, in time linear in the text (one regex of thousands
    of names is slow)."""
    out = []
    for m in ends.finditer(text):
        end = m.end()
        for size in range(min(longest, end), 2, -1):
            name = text[end - size : end]
            if name in names:
                out.append((end - size, end, name))
                break
    return out


def _names_ending(text: str, ends: re.Pattern, names, longest: int) -> list[str]:
    return [name for _, _, name in _spans_ending(text, ends, names, longest)]


def build_gazetteer(data: dict, towns: dict | None = None) -> Gazetteer:
    regions: dict[str, Region] = {}
    forms: dict[str, str] = {}

    def walk(node, depth, parent):
        name = node["name"]
        regions[name] = Region(name, node["slug"], LEVELS[depth], parent)
        for form in [name, *(node.get("short") or []), *(node.get("former") or [])]:
            forms.setdefault(form, name)
        for child in node.get("children") or []:
            walk(child, depth + 1, name)

    walk(data, 0, None)
    ordered = tuple(sorted(forms.items(), key=lambda kv: (-len(kv[0]), kv[0])))
    by_town: dict[str, list[Region]] = {}
    by_village: dict[str, list[Region]] = {}
    for county, county_towns in sorted((towns or {}).items()):
        for town, villages in county_towns.items():
            by_town.setdefault(town, []).append(Region(town, "", "town", county, county))
            for village in villages:
                by_village.setdefault(village, []).append(
                    Region(village, "", "village", town, county)
                )
    return Gazetteer(
        regions,
        ordered,
        tuple(data.get("ambiguous") or ()),
        {k: tuple(v) for k, v in by_town.items()},
        {k: tuple(v) for k, v in by_village.items()},
    )


KEPT_FORMATS = {
    "pickle": (functools.partial(pickle.dumps, protocol=pickle.HIGHEST_PROTOCOL), pickle.loads),
    "marshal": (marshal.dumps, marshal.loads),
}
"""How Resources._kept writes and reads what it keeps."""


def _posseg():
    """jieba.posseg, imported without reading the dictionary's word tags line by line, as its
    default tagger (jieba.posseg.dt) does on import: 0.6 s, the most of reading one new page.
    Resources.pos_tagger gives that tagger the tags afterwards."""
    if "jieba.posseg" not in sys.modules:
        # what POSTokenizer(jieba.dt) reads the tags from
        jieba.dt.get_dict_file = lambda: io.BytesIO(b"")
        try:
            importlib.import_module("jieba.posseg")
        finally:
            del jieba.dt.get_dict_file
    return sys.modules["jieba.posseg"]


class Resources:
    """Everything the stages share; heavy parts are built on first use."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or load_settings()

    @cached_property
    def signer(self) -> signing.Signer:
        """Signs what is kept between runs (the page cache, what is worked out from jieba's
        dictionary)."""
        return signing.Signer()

    @cached_property
    def to_simplified(self) -> Converter:
        return Converter("t2s", self.settings.glossary["to_simplified"])

    @cached_property
    def to_traditional(self) -> Converter:
        """Traditional script as the reader recognises it (site.yaml, reading_config)."""
        return Converter(self.settings.reading_config, self.settings.glossary["to_traditional"])

    @cached_property
    def _view_converters(self) -> dict[str, tuple[Converter, Converter]]:
        s = self.settings
        terms = s.glossary["to_traditional"]
        return {
            v.lang: (
                Converter(v.convert, terms),
                Converter(v.interface_convert, {**terms, **v.interface_words}),
            )
            for v in s.views[1:]
        }

    def to_view(self, lang: str) -> Converter:
        """The article text of a view other than the first, from the canonical text."""
        return self._view_converters[lang][0]

    def label(self, key: str, lang: str) -> str:
        """A label of site.yaml in the words of the view ``lang``."""
        return self.interface_words(self.settings.labels[key], lang)

    def interface_words(self, text: str | None, lang: str) -> str | None:
        """Interface text in the words of the view ``lang`` (the first view's as written)."""
        if not text or lang == self.settings.views[0].lang:
            return text
        return self.to_interface(lang).convert_recurring(text)

    def to_interface(self, lang: str) -> Converter:
        """The interface words of a view other than the first (site.yaml, views: interface)."""
        return self._view_converters[lang][1]

    @cached_property
    def article_ids(self) -> dict:
        """Page id -> its articles as site-data/article-ids.yaml records them (generator/ids.py)."""
        from . import ids

        return ids.load(self.settings.site_data / "article-ids.yaml")

    @cached_property
    def figure_rules(self):
        """What counts as a figure (site-data/figures.yaml), compiled."""
        from .figures import FigureRules

        s = self.settings
        return FigureRules.from_settings(s.figure_units, s.figure_classifiers, s.figure_not_after)

    @cached_property
    def not_a_name_start(self) -> re.Pattern:
        """What a town or village name read after its county never starts with (regions.yaml)."""
        starts = sorted(
            map(str, self.settings.gazetteer.get("not_a_name_start") or []), key=len, reverse=True
        )
        return re.compile("|".join(map(re.escape, starts)) or "(?!)")

    @cached_property
    def scope_rules(self):
        """What a figure speaks for (site-data/figures.yaml, speaks_for), compiled."""
        from .scope import ScopeRules

        s = self.settings
        return ScopeRules.from_settings(
            s.speaks_for,
            s.subjects,
            s.part_words,
            s.average_words,
            s.not_a_place_before,
            s.not_a_place_after,
            s.name_endings,
        )

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return build_gazetteer(self.settings.gazetteer, self.settings.towns)

    @cached_property
    def _dictionary(self) -> tuple[bytes, str]:
        """jieba's dictionary file and a digest of it, which names what is kept from it."""
        data = (Path(jieba.__file__).parent / "dict.txt").read_bytes()
        return data, hashlib.sha1(data).hexdigest()[:16]

    def _kept(self, what: str, make, kind: str = "pickle"):
        """What is worked out from jieba's dictionary, kept beside jieba's own cache (the
        system's temporary folder) as a pickle or marshal file named by what it is and a
        digest of the dictionary, signed (generator/signing.py); a file that is missing, does
        not load or is not signed with this user's key is made again."""
        dump, load = KEPT_FORMATS[kind]
        kept = Path(tempfile.gettempdir()) / f"xizang-archive-{what}-{self._dictionary[1]}.{kind}"
        try:
            # the temporary folder is everyone's: signed
            data = self.signer.unsign(kept.read_bytes())
            if data is not None:
                return load(data)
        except Exception:  # noqa: BLE001  (missing, cut short, or another format: made again)
            pass
        value = make()
        try:
            tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
            tmp.write_bytes(self.signer.sign(dump(value)))
            tmp.replace(kept)
        except OSError:
            pass  # a read-only temporary folder: worked out again next time
        return value

    @cached_property
    def char_rank(self) -> dict[str, int]:
        """Rank of each character by its weight in jieba's dictionary (0 = most common).
        Counting takes a second, so the ranks are kept (see _kept)."""

        def count() -> dict[str, int]:
            weight: collections.Counter = collections.Counter()
            for row in self._dictionary[0].decode("utf-8").splitlines():
                word, freq = row.split(" ", 2)[:2]
                for ch in word:
                    weight[ch] += int(freq)
            return {ch: i for i, (ch, _) in enumerate(weight.most_common())}

        return self._kept("char-rank", count)

    def is_rare(self, ch: str) -> bool:
        return self.char_rank.get(ch, 10**6) >= COMMON_CHARS

    @cached_property
    def rare_run(self) -> re.Pattern:
        """Runs of Chinese characters that are all rare (see is_rare), as one class of the
        ranges of the rare ones (half the time of the Chinese class less the common ones)."""
        from .chars import CJK_RANGES

        rank, ranges = self.char_rank, []
        for low, high in CJK_RANGES:
            for code in range(low, high + 1):
                if rank.get(chr(code), COMMON_CHARS) < COMMON_CHARS:
                    continue
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1][1] = code
                else:
                    ranges.append([code, code])
        return re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]+")

    @cached_property
    def dictionary_words(self) -> dict[str, int]:
        """jieba's word list with frequencies, user words included."""
        tok = self.tokenizer
        tok.check_initialized()
        return tok.FREQ

    @cached_property
    def segmentation_words(self) -> tuple[str, ...]:
        """Words kept whole by the segmenter, in both scripts: site-data/words.txt,
        every place-name form in the gazetteer and every theme phrase."""
        words = list(self.settings.words)
        words += [form for form, _ in self.gazetteer.forms]
        words += [phrase for theme in self.settings.themes for phrase, _ in theme.phrases]
        both = words + [self.to_traditional.convert(w) for w in words]
        return tuple(sorted(set(both)))

    @cached_property
    def tokenizer(self) -> jieba.Tokenizer:
        """A segmenter that keeps place names and policy terms whole; no global jieba state.
        Its prefix dictionary is kept (see _kept) and read in one piece, then set as jieba's
        initialize would (FREQ, total, initialized): jieba reads its own cache from the open
        file, which takes four times as long."""
        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tok.FREQ, tok.total = self._kept(
            f"prefix-dict-{marshal.version}",
            lambda: tok.gen_pfdict(io.BytesIO(self._dictionary[0])),
            "marshal",
        )
        tok.initialized = True
        for word in self.segmentation_words:
            tok.add_word(word, freq=50000)
        return tok

    @cached_property
    def pos_tagger(self):
        """Words with their part of speech, from the same segmenter: text -> [(word, flag)], as
        jieba's POSTokenizer gives them (generator/postag.py, faster). The dictionary's word
        tags are kept (see _kept) and read in one piece."""
        posseg = _posseg()
        # its __init__ would read the tags
        tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
        tagger.tokenizer = self.tokenizer

        def read_tags() -> dict[str, str]:
            tagger.load_word_tag(io.BytesIO(self._dictionary[0]))
            return tagger.word_tag_tab

        tagger.word_tag_tab = self._kept(f"word-tags-{marshal.version}", read_tags, "marshal")
        if not posseg.dt.word_tag_tab:  # jieba's own tagger gets the tags it did not read
            posseg.dt.word_tag_tab = tagger.word_tag_tab
        tagger.makesure_userdict_loaded()
        return Tagger(
            self.tokenizer,
            tagger.word_tag_tab,
            (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P),
        )

    def warm_up(self) -> None:
        """Build every heavy part now: worker processes forked after this share them."""
        for part in (
            "to_simplified",
            "to_traditional",
            "gazetteer",
            "rare_run",
            "dictionary_words",
            "pos_tagger",
        ):
            getattr(self, part)
        self.gazetteer.names
        import cn2an  # noqa: F401  (figures.number reads Chinese numerals with it)
