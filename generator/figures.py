"""Figures: every statistic an article states, with 万/亿 folded in and its unit as printed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chars import CJK, half_width
from .models import Article, Figure
from .script import canon

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
NUMBER = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{CN_DIGITS}]+"
MAGNITUDE = {"万": 1e4, "亿": 1e8, "千万": 1e7, "百万": 1e6, "千": 1e3}
MAG = r"千万|百万|万|亿|千(?![米克瓦])"
FULL_WIDTH_DIGITS = re.compile("[０-９．]")
"""Full-width digits, read as digits one character for one (positions in the text hold)."""


@dataclass(frozen=True)
class FigureRules:
    """What counts as a figure (site-data/figures.yaml), compiled once."""

    kinds: dict
    """Unit -> kind."""
    classifiers: frozenset
    pattern: re.Pattern

    @classmethod
    def from_settings(cls, units: dict, classifiers, not_after) -> "FigureRules":
        names = sorted(units, key=len, reverse=True)
        unit = "|".join(re.escape(u) for u in names)
        stop = f"(?!{'|'.join(map(re.escape, not_after))})" if not_after else ""
        pattern = re.compile(
            # what every match starts with: the rest is not tried elsewhere
            rf"(?=[近约超逾达\d{CN_DIGITS}])"
            rf"(?P<pre>近|约|超过|超|逾|达到|达)?"
            rf"(?:(?P<low>{NUMBER})(?P<lowmag>{MAG})?(?:余|多)?"
            rf"(?:至|到|~|～|－|—|-)(?=\d|[{CN_DIGITS}]))?"
            rf"(?P<num>{NUMBER})(?P<a1>余|多)?(?P<mag>{MAG})?(?P<a2>余|多)?"
            rf"(?P<unit>{unit}|％){stop}"
            rf"(?P<post>左右|以上|多)?"
        )
        return cls(dict(units), frozenset(classifiers), pattern)


TENTHS = re.compile(
    r"(?<![\d零〇一二两三四五六七八九十百千万])(?P<num>[一二三四五六七八九])成(?P<post>以上|左右|多)?"
    r"(?=$|[，。、；！？”）\s]|以上|左右|多|的|通过|是|来自|用于)"
)
"""三成 is 30 %: a numeral and 成 standing alone (not 建成, 成为)."""
PERCENT_WORDS = re.compile(rf"百分之(?P<num>[{CN_DIGITS}]+|\d+(?:\.\d+)?)")
LABEL_TAIL = re.compile(
    r"(达到|达|共计|共|约|超过|超|近|了|为|至|增至|有|累计|合计|逾|实现|完成)+$"
)
LABEL_HEAD = re.compile(r"^(并|和|及|与|其中|同时|共|累计|实现|完成|全年|年均|人均)+")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")


def number(text: str) -> float | None:
    """Arabic or Chinese numerals; None for what is not a number worth keeping (一, 两)."""
    if text[0].isdigit():
        return float(text.replace(",", ""))
    if text in ("十", "百"):
        text = "一" + text  # 近百户: about a hundred households
    try:
        import cn2an  # half a second to import: only where a page is read

        value = float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None
    return value


NOUNISH = {"n", "nz", "nr", "ns", "nt", "nl", "ng", "vn", "an", "x", "eng"}
CONTENT = NOUNISH | {"v", "vd", "a"}


def _label(text: str, start: int, end: int, unit: str, tag, classifiers=frozenset()) -> str:
    """What the figure counts. After a classifier the noun that follows (660个产业项目:
    产业项目); otherwise the words just before it (投资12.66亿元: 投资)."""

    def clause_after():
        return CLAUSE_MARK.split(text[end : end + REACH], 1)[0]

    def clause_before():
        return CLAUSE_MARK.split(text[max(0, start - REACH) : start])[-1]

    if tag is None:
        words = "".join(re.findall(f"[{CJK}]", clause_before()))
        return LABEL_HEAD.sub("", LABEL_TAIL.sub("", words))[-4:]
    if unit in classifiers:
        for word, flag in list(tag(clause_after()))[:4]:
            if flag in NOUNISH and len(word) >= 2:
                return word
    tokens = [(w, f) for w, f in tag(clause_before()) if w.strip()]
    while tokens and (tokens[-1][1] not in CONTENT or LABEL_TAIL.fullmatch(tokens[-1][0])):
        tokens.pop()
    label = ""
    for word, flag in reversed(tokens[-2:]):
        if flag not in CONTENT or len(label) + len(word) > 6:
            break
        label = word + label
    return label


CLAUSE_MARK = re.compile(r"[，。；、,;：:！？（）()“”]")
REACH = 80
"""Characters around a figure its label is read from: a label is a few words of its clause."""
SENTENCE_REACH = 300
"""Characters on either side of a figure within which its sentence is looked for: the time to
read a page stays linear in its length however long its lines (a line with no full stop was
read once for every figure in it)."""


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    floor = max(0, start - SENTENCE_REACH)
    left = max(floor - 1, *(text.rfind(mark, floor, start) for mark in "。！？；")) + 1
    ceiling = min(len(text), end + SENTENCE_REACH)
    rights = [i for i in (text.find(mark, end, ceiling) for mark in "。！？；") if i >= 0]
    return left, min(rights) + 1 if rights else ceiling


def _sentence(text: str, start: int, end: int) -> str:
    left, right = _sentence_bounds(text, start, end)
    return text[left:right].strip()


def figures_in(text: str, line: int, rules: FigureRules, tag=None) -> list[Figure]:
    """The figures in one paragraph; ``tag`` (words -> (word, part of speech) pairs) reads
    labels."""
    return [figure for _, figure in _found(text, line, rules, tag)]


def _found(text: str, line: int, rules: FigureRules, tag=None) -> list[tuple[int, Figure]]:
    """The figures in one paragraph, each with where it starts."""
    out = []
    previous_end, previous_label = -1, ""
    printed, text = text, FULL_WIDTH_DIGITS.sub(half_width, text)
    for m in rules.pattern.finditer(text):
        start = m.start("low") if m.group("low") else m.start("num")
        before = text[start - 1] if start else ""
        if before and (before == "第" or before.isascii() and before.isalnum() or before in ".．"):
            continue
        raw = m.group("num")
        if raw in ("十", "百") and not (m.group("pre") or m.group("a1") or m.group("a2")):
            continue  # 百亩基地: a name, not a count; 近百户, 十余个 are counts
        value = number(raw)
        if value is None:
            continue
        mag = MAGNITUDE.get(m.group("mag") or "", 1)
        if not raw[0].isdigit() and value < 10 and mag == 1:
            continue  # 一户一策, 两不愁: words, not statistics
        high = None
        if m.group("low"):
            low = number(m.group("low"))
            if low is None:
                continue
            high = value * mag
            value = low * MAGNITUDE.get(m.group("lowmag") or m.group("mag") or "", 1)
        else:
            value *= mag
        unit = "%" if m.group("unit") in ("%", "％") else m.group("unit")
        approx = m.group("a1") or m.group("a2") or m.group("post") or m.group("pre") or ""
        approx = "" if approx in ("达", "达到") else approx
        left, right = _sentence_bounds(text, m.start(), m.end())
        sentence = text[left:right].strip()
        years = YEAR.findall(text, left, m.start())
        # 6438户26811人: the second count shares the first one's label
        label = (
            previous_label
            if m.start() == previous_end
            else _label(text, m.start(), m.end(), unit, tag, rules.classifiers)
        )
        previous_end, previous_label = m.end(), label
        out.append(
            (
                start,
                Figure(
                    text=printed[start : m.end()],
                    value=round(value, 4),
                    unit=unit,
                    label=label,
                    approx=approx,
                    line=line,
                    kind=rules.kinds.get(unit, "percent" if unit == "%" else "count"),
                    high=round(high, 4) if high is not None else None,
                    year=int(years[-1]) if years else None,
                    sentence=sentence,
                ),
            )
        )
    for m in TENTHS.finditer(text):
        value = number(m.group("num"))
        out.append(
            (
                m.start(),
                Figure(
                    text=printed[m.start() : m.end()],
                    value=value * 10,
                    unit="%",
                    label=_label(text, m.start(), m.end(), "%", tag),
                    approx=m.group("post") or "",
                    line=line,
                    kind="percent",
                    sentence=_sentence(text, m.start(), m.end()),
                ),
            )
        )
    for m in PERCENT_WORDS.finditer(text):
        value = number(m.group("num"))
        if value is not None:
            out.append(
                (
                    m.start(),
                    Figure(
                        text=m.group(0),
                        value=value,
                        unit="%",
                        label=_label(text, m.start(), m.end(), "%", tag),
                        approx="",
                        line=line,
                        kind="percent",
                        sentence=_sentence(text, m.start(), m.end()),
                    ),
                )
            )
    return out


def find_figures(article: Article, rules: FigureRules, tag=None, scope=None) -> tuple[Figure, ...]:
    """Every figure of the article's text; with ``scope`` (blocks' texts -> a scope.Scope),
    each knows the place it speaks for."""
    blocks = [b for b in canon(article).blocks if b.kind != "table"]
    # a table's cells have no units: its figures are the text's
    where = scope([b.text for b in blocks]) if scope else None
    found = []
    for i, block in enumerate(blocks):
        for start, figure in _found(block.text, block.line, rules, tag):
            found.append(where.of(i, start, figure) if where else figure)
    return tuple(found)
