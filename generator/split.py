"""Cleaned lines -> the articles of a page.

A newspaper page is read the way an editor reads it:

1. every line gets a role from its own form (title-like, subtitle, byline, dateline,
   caption, photo credit, paragraph);
2. title blocks are found: a title-like line followed by a subtitle, a byline or a
   dateline, or the first line of the page; a title-like line just above it is a kicker;
3. photo items are found around captions and credits: the text above a caption, after a
   picture gap, with a title before or after it;
4. the text that follows no title block (an orphan run) is placed: it continues the
   article before it or after it when a sentence runs across, or it is the body of a title
   block printed without one, or it stands alone as an untitled article;
5. a dateline paragraph inside a body opens a story of its own, and a title block printed
   after its text takes that text back from the article before it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from .clean import CJK, is_cjk
from .furniture import NUMBERED
from .models import Article, Block, CleanPage, Line, Notice, Removed

NAME = rf"[{CJK}·•]{{2,8}}"
ROLE = r"(?:特约|特約|见习|見習|实习|實習|首席|摄影|攝影)?(?:记者|記者|通讯员|通訊員|实习生|實習生)"
ROLE_WORDS = re.compile(
    rf"^(本报|本報|新华社|新華社|特约|特約|见习|見習|实习生|實習生|首席)?"
    rf"(记者|記者|通讯员|通訊員|摄影记者|攝影記者|摄影|攝影|文/|图/|圖/|文|图|圖)?$"
)
BYLINE = re.compile(
    rf"^(?:(?:[{CJK}·•]{{0,10}}?{ROLE}|(?:文|图|圖|文图|文圖|图文|圖文|文/图|文/圖)\s*[/／])"
    rf"[\s:：]*[{CJK}·•]{{1,8}}(?:[\s、，,]+[{CJK}·•]{{1,8}})*[\s、，,]*)+$"
)
DATELINE = re.compile(
    rf"^(?P<agency>本报|本報|新华社|新華社|中新网|中新網|中新社|人民网|人民網|[{CJK}]{{2,8}}?(?:网|網))"
    rf"(?P<place>[{CJK}]{{0,8}}?)(?:\d{{1,2}}月\d{{1,2}}日)?(?:讯|訊|电|電)"
    rf"(?:\s*[（(](?P<who>[^）)]{{1,60}})[）)])?"
)
HK_DATELINE = re.compile(
    rf"^【(?P<agency>[^】]{{2,8}}?)(?:讯|訊)】\s*(?:记者|記者)(?P<who>[{CJK}]{{2,3}}?)"
    rf"(?P<place>[{CJK}]{{2,4}})(?:报道|報道)[:：]"
)
"""A Hong Kong paper's dateline: 【大公報訊】記者林樂林芝報道："""
CREDIT = re.compile(
    rf"[（(]?\W*(?P<credit>(?:[{CJK}]{{0,8}}?(?:摄影)?(?:记者|記者|通讯员|通訊員)\s*)?"
    rf"{NAME}?(?:[\s、]+{NAME})*\s*(?:摄|攝)(?:影)?)[)）]?$"
)
CAPTION = re.compile(
    r"^(图为|圖為|图：|圖：|图[①-⑳\d]+[：:]|圖[①-⑳\d]+[：:]|上图|上圖|下图|下圖|左图|左圖|右图|右圖)"
)


def match_dateline(text: str):
    """The dateline at the start of a paragraph (本报拉萨讯（记者 …）, 新华社拉萨3月8日电, 【大公報訊】
    記者林樂林芝報道：), or None."""
    return DATELINE.match(text) or HK_DATELINE.match(text)


SUBTITLE = re.compile(r"^(?P<mark>——|—|--|－－)\s*(?P<text>[^—\-－\s].*)$")
INLINE_SUBTITLE = re.compile(r"^(?P<title>.{4,}?)(?P<mark>——)(?P<subtitle>[^—].{3,})$")
TERMINAL = "。！？!?…”’」』）)》：:"
SENTENCE = "。！？!?；;"


