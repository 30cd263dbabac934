"""Page -> cleaned lines, with every removed span and the reason it was removed."""

from __future__ import annotations

import dataclasses
import operator
import re
from typing import TYPE_CHECKING

from . import furniture
from .chars import CJK
from .models import CleanPage, Line, Meta, Notice, Page, Removed

if TYPE_CHECKING:
    from .resources import Resources

CJK_CHAR = re.compile(f"[{CJK}]")
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN = re.compile(rf"(?<=[{CJK}])[(（]([a-zü]*[{TONED}][a-zü{TONED}]*)[)）]")
MANGLED_PINYIN = re.compile(rf"[?？\ufffd][a-zü{TONED}]+[)）]|\ufffd+")
SENTENCE_MARKS = "。！？!?；;"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
"""Control characters: never text, and never let into the site."""
INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+")
"""Zero-width and text-direction characters: they hide or reorder what a reader sees."""
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
    if not changed_s:  # the answer whatever the other count (most simplified pages): one conversion
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
        pair_before = simple[i - 1 : i + 1] if i else ""
        pair_after = simple[i : i + 2]
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
    for start, end in sorted(spans):  # grow each span over odd neighbours
        while start > 0 and odd(start - 1) and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and odd(end) and not text[end].isspace():
            end += 1
        if grown and start <= grown[-1][1]:
            grown[-1] = (grown[-1][0], max(end, grown[-1][1]))
        else:
            grown.append((start, end))
    return grown


CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
"""How the bytes 0x80-0xBF show in Latin-1 and cp1252: the continuation bytes of UTF-8."""
LATIN_RUN = re.compile(f"(?:[\u00e0-\u00ef][{CONTINUATION}]{{1,2}}){{2,}}")
"""Chinese in UTF-8 read as Latin-1 or cp1252: a lead byte (å, ä, ç…) and its continuation bytes,
twice or more."""
GBK_RUN = re.compile(f"[{CJK}?？\ufffd]{{4,}}")


def _gbk_chars(pairs) -> str:
    """The characters GBK gives for these (first byte range, second byte range) pairs."""
    out = set()
    for firsts, trails in pairs:
        for first in firsts:
            for trail in trails:
                try:
                    out.add(bytes([first, trail]).decode("gbk"))
                except UnicodeDecodeError:
                    pass
    return "".join(sorted(out))


GBK_LEAD_CHAR = re.compile(f"[{re.escape(_gbk_chars([(range(0xE4, 0xEA), range(0x80, 0xA1))]))}]")
"""A UTF-8 lead byte of Chinese (0xE4-0xE9) before a continuation byte below 0xA1, read as GBK:
a character GB2312 lacks, in most runs of UTF-8 read as GBK."""
_GBK_FOR_UTF8 = [(range(0x81, 0xA1), range(0x40, 0xFF)), (range(0xE4, 0xEA), range(0x80, 0xA1))]
GBK_MOJIBAKE_CHAR = re.compile(f"[{re.escape(_gbk_chars(_GBK_FOR_UTF8))}]")
"""Any character GBK gives for UTF-8 bytes that GB2312 lacks (traditional text has many)."""
UTF8_CJK = re.compile(rb"[\xe3-\xe9][\x80-\xbf]{2}")


def _gbk_chains(text: str, start: int, end: int) -> list[tuple[int, int, None]]:
    """Stretches of text[start:end] whose GBK bytes are two or more UTF-8 Chinese characters
    back to back (a lost byte, shown as ?, may stand between them), holding a character GB2312
    lacks: UTF-8 read as GBK, from its first odd character to its last."""
    data, owner = bytearray(), []
    for i in range(start, end):
        ch = text[i]
        piece = b"\x80" if ch in "?？\ufffd" else ch.encode("gbk", "replace")
        data += piece
        owner += [i] * len(piece)
    out, chain = [], []
    for m in UTF8_CJK.finditer(bytes(data)):
        if chain and m.start() - chain[-1][1] > 1:
            out.append(chain)
            chain = []
        chain.append(m.span())
    out.append(chain)
    spans = []
    for chain in out:
        if len(chain) < 2:
            continue
        first, last = owner[chain[0][0]], owner[chain[-1][1] - 1]
        last = last + 1 if last + 1 < end and text[last + 1] in "?？\ufffd" else last
        if GBK_MOJIBAKE_CHAR.search(text, first, last + 1):
            spans.append((first, last + 1, None))
    return spans


