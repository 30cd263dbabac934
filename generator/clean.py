"""Page -> cleaned lines, with every removed span and the reason it was removed."""
from __future__ import annotations

import operator
import re

from .models import CleanPage, Line, Notice, Page, Removed
from .resources import Resources

CJK_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))
"""Code points of the Chinese characters read as such: the unified ideographs with
extension A, and the compatibility ideographs."""
CJK = "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in CJK_RANGES)
"""CJK_RANGES as a regular expression's class: \\u3400-\\u9fff\\uf900-\\ufaff."""
CJK_CHAR = re.compile(f"[{CJK}]")
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN = re.compile(rf"(?<=[{CJK}])[(（]([a-zü]*[{TONED}][a-zü{TONED}]*)[)）]")
MANGLED_PINYIN = re.compile(rf"[?？\ufffd][a-zü{TONED}]+[)）]|\ufffd+")
SENTENCE_MARKS = "。！？!?；;"
HALF_WIDTH_MARK = re.compile(r"[,:;!?]")


def is_cjk(ch: str) -> bool:
    """Whether the first character of ch is a Chinese character (False for ""): the ranges of
    CJK, compared directly (this runs for every character of every page)."""
    c = ch[:1]
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


CJK_RUN = re.compile(f"[{CJK}]+")


def detect_script(text: str, res: Resources) -> str:
    """zh-Hant when more characters change going to simplified than going to traditional."""
    sample = "".join(CJK_RUN.findall(text))[:20000]
    changed_s = _differing(sample, res.to_simplified.convert(sample))
    if not changed_s:               # the answer whatever the other count (most simplified pages): one conversion
        return "zh-Hans"
    changed_t = _differing(sample, res.to_traditional.convert(sample))
    return "zh-Hant" if changed_s > changed_t else "zh-Hans"


def _differing(text: str, converted: str) -> int:
    """Characters at the same place that differ; a conversion that changed nothing (most
    often) is not counted (a fifth to a quarter of detect_script's time on the bench's pages)."""
    return 0 if converted == text else sum(map(operator.ne, text, converted))


def garbled_spans(text: str, res: Resources, script: str) -> list[tuple[int, int]]:
    """Spans of mis-encoded text: mangled pinyin marks, replacement characters, and runs of
    three or more rare characters that form no dictionary word with their neighbours."""
    simple = res.to_simplified.convert(text) if script == "zh-Hant" else text
    if len(simple) != len(text):
        simple = text
    words = res.dictionary_words

    def odd(i: int) -> bool:
        ch = simple[i]
        if ch in "?\ufffd" or ch.isascii() and ch.isalpha() or ch in TONED:
            return True
        if not is_cjk(ch) or not res.is_rare(ch):
            return False
        pair_before = simple[i - 1:i + 1] if i else ""
        pair_after = simple[i:i + 2]
        return not (words.get(pair_before) or words.get(pair_after))

    spans = [m.span() for m in MANGLED_PINYIN.finditer(text)]
    for run in res.rare_run.finditer(simple):  # only rare characters can start a garbled run
        i, stop = run.span()
        while i < stop:
            if is_cjk(text[i]) and odd(i):
                j = i
                while j < stop and is_cjk(text[j]) and odd(j):
                    j += 1
                if j - i >= 3:
                    spans.append((i, j))
                i = j
            i += 1
    grown = []
    for start, end in sorted(spans):          # grow each span over odd neighbours
        while start > 0 and odd(start - 1) and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and odd(end) and not text[end].isspace():
            end += 1
        if grown and start <= grown[-1][1]:
            grown[-1] = (grown[-1][0], max(end, grown[-1][1]))
        else:
            grown.append((start, end))
    return grown