def is_terminated(text: str) -> bool:
    return bool(text) and text[-1] in TERMINAL


def title_like(text: str) -> bool:
    limit = 60 if "——" in text else 40
    return (
        len(text) <= limit
        and not any(m in text for m in SENTENCE)
        and text[-1] not in "，,、：:"
        and not (text[0] in "（(" and text[-1] in "）)")
    )


def role(line: Line) -> str:
    text = line.text
    if line.mark == "caption":
        return "caption"
    if line.mark in ("heading", "table"):
        return line.mark
    if match_dateline(text) and len(text) > 12:
        return "dateline"
    if CAPTION.match(text):
        return "caption"
    if NUMBERED.match(text) and title_like(text):
        return "heading"
    if len(text) <= 40 and CREDIT.search(text):
        return "credit"
    if BYLINE.match(text):
        return "byline"
    m = SUBTITLE.match(text)
    if m and title_like(m.group("text")):
        return "subtitle"
    if title_like(text):
        return "short"
    return "para"


def names(text: str) -> tuple[str, ...]:
    """The people named in a byline, dateline or credit: role words and outlets left out,
    and a two-character name printed with a space between (刘　婷) read whole."""
    tokens = [t for t in re.split(r"[\s、，,:：/／]+", text) if t]
    joined: list[str] = []
    for token in tokens:
        if joined and len(token) == 1 and len(joined[-1]) == 1 and re.fullmatch(f"[{CJK}]", token):
            joined[-1] += token
        else:
            joined.append(token)
    out = []
    for token in joined:
        token = re.sub(r"^.*?(摄影记者|攝影記者|记者|記者|通讯员|通訊員|实习生|實習生)", "", token)
        token = re.sub(r"^(文|图|圖)$", "", token)
        token = re.sub(r"(摄|攝)(影)?$", "", token)
        if token and not ROLE_WORDS.match(token) and re.fullmatch(NAME, token):
            out.append(token)
    return tuple(dict.fromkeys(out))


@dataclass
class Unit:
    """Lines on their way to becoming an article."""

    kind: str  # "article", "photo" or "orphan"
    start: int  # index of its first line
    kicker: Line | None = None
    title: Line | None = None
    subtitle: Line | None = None
    byline: Line | None = None
    body: list = field(default_factory=list)  # body lines, in reading order
    caption: list = field(default_factory=list)  # photo: caption and credit lines
    forced: bool = False  # an editor's split hint started it


def find_title_blocks(lines: list[Line], roles: list[str]) -> dict[int, Unit]:
    """Index of the first line of each title block -> its unit (kicker, title, subtitle, byline)."""
    blocks: dict[int, Unit] = {}
    claimed: set[int] = set()
    # a page that opens with two title-like lines before its text: kicker, then title
    opening = (
        1
        if (
            len(lines) > 2
            and roles[:2] == ["short", "short"]
            and roles[2] in ("para", "dateline")
            and len(lines[0].text) <= 16
            and len(lines[0].text) < len(lines[1].text)
        )
        else 0
    )
    i = 0
    while i < len(lines):
        nxt = roles[i + 1] if i + 1 < len(lines) else None
        after_next = roles[i + 2] if i + 2 < len(lines) else None
        first = i == opening and (
            nxt in ("para", "dateline")
            or nxt == "short"
            and after_next not in ("subtitle", "byline", "dateline")
        )
        inline = (
            roles[i] == "short"
            and INLINE_SUBTITLE.match(lines[i].text)
            and nxt in ("para", "short")
        )
        headline = lines[i].meta_after or (
            lines[i].boundary_before and nxt in ("para", "byline", "dateline")
        )
        if roles[i] == "short" and (
            nxt in ("subtitle", "byline", "dateline") or first or inline or headline
        ):
            unit = Unit("article", i, title=lines[i])
            start = i
            if (
                i > 0
                and roles[i - 1] == "short"
                and i - 1 not in claimed
                and len(lines[i - 1].text) <= 24
            ):
                unit.kicker, start = lines[i - 1], i - 1
            j = i + 1
            if j < len(lines) and roles[j] == "subtitle":
                unit.subtitle, j = lines[j], j + 1
            if j < len(lines) and roles[j] == "byline":
                unit.byline, j = lines[j], j + 1
            unit.start = start
            blocks[start] = unit
            claimed.update(range(start, j))
            i = j
            continue
        i += 1
    return blocks


