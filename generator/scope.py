"""The place each figure speaks for: the region, a prefecture, a county, a town, a village or a
project there, read from the words before it (site-data/figures.yaml, ``speaks_for``).

A chart adds a figure to the place it speaks for only, so an article's region-wide figures are
not counted again for every county it names.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass

from .figures import CN_DIGITS, SENTENCE_REACH as REACH
from .models import Figure, Region

SEPARATORS = re.compile(r"(?:、|和|及|与|以及|同)")
"""What joins the places of a list (拉孜县、萨迦县和定结县): a figure after it speaks for
them together."""
GROUP_AFTER = "等"
"""拉孜县等地, 拉孜县等3个县: a figure after it speaks for more than the one place named."""
NAMED = re.compile(r"《[^《》\n]{1,40}》|[“「][^“”「」\n]{1,12}[”」]")
"""A title or a short quotation: a place in it is part of a name (《城关区…办法》, “朗县核桃”)."""
SENTENCE_MARKS = "。！？；"
PERIOD_MARKS = "。！？"
LOOK_BACK = 200
"""Places named before a figure or a word like 全县 that are looked at: time stays linear."""
CLAUSE_MARKS = "，。；！？：,;:"


def _after_last(text: str, marks: str, at: int) -> int:
    """Where the text after the last of ``marks`` before ``at`` begins, looking back at most
    REACH characters (a sentence or clause, found in linear time on any paragraph)."""
    floor = max(0, at - REACH)
    return max(floor - 1, *(text.rfind(mark, floor, at) for mark in marks)) + 1


@dataclass(frozen=True)
class ScopeRules:
    """The words of figures.yaml, compiled once."""

    meanings: dict
    """Word -> what it may stand for (``county``, ``county:区``…), in order."""
    words: re.Pattern | None
    subjects: tuple[tuple[str, str, tuple[str, ...]], ...]
    """(subject, ``clause`` or ``sentence``, its words): project, household."""
    part: tuple[str, ...]
    average: tuple[str, ...]
    not_after: re.Pattern | None
    """What, right after a place's name, says it is not the place a figure is about (市级)."""
    name_end: re.Pattern | None
    """The end of a name a place's name begins (西藏树莓农业发展有限公司)."""
    not_before: re.Pattern | None
    """What, right before a place's name, says it is not what a figure is about (来自, 运往)."""

    @classmethod
    def from_settings(
        cls,
        speaks_for: dict,
        subjects: dict,
        part=(),
        average=(),
        not_before=(),
        not_after_words=(),
        name_endings=(),
    ) -> "ScopeRules":
        names = sorted(speaks_for, key=len, reverse=True)
        words = re.compile("|".join(map(re.escape, names))) if names else None
        not_after = re.compile("|".join(map(re.escape, not_before))) if not_before else None
        name_end = None
        if name_endings:  # a few characters and no mark between
            name_end = re.compile(
                rf"[^\s{re.escape(CLAUSE_MARKS)}“”《》（）()]{{0,10}}?(?:"
                + "|".join(map(re.escape, name_endings))
                + ")"
            )
        return cls(
            dict(speaks_for),
            words,
            tuple((name, within, tuple(ws)) for name, (within, ws) in subjects.items()),
            tuple(part),
            tuple(average),
            not_after,
            name_end,
            re.compile("(?:" + "|".join(map(re.escape, not_after_words)) + ")$")
            if not_after_words
            else None,
        )


@dataclass(frozen=True)
class Cue:
    """A place named in an article's text, or a word standing for one (全县)."""

    block: int
    start: int
    end: int
    place: str | None
    level: str
    word: str = ""
    """The level word (全县), empty for a place named."""