def mojibake_spans(text: str) -> list[tuple[int, int, str | None]]:
    """Spans of text decoded with the wrong encoding, and what they read as where that is
    certain: UTF-8 read as Latin-1 or cp1252 (åˆä½œç¤¾ is 合作社, repaired with ftfy), and
    UTF-8 read as GBK (鐐哄?備粖鐨?: its GBK bytes are UTF-8 Chinese, some of them lost)."""
    out: list[tuple[int, int, str | None]] = []
    if not text.isascii():
        for m in LATIN_RUN.finditer(text):
            import ftfy  # only where such a run is seen

            fixed = ftfy.fix_text(m.group())
            certain = fixed != m.group() and CJK_CHAR.search(fixed) and "\ufffd" not in fixed
            out.append((m.start(), m.end(), fixed if certain else None))
        likely = (
            GBK_LEAD_CHAR.search(text)
            or ("?" in text or "？" in text)
            and GBK_MOJIBAKE_CHAR.search(text)
        )
        for m in GBK_RUN.finditer(text) if likely else ():
            out += _gbk_chains(text, m.start(), m.end())
    return out


def full_width(text: str, keep: list[tuple[int, int]]) -> str:
    """Half-width punctuation next to Chinese text becomes full-width; numbers are left alone."""
    if "(" not in text and HALF_WIDTH_MARK.search(text) is None:
        return text  # nothing to change (most lines)
    protected = set()
    for start, end in keep:
        protected.update(range(start, end))
    chars = list(text)

    def chinese(ch: str) -> bool:
        """A Chinese character or full-width punctuation mark, or a bracket about to become one."""
        return bool(ch) and (
            is_cjk(ch)
            or "\u3000" <= ch <= "\u303f"
            or "\uff00" <= ch <= "\uffef"
            or ch in "“”‘’—…()"
        )

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
    # a mark turned full-width can turn its neighbour
    return out if out == text else full_width(out, keep)


def _title_like(text: str) -> bool:
    return len(text) <= 40 and not any(mark in text for mark in SENTENCE_MARKS + "。")


def _fullmatch(patterns, forms):
    for pattern in patterns:
        for form in forms:
            m = pattern.fullmatch(form)
            if m:
                return m
    return None


def _body_like(text: str) -> bool:
    """A line of article text: long, with a sentence in it."""
    return len(text) > 30 and any(mark in text for mark in "。！？")


PROSE_LENGTH = 240
"""Lines longer than this are prose: no furniture pattern is tried on them (the longest notice
seen, a copyright statement, is under 120 characters)."""
ARTICLE_END = {
    "print_source",
    "copyright",
    "footer",
    "credits",
    "teaser list",
    "web_chrome",
    "column label",
}
"""Reasons whose removal closes the article before it: what follows starts anew."""


def _credit_runs(texts: list[str], rules) -> set[int]:
    """Lines of credit runs: editors' credits, and reporters' credits in the same run of
    credit lines (blank lines between them allowed) at the end of a post."""
    kinds: dict[int, str] = {}
    for i, text in enumerate(texts):
        if not text:
            continue
        roles = furniture.credit_roles_of(furniture.match_forms(text)[0], rules)
        if roles is not None:
            kinds[i] = "editor" if any(r in rules.credit_roles for r in roles) else "reporter"
    out: set[int] = set()
    run: list[int] = []
    for i, text in enumerate(texts + ["."]):
        if not text:
            continue
        if i in kinds:
            run.append(i)
            continue
        if any(kinds[j] == "editor" for j in run):
            out.update(run)
        run = []
    return out


def _following(texts: list[str]) -> list[str]:
    """For each line, the next line that is not blank ("" at the end)."""
    out, after = [""] * len(texts), ""
    for k in range(len(texts) - 1, -1, -1):
        out[k] = after
        if texts[k]:
            after = texts[k]
    return out


def _running_headers(texts: list[str]) -> set[str]:
    """Lines a printed report repeats at the top of each page (its title): title-like lines
    printed two or more times, at least once right after a page number (— 2 —)."""
    counts: dict[str, int] = {}
    for text in texts:
        if text:
            counts[text] = counts.get(text, 0) + 1
    after_number, previous = set(), ""
    for text in texts:
        if not text:
            continue
        if re.fullmatch(r"[-—－]\s*\d{1,3}\s*[-—－]|第\s*\d{1,3}\s*页.*", previous):
            after_number.add(text)
        previous = text
    return {
        t
        for t, n in counts.items()
        if n >= 2 and t in after_number and len(t) >= 6 and _title_like(t[:40])
    }


