"""What a line of page furniture looks like: the shapes the cleaner removes besides its
whole-line patterns. Each function takes a line and the rules of site-data/cleaning.yaml
and says whether (and as what) the line is furniture; none of them changes the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chars import nfkc
from .config import CleaningRules

CJK_SPACE = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff，。、：；！？,:;!?])\s+(?=[\u3400-\u9fff\uf900-\ufaff，。、：；！？,:;!?])"
)
SEPARATORS = re.compile(
    r"[\s|｜/·•・,，、:：;；\-—–_~～>＞<＜›»«‹【】\[\]()（）「」『』《》<>“”\"'‘’!！?？.。…*＊#＃+＋=→←↑↓⇩⬇️↓]+"
)
DATE = r"\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?"
TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
LEADING_DATE = re.compile(rf"^(?P<date>{DATE})\s*(?:{TIME})?\s*(?:\|\s*)?")
DATE_NAME = re.compile(
    rf"^(?P<date>{DATE})\s*(?:{TIME})?\s*(?:\|\s*)?(?P<name>[^\s:|\d][^\s:|]{{1,15}})?$"
)
BREADCRUMB = re.compile(r"\s*(?:>>|>|＞|›|»|→)\s*")
SENTENCE_MARKS = "。！？；"
BYLINE_WORDS = re.compile(r"记者|記者|通讯员|通訊員|摄|攝|作者")
NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+(?:部分|章|节|節))"
)
"""A numbered section heading of a report: 一、 （二） 第三部分."""


def is_table_cell(text: str) -> bool:
    """A short line of a table printed one cell a line: 项目类别, （万元）, 12574.6."""
    return (
        len(text) <= 16 and not any(m in text for m in "。，,；！？") and not NUMBERED.match(text)
    )


def match_forms(text: str) -> tuple[str, ...]:
    """The forms a line is matched in: NFKC (full-width digits and punctuation as ASCII),
    and that with the spaces between Chinese characters taken out (人 民 网 → 人民网)."""
    form = nfkc(text)
    squeezed = CJK_SPACE.sub("", form)
    return (form,) if squeezed == form else (form, squeezed)


def normal_date(value: str) -> str:
    parts = re.findall(r"\d+", nfkc(value))
    if len(parts) >= 3:
        return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"
    return value


def is_decoration(text: str) -> bool:
    """A line without a letter, digit or Chinese character: emoji rows, rules, arrows."""
    return not any(ch.isalnum() for ch in text)


def is_furniture_words(form: str, rules: CleaningRules) -> bool:
    """A line made of furniture words (字号 大 中 小, 分享 收藏 点赞 在看, 阅读原文) and nothing
    else but separators, digits and emoji."""
    rest = form
    hit = False
    for word in rules.furniture_words:
        if word in rest:
            rest = rest.replace(word, " ")
            hit = True
    if not hit:
        return False
    rest = SEPARATORS.sub("", rest)
    return not any(ch.isalpha() for ch in rest)


def is_nav_bar(form: str) -> bool:
    """A channel or link bar: three or more short items between '|' (首页 | 要闻 | 思想), or
    four or more of at most four characters between spaces (首頁　港聞　中國　國際)."""
    if any(m in form for m in SENTENCE_MARKS + "，,") or BYLINE_WORDS.search(form):
        return False
    if "|" in form or "｜" in form:
        items = [i.strip() for i in re.split(r"[|｜]", form) if i.strip()]
        return len(items) >= 3 and all(len(i) <= 12 for i in items)
    items = form.split()
    return len(items) >= 4 and all(len(i) <= 4 for i in items)


def is_breadcrumb(form: str) -> bool:
    """A breadcrumb: short items joined by '>' (新华网 > 地方 > 西藏 > 正文)."""
    items = [i for i in BREADCRUMB.split(form) if i]
    return (
        (len(items) >= 3 or (len(items) == 2 and items[-1] in ("正文", "内容", "內容")))
        and len(BREADCRUMB.findall(form)) >= len(items) - 1
        and all(len(i) <= 14 and not any(m in i for m in SENTENCE_MARKS) for i in items)
    )


@dataclass(frozen=True)
class MetaLine:
    """What a meta line says (all optional)."""

    date: str | None = None
    source: str | None = None
    authors: tuple[str, ...] = ()


def meta_line(form: str, rules: CleaningRules) -> MetaLine | None:
    """A line made only of meta pairs (来源：新华网  作者：央金  浏览次数：12), a date and time
    possibly first; or a date, a time and a publisher alone (2022年3月5日 04:10 大公報).
    None when the line is anything else."""
    if rules.meta_pattern is None:
        return None
    fields = dict(rules.meta_keys)
    found = list(rules.meta_pattern.finditer(form))
    if not found:
        m = DATE_NAME.match(form.strip())
        if m and m.group("name") and not BYLINE_WORDS.search(m.group("name")):
            return MetaLine(date=normal_date(m.group("date")), source=m.group("name"))
        return None
    head = form[: found[0].start()].strip(" |｜【[(")
    date = None
    if head:
        m = LEADING_DATE.match(head)
        if not m or m.end() != len(head):
            return None
        date = normal_date(m.group("date"))
    out = {"date": date, "source": None, "authors": ()}
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(form)
        value = form[m.end() : end].strip(" |｜】])")
        if any(mark in value for mark in SENTENCE_MARKS) or len(value) > 40:
            return None
        field = fields[m.group("key")]
        if field == "date":
            d = re.search(DATE, value)
            if not d:
                return None
            out["date"] = out["date"] or normal_date(d.group())
        elif field == "source" and value:
            name, _, tail = value.partition(" ")  # 中国青年报  2023-06-21 07:40
            tail = tail.strip()
            if tail and not re.fullmatch(rf"(?:{DATE})?\s*(?:{TIME})?", tail):
                return None
            out["source"] = name or None
            d = re.search(DATE, tail)
            out["date"] = out["date"] or (normal_date(d.group()) if d else None)
        elif field == "author":
            out["authors"] = tuple(n for n in re.split(r"[\s、,，;；/]+", value) if n)
    return MetaLine(**out)


def credit_roles_of(form: str, rules: CleaningRules) -> list[str] | None:
    """The roles of a credit line (编辑：拉姆 / 【责任编辑：陈静】 / 本版责编：李刚 王蕾  版式设计：
    张丹峰 / （責任編輯：周穎）), or None when the line is not one."""
    if rules.credit_pattern is None or ("：" not in form and ":" not in form and "/" not in form):
        return None
    text = re.sub(r"[【\[](纠错|糾錯)[】\]]", " ", form).strip()
    found = list(rules.credit_pattern.finditer(text))
    if not found or text[: found[0].start()].strip(" 【[(（"):
        return None
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(text)
        value = text[m.end() : end].strip(" |｜】])）")
        if not value or len(value) > 30 or any(mark in value for mark in SENTENCE_MARKS + "，,"):
            return None
    return [m.group("key") for m in found]


def is_organisation(name: str, rules: CleaningRules) -> bool:
    return any(name.endswith(s) for s in rules.organisation_suffixes)


def teaser_heading(form: str, rules: CleaningRules) -> bool:
    """A line that heads a list of other articles (相关新闻, 往期推荐：, 【相關新聞】)."""
    if len(form) > 20:
        return False
    core = SEPARATORS.sub("", form)
    core = "".join(ch for ch in core if ch.isalnum())
    return core in rules.teaser_headings


def teaser_item(form: str) -> bool:
    """A line that may be an item of a teaser list: a headline, with a bullet or a date."""
    text = form.strip()
    return bool(text) and len(text) <= 80 and "。" not in text