class Scope:
    """The places an article names, where it names them; ``of`` says what a figure speaks for."""

    def __init__(
        self,
        regions: tuple[Region, ...],
        blocks: list[str],
        gazetteer,
        rules: ScopeRules,
        title: str | None = None,
    ):
        self.gaz = gazetteer
        self.rules = rules
        self.regions = {r.name: r for r in regions}
        self.blocks = blocks
        self._pattern, self._by_form = self._forms()
        self.cues: list[list[Cue]] = [self._cues(i, text) for i, text in enumerate(blocks)]
        self.ends = [[c.end for c in cues] for cues in self.cues]
        self.home = self._home(title)

    # the article's places ------------------------------------------------------------------
    def _path(self, name: str) -> list[str]:
        chain = []
        while name and name not in chain:
            chain.append(name)
            region = self.regions.get(name) or self.gaz.regions.get(name)
            name = region.parent if region else None
        return chain[::-1]

    def _leaves(self) -> list[str]:
        parents = {r.parent for r in self.regions.values()}
        return [n for n in self.regions if n not in parents]

    def _home(self, title: str | None) -> str | None:
        """The place the article is about: what holds the places its headline names (西藏察隅县
        竹瓦根镇: the town); with none there but the region, what holds the places its text
        names most (at least half as often as the one named most); with none named, what holds
        all its places."""
        if title:
            named = [c.place for c in self._cues(-1, title) if c.place]
            named = [n for n in named if not any(n in self._path(m)[:-1] for m in named)]
            if named and any(self._parent(n) for n in named):  # 西藏普兰: not only 西藏
                return self._common(named)
        counts: dict[str, int] = {}
        for cues in self.cues:
            for cue, after in zip(cues, [*cues[1:], None]):
                if (
                    after
                    and after.start == cue.end
                    and after.place
                    and cue.place in self._path(after.place)
                ):
                    continue  # 江达县岗托镇: one place, the town
                place = self._stand_in(cue)[0] if cue.word else cue.place
                if place:  # 全乡 names 艾玛乡 as often as 艾玛乡 does
                    counts[place] = counts.get(place, 0) + 1
        if not counts:
            return self._common(self._leaves())
        top = max(counts.values())
        named = [n for n, c in counts.items() if 2 * c >= top]
        # a larger place named as the setting (林周县… 拉萨) is not what the story is about
        named = [
            n for n in named if counts[n] == top or not any(n in self._path(m)[:-1] for m in named)
        ]
        return self._common(named)

    def _common(self, names) -> str | None:
        """The most specific place holding all of ``names`` (their lowest common ancestor)."""
        paths = [self._path(n) for n in names]
        if not paths:
            return None
        common = None
        for step in zip(*paths):
            if len(set(step)) > 1:
                break
            common = step[0]
        return common

    def _level(self, name: str | None) -> str:
        region = self.regions.get(name or "") or self.gaz.regions.get(name or "")
        return region.level if region else ""

    def _forms(self) -> tuple[re.Pattern | None, dict[str, str]]:
        """A pattern of every form of the article's places (longest first), and form -> place."""
        forms = [(form, name) for form, name in self.gaz.forms if name in self.regions]
        forms += [(r.name, r.name) for r in self.regions.values() if r.level in ("town", "village")]
        if not forms:
            return None, {}
        forms.sort(key=lambda f: -len(f[0]))
        return re.compile("|".join(re.escape(f) for f, _ in forms)), dict(forms)

    def _cues(self, block: int, text: str) -> list[Cue]:
        """The places named in a block and the words standing for one, in order (linear time:
        each mention is set against its neighbours by bisection, not against all the others)."""
        cues = []
        if self._pattern is not None:
            found = list(self._pattern.finditer(text))
            starts = [m.start() for m in found]
            spans = [(m.start(), m.end()) for m in NAMED.finditer(text)]
            span_starts = [a for a, _ in spans]
            for m in found:
                # a title or quote holding it
                at = bisect.bisect_right(span_starts, m.start() - 1) - 1
                if at >= 0 and spans[at][0] < m.start() and m.end() < spans[at][1]:
                    continue
                if self._a_place(text, m.start(), m.end(), starts):
                    name = self._by_form[m.group()]
                    cues.append(Cue(block, m.start(), m.end(), name, self._level(name)))
        if self.rules.words is not None:
            places = [(c.start, c.end) for c in cues]
            place_starts = [a for a, _ in places]
            for m in self.rules.words.finditer(text):
                at = bisect.bisect_left(place_starts, m.end())  # places starting before its end
                if at and places[at - 1][1] > m.start():  # 全自治区: the place
                    continue
                cues.append(Cue(block, m.start(), m.end(), None, "", m.group()))
        return sorted(cues, key=lambda c: (c.end, c.start))

    def _a_place(self, text: str, start: int, end: int, starts: list[int]) -> bool:
        """Whether a place named from ``start`` to ``end`` is one a figure can speak for: not
        市级 or 西藏第一个, not 来自曲水县, not the start of a name (西藏树莓农业发展有限公司)
        unless the name is another place's (在夺底街道成立西藏…有限公司: it begins at 西藏)."""
        rules = self.rules
        if rules.not_after and rules.not_after.match(text, end):
            return False
        if rules.not_before and rules.not_before.search(text, max(0, start - 4), start):
            return False
        name = rules.name_end.match(text, end) if rules.name_end else None
        if not name:
            return True
        after = bisect.bisect_right(starts, end)  # the next place named
        return after < len(starts) and starts[after] < name.end()

    # what a figure speaks for ----------------------------------------------------------------
    def of(self, block: int, start: int, figure: Figure) -> Figure:
        """The figure starting at ``start`` of block ``block``, with what it speaks for."""
        text = self.blocks[block]
        sentence = _after_last(text, SENTENCE_MARKS, start)
        clause = _after_last(text, CLAUSE_MARKS, start)
        cues = self.cues[block]
        at = bisect.bisect_right(self.ends[block], start)
        in_sentence = [c for c in cues[max(0, at - LOOK_BACK) : at] if c.start >= sentence]
        place, level = self.home, self._level(self.home)
        while at:
            found, at = self._resolve(at - 1, cues)
            if found:
                # a place named in an earlier sentence carries when it is within what the article
                # is about or began its clause (吞巴乡依托…。合作社…); 在拉萨一家酒店…, in a
                # story of 林周县, does not carry to the next sentence
                if in_sentence or self._within_home(found[0]) or self._leads(cues[at]):
                    place, level = found
                break
        for subject, within, words in self.rules.subjects:
            if any(w in text[clause if within == "clause" else sentence : start] for w in words):
                if subject == "household" and not in_sentence:  # 他家: in the village last named
                    place = (
                        self._last_of(("village",), block, start)
                        or self._last_of(("town",), block, start)
                        or place
                    )
                place, level = place or self.home, subject
                break
        said = text[sentence:start]
        summed = not any(w in said for w in self.rules.average)
        period = _after_last(text, PERIOD_MARKS, start)
        for word in self.rules.part:
            at = text.rfind(word, period, start)
            if summed and at >= 0 and not any(c.start > at for c in in_sentence):
                # a part when a figure of its unit stands before the word (其中 of 3.07亿元),
                # in its sentence or the one a semicolon ends before it
                summed = not re.search(
                    rf"[\d{CN_DIGITS}](?:余|多)?{re.escape(figure.unit)}", text[period:at]
                )
        return dataclasses.replace(figure, place=place, level=level, summed=summed)

    def _resolve(self, at: int, cues: list[Cue]) -> tuple[tuple[str | None, str] | None, int]:
        """What cue ``at`` says a figure after it speaks for, and where the cues before it (and
        its list) begin; None for a list of levels, not of places (中央、自治区、拉萨市资金)."""
        cue = cues[at]
        if cue.word:
            return self._stand_in(cue), at
        text = self.blocks[cue.block]
        group = [cue]
        while (
            at
            and not cues[at - 1].word
            and SEPARATORS.fullmatch(text[cues[at - 1].end : group[0].start])
        ):
            at -= 1
            group.insert(0, cues[at])
        names = list(dict.fromkeys(c.place for c in group))
        if any(a in self._path(b)[:-1] for a in names for b in names):
            return None, at
        if len(names) == 1 and text.startswith(GROUP_AFTER, cue.end):
            names.append(self._parent(cue.place))
        place = self._common(names) if len(names) > 1 else cue.place
        return (place, self._level(place)), at

    def _leads(self, cue: Cue) -> bool:
        """Whether the cue begins its clause (where a subject stands)."""
        text = self.blocks[cue.block]
        return not text[_after_last(text, CLAUSE_MARKS, cue.start) : cue.start].strip()

    def _within_home(self, name: str | None) -> bool:
        return bool(name) and (not self.home or self.home in self._path(name))

    def _before(self, block: int, start: int):
        """The cues before ``start`` of ``block``, nearest first, at most LOOK_BACK of them."""
        seen = 0
        for at in range(block, -1, -1):
            cues = self.cues[at]
            end = bisect.bisect_right(self.ends[at], start) if at == block else len(cues)
            for cue in reversed(cues[max(0, end - LOOK_BACK + seen) : end]):
                yield cue
                seen += 1
            if seen >= LOOK_BACK:
                return

    def _last_of(self, levels: tuple[str, ...], block: int, start: int) -> str | None:
        """The place of one of ``levels`` named last before ``start`` of ``block``."""
        return next(
            (
                c.place
                for c in self._before(block, start)
                if c.place and not c.word and c.level in levels
            ),
            None,
        )

    def _parent(self, name: str) -> str | None:
        region = self.regions.get(name) or self.gaz.regions.get(name)
        return region.parent if region else None

    def _stand_in(self, cue: Cue) -> tuple[str | None, str]:
        """What a word like 全县 stands for: the place of its kind named last before it, the
        article's one place of that kind, or for the region the region itself."""
        meanings = self.rules.meanings[cue.word]

        def fits(name: str) -> bool:
            level = self._level(name)
            return any(
                level == m.split(":")[0] and name.endswith(m.partition(":")[2]) for m in meanings
            )

        for other in self._before(cue.block, cue.start):
            if other.place and fits(other.place):
                return other.place, self._level(other.place)
        first = meanings[0]
        mine = [n for n in self.regions if fits(n) and self._level(n) == first.split(":")[0]]
        if len(mine) == 1:
            return mine[0], self._level(mine[0])
        if "region" in meanings:
            root = next((n for n, r in self.regions.items() if r.parent is None), None)
            root = root or next(n for n, r in self.gaz.regions.items() if r.parent is None)
            return root, "region"
        return None, first.split(":")[0]