def clean_page(page: Page, res: Resources) -> CleanPage:
    rules = res.settings.cleaning
    script = detect_script(page.text, res)
    lines: list[Line] = []
    removed: list[Removed] = []
    metas: list[Meta] = []
    notices: list[Notice] = list(page.notices)
    found = {
        "publisher": page.header.publisher,
        "edition_page": page.header.edition_page,
        "date": page.header.date,
    }
    raw_lines = page.text.split("\n")
    texts = [
        _strip_pinyin(
            _strip_hidden(raw, page.first_line + k, removed, notices).strip(),
            page.first_line + k,
            removed,
        )
        for k, raw in enumerate(raw_lines)
    ]
    first_body = next((k for k, t in enumerate(texts) if _body_like(t)), len(texts))
    credits = _credit_runs(texts, rules)
    following_of = _following(texts)
    headers = _running_headers(texts)
    blank_run, lead_next, last_kept_no = 0, False, None
    boundary = False
    table = False  # a table's cells are being read
    teaser: tuple[int, str, int] | None = None  # (line, heading, items) of an open teaser list
    unclosed: tuple[int, str] | None = None

    def remove(reason: str, text: str, no: int) -> None:
        nonlocal boundary
        removed.append(Removed(reason, text, no))
        boundary = boundary or reason in ARTICLE_END

    def keep_fields(match, no: int) -> None:
        values = {k: v for k, v in match.groupdict().items() if v}
        for key, value in values.items():
            if key in found and not found[key]:
                found[key] = _normal_date(value) if key == "date" else value
        if values.keys() & {"date", "author"} or (
            values.get("publisher") and values.keys() - {"publisher"}
        ):
            author = values.get("author")
            metas.append(
                Meta(
                    no,
                    date=_normal_date(values["date"]) if values.get("date") else None,
                    source=values.get("publisher"),
                    edition_page=values.get("edition_page"),
                    authors=(author,)
                    if author and not furniture.is_organisation(author, rules)
                    else (),
                )
            )

    for k, text in enumerate(texts):
        no = page.first_line + k
        if not text:
            blank_run += 1
            continue
        gap, blank = blank_run >= 2, blank_run >= 1
        blank_run = 0
        forms = furniture.match_forms(text)
        form = forms[0]
        reason, match = None, None
        for group, patterns in rules.groups if len(text) <= PROSE_LENGTH else ():
            match = _fullmatch(patterns, forms)
            if match:
                reason = group
                break
        if reason is None and k < first_body:
            match = _fullmatch(rules.masthead, forms)
            reason = "masthead" if match else None
        if reason:
            if blank:
                teaser = None
            remove(reason, text, no)
            keep_fields(match, no)
            if (
                match.groupdict().get("date")
                and lines
                and lines[-1].no == last_kept_no
                and reason != "copyright"
            ):
                lines[-1] = dataclasses.replace(lines[-1], meta_after=True)
            continue
        if teaser is not None:
            if blank and teaser[2] > 0 or not furniture.teaser_item(form):
                if not blank and not furniture.teaser_item(form):
                    unclosed = (teaser[0], teaser[1])
                teaser = None
            else:
                remove("teaser list", text, no)
                teaser = (teaser[0], teaser[1], teaser[2] + 1)
                continue
        if k in credits:
            remove("credits", text, no)
            continue
        if rules.teaser.fullmatch(text):
            remove("teaser", text, no)
            if lines and lines[-1].no == last_kept_no and _title_like(lines[-1].text) and not gap:
                title = lines.pop()
                removed.append(Removed("teaser", title.text, title.no))
            continue
        prose = _body_like(text)
        table = table and not prose
        if not prose:  # the shapes of furniture: never a line of prose
            meta = furniture.meta_line(form, rules)
            if meta is not None:
                remove("meta line", text, no)
                authors = tuple(a for a in meta.authors if not furniture.is_organisation(a, rules))
                metas.append(Meta(no, date=meta.date, source=meta.source, authors=authors))
                for key, value in (("date", meta.date), ("publisher", meta.source)):
                    found[key] = found.get(key) or value
                if lines and lines[-1].no == last_kept_no:
                    lines[-1] = dataclasses.replace(lines[-1], meta_after=True)
                continue
            if text in headers:
                remove("running header", text, no)
                continue
            if rules.table_caption is not None and rules.table_caption.fullmatch(form):
                table = True
                lines.append(Line(no=no, text=text, gap_before=gap, mark="table"))
                last_kept_no = no
                continue
            if table and furniture.is_table_cell(form):
                lines.append(Line(no=no, text=text, mark="table"))
                last_kept_no = no
                continue
            table = False
            if furniture.is_decoration(form):
                remove("decoration", text, no)
                continue
            if furniture.teaser_heading(form, rules):
                remove("teaser list", text, no)
                teaser = (no, text, 0)
                continue
            if furniture.is_furniture_words(form, rules):
                remove("web_chrome", text, no)
                continue
            if furniture.is_breadcrumb(form):
                remove("breadcrumb", text, no)
                continue
            if furniture.is_nav_bar(form):
                remove("navigation", text, no)
                continue
            following = following_of[k]
            if text in rules.section_labels:
                mid_article = bool(lines) and _body_like(lines[-1].text) and not boundary
                if mid_article and _body_like(following):
                    lines.append(Line(no=no, text=text, gap_before=gap, mark="heading"))
                    last_kept_no = no
                    continue
                remove("column label", text, no)
                continue
            if text in rules.column_labels or (
                text[0] in rules.label_marks
                and len(text) <= 12
                and not _fullmatch(rules.lead_labels, forms)
            ):
                remove("column label", text, no)
                continue
            if _fullmatch(rules.lead_labels, forms):
                remove("lead label", text, no)
                lead_next = True
                continue
            if following and _signature(text, following, rules):
                remove("signature", text, no)
                continue
        if unclosed is not None:
            notices.append(
                Notice(
                    "teaser-open",
                    f"the list under “{unclosed[1]}” (line {unclosed[0]}) runs into "
                    f"this line with no blank line between — check that it is article text",
                    no,
                )
            )
            unclosed = None
        spans = garbled_spans(text, res, script)
        for start, end in spans:
            notices.append(
                Notice(
                    "garbled",
                    f"garbled text (mis-encoded characters): “{text[start:end]}” — "
                    f"check the source and retype the span",
                    no,
                )
            )
        for start, end, fixed in mojibake_spans(text):
            if any(a <= start < b or start <= a < end for a, b in spans):
                continue
            spans.append((start, end))
            reads = f" (it reads as “{fixed}”)" if fixed else ""
            notices.append(
                Notice(
                    "garbled",
                    f"mojibake (text decoded with the wrong encoding): “{text[start:end]}”"
                    f"{reads} — check the source and retype the span",
                    no,
                )
            )
        text = full_width(text, spans)
        lead = lead_next or any(p.match(text) for p in rules.lead_prefixes)
        mark = (
            "caption"
            if text[0] in rules.caption_marks
            else "heading"
            if text[0] in rules.heading_marks and _title_like(text)
            else ""
        )
        lines.append(
            Line(no=no, text=text, gap_before=gap, lead=lead, boundary_before=boundary, mark=mark)
        )
        lead_next, last_kept_no, boundary = False, no, False
    lines = _join_broken_title(lines, headers)
    removed.sort(key=lambda r: r.line)
    return CleanPage(
        page=page,
        script=script,
        lines=tuple(lines),
        removed=tuple(removed),
        notices=tuple(notices),
        publisher=found["publisher"],
        edition_page=found["edition_page"],
        date=found["date"],
        meta=tuple(metas),
    )