def heading_series(lines: list[Line], roles: list[str], i: int, stop: int) -> bool:
    """Whether line i is the first of parallel section headings (same shape, similar length)."""
    shape = lines[i].text.split()
    for j in range(i + 1, stop):
        other = lines[j].text.split()
        if (
            roles[j] == "short"
            and len(other) == len(shape)
            and abs(len(lines[j].text) - len(lines[i].text)) <= 3
        ):
            return True
    return False


def find_photos(
    lines: list[Line], roles: list[str], claimed: set[int], titles: dict[int, Unit]
) -> dict[int, Unit]:
    """Photo items that stand on their own: text after a picture gap, caption, credit."""
    photos: dict[int, Unit] = {}
    next_block = sorted(titles)
    for c, r in enumerate(roles):
        if r != "caption" and not (r == "credit" and (c == 0 or roles[c - 1] != "caption")):
            continue
        if c in claimed:
            continue
        text_start = c
        for back in range(1, 4):
            k = c - back
            if k < 0 or k in claimed or roles[k] != "para":
                break
            text_start = k
            if lines[k].gap_before:
                break
        before = text_start - 1
        standalone = (
            text_start == 0
            or lines[text_start].gap_before
            or (before >= 0 and roles[before] == "short" and before not in claimed)
        )
        if not standalone or text_start == c and r == "credit":
            continue
        unit = Unit("photo", text_start, body=lines[text_start:c])
        end = c + 1
        unit.caption = [lines[c]]
        if r == "caption" and end < len(lines) and roles[end] == "credit":
            unit.caption.append(lines[end])
            end += 1
        if before >= 0 and roles[before] == "short" and before not in claimed:
            unit.title, unit.start = lines[before], before
        elif end < len(lines) and roles[end] == "short" and end not in claimed:
            stop = min([b for b in next_block if b > end] + [len(lines)])
            if not heading_series(lines, roles, end, stop):
                unit.title = lines[end]
                end += 1
        photos[unit.start] = unit
        claimed.update(range(unit.start, end))
    return photos


def assemble(lines: list[Line], roles: list[str], split_before: set[int]) -> list[Unit]:
    titles = find_title_blocks(lines, roles)
    claimed = set()
    for start, unit in titles.items():
        end = start + sum(
            x is not None for x in (unit.kicker, unit.title, unit.subtitle, unit.byline)
        )
        claimed.update(range(start, end))
    photos = find_photos(lines, roles, claimed, titles)
    units: list[Unit] = []
    current: Unit | None = None
    for i, line in enumerate(lines):
        if i in titles:
            current = titles[i]
            units.append(current)
        elif i in photos:
            units.append(photos[i])
            current = None
        if i in claimed:
            continue
        new_story = (
            roles[i] == "dateline"
            and current is not None
            and any(role(ln) in ("para", "dateline") for ln in current.body)
        )
        if (line.no in split_before or new_story) and (current is None or current.body):
            current = Unit("orphan", i, forced=True)  # a dateline opens a story of its own
            units.append(current)
        if current is None:
            current = Unit("orphan", i)
            units.append(current)
        current.body.append(line)
    units = merge_intro(place_orphans(units))
    reclaim_text_before_title(units)
    return units


def _ends_open(unit: Unit) -> bool:
    paras = [ln for ln in unit.body if role(ln) == "para"]
    return bool(paras) and not is_terminated(paras[-1].text)