def full_width(text: str, keep: list[tuple[int, int]]) -> str:
    """Half-width punctuation next to Chinese text becomes full-width; numbers are left alone."""
    if "(" not in text and HALF_WIDTH_MARK.search(text) is None:
        return text                   # nothing to change (most lines)
    protected = set()
    for start, end in keep:
        protected.update(range(start, end))
    chars = list(text)

    def chinese(ch: str) -> bool:
        """A Chinese character or full-width punctuation mark, or a bracket about to become one."""
        return bool(ch) and (is_cjk(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
                             or ch in "“”‘’—…()")

    def near_cjk(i: int) -> bool:
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        return chinese(before) or chinese(after)

    for m in HALF_WIDTH_MARK.finditer(text):
        i, ch = m.start(), m.group()
        if i in protected:
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch == "," and not (before.isdigit() and after.isdigit()):
            chars[i] = "，"
        elif ch == ":" and not (before.isdigit() and after.isdigit()) and near_cjk(i):
            chars[i] = "："
        elif ch == ";" and near_cjk(i):
            chars[i] = "；"
        elif ch == "!" and near_cjk(i):
            chars[i] = "！"
        elif ch == "?" and is_cjk(before) and not (after.isascii() and after.isalpha()):
            chars[i] = "？"
    # brackets, innermost pair first, until none is left to change (same length, so spans hold)
    changed = True
    while changed:
        changed = False
        out = "".join(chars)
        for m in re.finditer(r"\(([^()]*)\)", out):
            start, end = m.span()
            if protected & set(range(start, end)):
                continue
            if CJK_CHAR.search(m.group(1)) or is_cjk(out[start - 1] if start else ""):
                chars[start], chars[end - 1] = "（", "）"
                changed = True
    out = "".join(chars)
    return out if out == text else full_width(out, keep)   # a mark turned full-width can turn its neighbour


def _title_like(text: str) -> bool:
    return len(text) <= 40 and not any(mark in text for mark in SENTENCE_MARKS + "。")


def _fullmatch(patterns, text: str):
    for pattern in patterns:
        m = pattern.fullmatch(text)
        if m:
            return m
    return None


def clean_page(page: Page, res: Resources) -> CleanPage:
    rules = res.settings.cleaning
    script = detect_script(page.text, res)
    lines: list[Line] = []
    removed: list[Removed] = []
    notices: list[Notice] = list(page.notices)
    found = {"publisher": page.header.publisher, "edition_page": page.header.edition_page,
             "date": page.header.date}
    blank_run, lead_next, last_kept_no = 0, False, None

    for offset, raw in enumerate(page.text.split("\n")):
        no = page.first_line + offset
        text = raw.strip()
        if not text:
            blank_run += 1
            continue
        gap, blank_run = blank_run >= 2, 0
        text = _strip_pinyin(text, no, removed)
        match = None
        for reason, patterns in rules.groups:
            match = _fullmatch(patterns, text)
            if match:
                removed.append(Removed(reason, text, no))
                for key, value in match.groupdict().items():
                    if value and not found.get(key):
                        found[key] = _normal_date(value) if key == "date" else value
                break
        if match:
            continue
        if rules.teaser.fullmatch(text):
            removed.append(Removed("teaser", text, no))
            if lines and lines[-1].no == last_kept_no and _title_like(lines[-1].text) and not gap:
                title = lines.pop()
                removed.append(Removed("teaser", title.text, title.no))
            continue
        if text in rules.column_labels or (text[0] in rules.label_marks and len(text) <= 12
                                           and not _fullmatch(rules.lead_labels, text)):
            removed.append(Removed("column label", text, no))
            continue
        if _fullmatch(rules.lead_labels, text):
            removed.append(Removed("lead label", text, no))
            lead_next = True
            continue
        spans = garbled_spans(text, res, script)
        for start, end in spans:
            notices.append(Notice("garbled", f"garbled text (mis-encoded characters): “{text[start:end]}” — "
                                  f"check the source and retype the span", no))
        text = full_width(text, spans)
        lead = lead_next or any(p.match(text) for p in rules.lead_prefixes)
        lines.append(Line(no=no, text=text, gap_before=gap, lead=lead))
        lead_next, last_kept_no = False, no
    removed.sort(key=lambda r: r.line)
    return CleanPage(page=page, script=script, lines=tuple(lines), removed=tuple(removed),
                     notices=tuple(notices), publisher=found["publisher"],
                     edition_page=found["edition_page"], date=found["date"])


def _strip_pinyin(text: str, no: int, removed: list[Removed]) -> str:
    """Pinyin printed after each character (鎮(zhèn)) is removed and reported."""
    while True:                      # again, until none is left: 鎮(zh(zhèn)èn)
        kept, pos = [], 0
        for m in PINYIN.finditer(text):
            removed.append(Removed("pinyin", m.group(0), no))
            kept.append(text[pos:m.start()])
            pos = m.end()
        if not kept:
            return text
        text = "".join(kept) + text[pos:]


def _normal_date(value: str) -> str:
    parts = re.findall(r"\d+", value)
    if len(parts) >= 3:
        return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"
    return value