def _signature(text: str, following: str, rules) -> bool:
    """The issuing office printed above the date that closes a report (江达县乡村振兴局 /
    2022年12月16日)."""
    form = furniture.match_forms(following)[0] if following else ""
    return (
        len(text) <= 24
        and furniture.is_organisation(text, rules)
        and re.fullmatch(furniture.DATE, form.strip()) is not None
    )


def _join_broken_title(lines: list[Line], headers: set[str]) -> list[Line]:
    """A report's title printed over two lines at its top, which its running header prints
    whole, is one line."""
    if len(lines) >= 2 and lines[0].text + lines[1].text in headers:
        joined = dataclasses.replace(
            lines[0], text=lines[0].text + lines[1].text, meta_after=lines[1].meta_after
        )
        return [joined, *lines[2:]]
    return lines


def _strip_hidden(text: str, no: int, removed: list[Removed], notices: list[Notice]) -> str:
    """Control, zero-width and text-direction characters are removed, reported and noticed."""
    for pattern, reason, what in (
        (CONTROL, "control character", "control characters"),
        (INVISIBLE, "invisible character", "zero-width or text-direction characters"),
    ):
        if pattern.search(text) is None:
            continue
        found = "".join(pattern.findall(text))
        removed.append(Removed(reason, found, no))
        codes = " ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(found))
        notices.append(
            Notice(
                "hidden-characters",
                f"{len(found)} {what} removed ({codes}) — they are not text; check the source",
                no,
            )
        )
        text = pattern.sub("", text)
    return text


def _strip_pinyin(text: str, no: int, removed: list[Removed]) -> str:
    """Pinyin printed after each character (鎮(zhèn)) is removed and reported."""
    while True:  # again, until none is left: 鎮(zh(zhèn)èn)
        kept, pos = [], 0
        for m in PINYIN.finditer(text):
            removed.append(Removed("pinyin", m.group(0), no))
            kept.append(text[pos : m.start()])
            pos = m.end()
        if not kept:
            return text
        text = "".join(kept) + text[pos:]


_normal_date = furniture.normal_date