def place_orphans(units: list[Unit]) -> list[Unit]:
    out: list[Unit] = []
    said: dict = {}
    pending = list(units)
    for k, unit in enumerate(pending):
        if unit.kind != "orphan" or unit.forced:
            out.append(unit)
            continue
        if all(role(ln) == "short" and len(ln.text) <= 12 for ln in unit.body):
            unit.kind = "labels"  # stray column labels
            out.append(unit)
            continue
        previous = next((u for u in reversed(out) if u.kind in ("article", "orphan")), None)
        following = next((u for u in pending[k + 1 :] if u.kind == "article"), None)
        adjacent_next = k + 1 < len(pending) and pending[k + 1] is following
        awaiting = [u for u in pending if u.kind == "article" and not u.body and u is not unit]
        if previous is not None and previous.kind == "article" and _ends_open(previous):
            previous.body.extend(unit.body)
        elif following is not None and adjacent_next and _ends_open(unit) and following.body:
            following.body[:0] = unit.body
        elif awaiting:
            target = min(awaiting, key=lambda u: abs(u.start - unit.start))
            pieces = _lead_first(unit.body)
            target.body.extend(pieces)
        elif (home := _home_of(unit, pending, said)) is not None:
            home.body.extend(unit.body)  # its article's text, printed elsewhere on the page
        else:
            out.append(unit)
    return out


def _home_of(orphan: Unit, units: list[Unit], said: dict | None = None) -> Unit | None:
    """The titled article an untitled run of text belongs to, when the run shares far more
    of what only that article says (its places, names, terms) than of any other's: text
    printed out of order, away from its article. None when no article stands out.
    ``said`` keeps what each article says between the runs of one page."""
    if any(role(ln) == "dateline" for ln in orphan.body[:1]):
        return None  # a story of its own
    articles = [u for u in units if u.kind == "article" and u.title is not None and u is not orphan]
    if not articles:
        return None
    said = {} if said is None else said
    for u in articles:
        if id(u) not in said:
            said[id(u)] = _bigrams(
                " ".join(ln.text for ln in [*(x for x in (u.kicker, u.title) if x), *u.body])
            )
    words_of = [said[id(u)] for u in articles]
    key = tuple(id(u) for u in articles)
    if said.get("seen", (None,))[0] != key:  # how many articles say each pair: kept until one grows
        counts: dict[str, int] = {}
        for words in words_of:
            for w in words:
                counts[w] = counts.get(w, 0) + 1
        said["seen"] = (key, counts)
    seen = said["seen"][1]
    own = _bigrams(" ".join(ln.text for ln in orphan.body))
    shared = sorted(
        ((len({w for w in own & words if seen[w] == 1}), k) for k, words in enumerate(words_of)),
        reverse=True,
    )
    best, runner_up = shared[0][0], shared[1][0] if len(shared) > 1 else 0
    home = articles[shared[0][1]]
    heading = _bigrams(" ".join(x.text for x in (home.kicker, home.title) if x))
    named = {w for w in own & heading if seen[w] == 1}  # the places and names its headline gives
    if best >= 8 and best >= 3 * max(runner_up, 1) and len(named) >= 3:
        said.pop(id(home), None)  # it is about to say more
        said.pop("seen", None)
        return home
    return None


def merge_intro(units: list[Unit]) -> list[Unit]:
    """A web post's headline, then a few short teaser lines, then what looks like a second
    title block with the byline (📍 a place, 记者：…): one article, the short lines its lead."""
    out: list[Unit] = []
    for unit in units:
        before = out[-1] if out else None
        if (
            before is not None
            and before.kind == "article"
            and unit.kind == "article"
            and before.body
            and before.byline is None
            and unit.byline is not None
            and unit.subtitle is None
            and all(role(ln) == "short" for ln in before.body)
            and any(role(ln) in ("para", "dateline") for ln in unit.body)
        ):
            intro = before.body + [x for x in (unit.kicker, unit.title) if x]
            before.body = [dataclasses.replace(ln, lead=True) for ln in intro] + unit.body
            before.byline = unit.byline
            continue
        out.append(unit)
    return out


def _bigrams(text: str) -> set[str]:
    chars = re.findall(f"[{CJK}]", text)
    return {a + b for a, b in zip(chars, chars[1:])}


def reclaim_text_before_title(units: list[Unit]) -> None:
    """A title block printed after its text has no paragraphs of its own, and its text sits at
    the end of the article before it. Paragraphs from the first one that matches the waiting
    headline better than its own article's headline move to the waiting article."""
    for before, unit in zip(units, units[1:]):
        if (
            unit.kind != "article"
            or before.kind != "article"
            or any(role(ln) == "para" for ln in unit.body)
        ):
            continue
        heading = _bigrams(
            " ".join(ln.text for ln in (unit.kicker, unit.title, unit.subtitle) if ln)
        )
        own = _bigrams(
            " ".join(ln.text for ln in (before.kicker, before.title, before.subtitle) if ln)
        )
        paras = [i for i, ln in enumerate(before.body) if role(ln) == "para"]
        for i in paras[1:]:
            words = _bigrams(before.body[i].text)
            if len(words & heading) >= 2 and len(words & heading) > len(words & own):
                unit.body[:0] = before.body[i:]
                del before.body[i:]
                break


def _lead_first(body: list[Line]) -> list[Line]:
    """A piece that opens with the editor's lead (导读) is the start of its article."""
    for i, line in enumerate(body):
        if line.lead and i > 0:
            return body[i:] + body[:i]
    return body


def blocks_of(body: list[Line]) -> tuple[list[Block], list[Line]]:
    """Body lines -> blocks, joining paragraphs the source broke across lines; also the credits."""
    blocks: list[Block] = []
    credits: list[Line] = []
    for k, line in enumerate(body):
        r = role(line)
        if line.lead and r in ("short", "subtitle", "heading"):
            r = "para"  # a line of the editor's lead, however short
        if r == "heading":
            blocks.append(Block("heading", line.text, line.no))
            continue
        if r == "table":
            if blocks and blocks[-1].kind == "table" and k and role(body[k - 1]) == "table":
                # a cell a tab
                blocks[-1] = Block("table", f"{blocks[-1].text}\t{line.text}", blocks[-1].line)
            else:
                blocks.append(Block("table", line.text, line.no))
            continue
        if r in ("short", "subtitle"):
            after = body[k + 1] if k + 1 < len(body) else None
            opens_section = after is not None and role(after) in ("para", "dateline")
            if (
                "，" in line.text
                and (is_cjk(line.text[-1]) or line.text[-1].isdigit())
                and len(line.text) >= 24
            ):
                opens_section = False  # a paragraph's first line, broken in a printed report
            continues = (
                bool(blocks)
                and blocks[-1].kind == "paragraph"
                and not is_terminated(blocks[-1].text)
            )
            if not opens_section or continues:
                r = "para"  # a fragment of a paragraph, not a heading
        if r == "credit":
            credits.append(line)
            if blocks and blocks[-1].kind == "caption":
                blocks[-1] = Block("caption", f"{blocks[-1].text} {line.text}", blocks[-1].line)
                continue
            blocks.append(Block("caption", line.text, line.no))
            continue
        if r == "caption":
            if CREDIT.search(line.text):
                credits.append(line)
            blocks.append(Block("caption", line.text, line.no))
            continue
        kind = "heading" if r in ("short", "subtitle") else "lead" if line.lead else "paragraph"
        prev = blocks[-1] if blocks else None
        if (
            kind in ("paragraph", "lead")
            and prev
            and prev.kind in ("paragraph", "lead")
            and not is_terminated(prev.text)
        ):
            blocks[-1] = Block(prev.kind, prev.text + line.text, prev.line)
            continue
        blocks.append(Block(kind, line.text, line.no))
    return blocks, credits


def _display_title(blocks: list[Block]) -> str:
    for block in blocks:
        if block.kind == "caption":
            text = re.sub(r"^(图为|圖為)", "", block.text)
            text = CREDIT.sub("", text).strip()
            return _clip(re.split(r"[。！？]", text)[0])
    for block in blocks:
        if block.kind in ("paragraph", "lead"):
            text = DATELINE.sub("", block.text)
            return _clip(re.split(r"[，。！？；,]", text)[0])
    return "无题"


def _clip(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[:size] + "…"


def split_page(clean: CleanPage) -> tuple[list[Article], list[Removed]]:
    """The page's articles, and the stray label lines that belong to none of them."""
    lines = list(clean.lines)
    roles = [role(ln) for ln in lines]
    header = clean.page.header
    units = assemble(lines, roles, set(header.split_before))
    supplied = dict(header.titles)
    articles: list[Article] = []
    removed: list[Removed] = []
    starts = sorted(_start_line(u) for u in units if u.kind != "labels")
    stray: list[int] = []  # short lines read as running text
    for unit in units:
        if unit.kind == "labels":
            removed += [Removed("stray label", ln.text, ln.no) for ln in unit.body]
            continue
        number = len(articles) + 1
        body = unit.body + unit.caption
        blocks, credits = blocks_of(body)
        own_lines = {ln.no for ln in body} | {
            x.no for x in (unit.kicker, unit.title, unit.subtitle, unit.byline) if x
        }
        notices = [n for n in clean.notices if n.line in own_lines]
        kicker = unit.kicker.text if unit.kicker else None
        title = unit.title.text if unit.title else None
        subtitle = None
        if unit.subtitle:
            m = SUBTITLE.match(unit.subtitle.text)
            subtitle = m.group("text")
            removed.append(
                Removed("subtitle mark", unit.subtitle.text[: m.start("text")], unit.subtitle.no)
            )
        elif title and "——" in title:
            m = INLINE_SUBTITLE.match(title)
            if m:
                title, subtitle = m.group("title"), m.group("subtitle")
                removed.append(Removed("subtitle mark", m.group("mark"), unit.title.no))
        authors = list(names(BYLINE.match(unit.byline.text).group(0))) if unit.byline else []
        dateline = None
        first = next((b for b in blocks if b.kind in ("paragraph", "lead")), None)
        if first:
            m = match_dateline(first.text)
            if m:
                dateline = m.group("place") or m.group("agency")
                authors += [n for n in names(m.group("who") or "") if n not in authors]
        photographers = []
        for credit in credits:
            photographers += [
                n
                for n in names(CREDIT.search(credit.text).group("credit"))
                if n not in photographers
            ]
        start_line = _start_line(unit)
        meta = _own_meta(clean, starts, start_line)
        if not authors:
            authors = [a for m in meta for a in m.authors]
            authors = list(dict.fromkeys(authors))
        if title is None:
            notices.append(
                Notice(
                    "untitled",
                    "the page prints no headline for this article — the site shows a "
                    "supplied title; give one under 'titles' in the page header",
                    start_line,
                )
            )
        last = blocks[-1] if blocks else None
        if last and last.kind in ("paragraph", "lead") and not is_terminated(last.text):
            notices.append(
                Notice(
                    "truncated",
                    f"the text stops mid-sentence: “…{last.text[-12:]}” — "
                    f"the source page is incomplete; add the rest if you have it",
                    max(ln.no for ln in body),
                )
            )
        parts = [
            (x.no, name)
            for x, name in (
                (unit.kicker, "kicker"),
                (unit.title, "title"),
                (unit.subtitle, "subtitle"),
                (unit.byline, "byline"),
            )
            if x
        ]
        body_parts = _parts(body, blocks)
        parts += body_parts
        kinds = dict(body_parts)
        stray += [
            ln.no
            for ln in unit.body
            if len(ln.text) <= 12
            and not ln.lead
            and role(ln) == "short"
            and kinds.get(ln.no, "").startswith("paragraph")
        ]
        if not title and not dateline and unit.kind != "photo":
            lines_of = sorted(no for no, _ in parts)
            notices.append(
                Notice(
                    "uncertain",
                    f"article {number} has no headline and no dateline (lines "
                    f"{lines_of[0]}–{lines_of[-1]}) — check where it starts and ends with inspect "
                    f"--lines; add a line to split_before where a new article starts, or give "
                    f"its headline under titles",
                    start_line,
                )
            )
        articles.append(
            Article(
                id=f"{clean.page.id}-{number:02d}",
                page_id=clean.page.id,
                number=number,
                kicker=kicker,
                title=title,
                display_title=title or supplied.get(number) or _display_title(blocks),
                title_supplied=title is None,
                subtitle=subtitle,
                byline=unit.byline.text if unit.byline else None,
                authors=tuple(authors),
                photographers=tuple(photographers),
                dateline=dateline,
                date=header.date or next((m.date for m in meta if m.date), None) or clean.date,
                blocks=tuple(blocks),
                notices=tuple(sorted(notices, key=lambda n: n.line)),
                line=start_line,
                script=clean.script,
                source=next((m.source for m in meta if m.source), None) or clean.publisher,
                added=header.added,
                parts=tuple(sorted(parts)),
            )
        )
    stray = sorted(stray)
    if len(stray) >= SHORT_LINES_NOTICE and articles:
        first = articles[0]
        shown = ", ".join(map(str, stray[:8])) + ("…" if len(stray) > 8 else "")
        notice = Notice(
            "uncertain",
            f"{len(stray)} short lines were read as running text (lines {shown}) — check "
            f"them with inspect --lines: furniture belongs in site-data/cleaning.yaml, and a "
            f"line where a new article starts in split_before",
            stray[0],
        )
        articles[0] = dataclasses.replace(
            first, notices=tuple(sorted((*first.notices, notice), key=lambda n: n.line))
        )
    if (
        articles
        and clean.page.continued
        and not any(n.code == "truncated" for n in articles[-1].notices)
    ):
        last = articles[-1]
        notice = Notice(
            "truncated",
            "the page goes on in another HTML page (下一页) that the archive does not "
            "hold — save the other pages and add their text",
            last.line,
        )
        articles[-1] = dataclasses.replace(
            last, notices=tuple(sorted((*last.notices, notice), key=lambda n: n.line))
        )
    return articles, removed


SHORT_LINES_NOTICE = 4
"""Short lines read as running text (a dozen characters or fewer, no sentence, inside a
paragraph), on one page, from which its reading is uncertain: read right, such lines are
headings, labels or furniture."""


def _parts(body: list[Line], blocks: list[Block]) -> list[tuple[int, str]]:
    """(line, the block it went into: ``paragraph 2``), blocks counted from 1 in the article."""
    out, b = [], -1
    starts = [block.line for block in blocks]
    for line in body:
        if b + 1 < len(blocks) and starts[b + 1] == line.no:
            b += 1
        if b >= 0:
            out.append((line.no, f"{blocks[b].kind} {b + 1}"))
    return out


def _start_line(unit: Unit) -> int:
    return min(
        [ln.no for ln in unit.body + unit.caption] + [x.no for x in (unit.kicker, unit.title) if x]
    )


def _own_meta(clean: CleanPage, starts: list[int], start: int) -> list:
    """The meta lines that stand in the article starting at ``start`` (up to the next
    article's start), then those printed before the page's first article."""
    later = [s for s in starts if s > start]
    stop = later[0] if later else float("inf")
    first = starts[0] if starts else float("inf")
    own = [m for m in clean.meta if start <= m.line < stop]
    return own + [m for m in clean.meta if m.line < first]
