"""jieba's part-of-speech tagger (jieba.posseg.POSTokenizer.cut with its HMM), the same words
and tags in less than half the time. It tags the clause before each figure (figures._label):
about half of finding an article's figures.

jieba builds a dict of each position's word ends (get_DAG), then a dict of (log probability,
end) tuples from the right (calc), walks it, and yields each word as an object through
three generators. Here the word ends are found and the best route is kept in one pass from
the right, and words come out as (word, tag) tuples. Probabilities are added in jieba's
order, and a tie goes to the longer word, as max() on jieba's tuples gives it; unknown runs
go to generator/viterbi.py, as jieba's do to its own HMM. tests/test_postag.py holds the
two to the same answers.
"""

from __future__ import annotations

import re
from math import log

from .viterbi import viterbi

# jieba.posseg's patterns, as they are there
HAN_INTERNAL = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._]+)")
SKIP_INTERNAL = re.compile("(\r\n|\\s)")
HAN_DETAIL = re.compile("([\u4e00-\u9fd5]+)")
SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
ENG = re.compile("[a-zA-Z0-9]+")
NUM = re.compile("[\\.0-9]+")


class Tagger:
    """``tagger(text)``: [(word, tag)] as list(jieba's POSTokenizer.cut(text)) gives them, for
    a tokenizer (its words and frequencies), the tagger's word tags and jieba.posseg's HMM
    tables (char_state_tab, start, trans, emit)."""

    def __init__(self, tokenizer, word_tags: dict[str, str], hmm: tuple):
        self.tokenizer, self.word_tags, self.hmm = tokenizer, word_tags, hmm

    def __call__(self, text: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for block in HAN_INTERNAL.split(text):
            if HAN_INTERNAL.match(block):
                self._dag(block, out)
                continue
            for part in SKIP_INTERNAL.split(block):
                if SKIP_INTERNAL.match(part):
                    out.append((part, "x"))
                    continue
                for ch in part:
                    out.append((ch, "m" if NUM.match(ch) else "eng" if ENG.match(part) else "x"))
        return out

    def _dag(self, sentence: str, out: list) -> None:
        """jieba's __cut_DAG: the most probable route through the dictionary's words; runs of
        single characters that are no word together go to the HMM."""
        freq, tags = self.tokenizer.FREQ, self.word_tags
        logtotal = log(self.tokenizer.total)
        n = len(sentence)
        score, end = [0.0] * (n + 1), [0] * (n + 1)
        for start in range(n - 1, -1, -1):
            best, best_end = None, start
            i, frag = start, sentence[start]
            while i < n:
                f = freq.get(frag)
                if f is None:
                    break
                if f:
                    p = log(f) - logtotal + score[i + 1]
                    if best is None or p >= best:
                        best, best_end = p, i
                i += 1
                frag = sentence[start : i + 1]
            if best is None:  # no word starts here: the character alone
                best = log(freq.get(sentence[start]) or 1) - logtotal + score[start + 1]
            score[start], end[start] = best, best_end
        x, buf = 0, ""
        while x < n:
            y = end[x] + 1
            word = sentence[x:y]
            if y - x == 1:
                buf += word
            else:
                if buf:
                    self._flush(buf, out)
                    buf = ""
                out.append((word, tags.get(word, "x")))
            x = y
        if buf:
            self._flush(buf, out)

    def _flush(self, buf: str, out: list) -> None:
        tags = self.word_tags
        if len(buf) == 1:
            out.append((buf, tags.get(buf, "x")))
        elif not self.tokenizer.FREQ.get(buf):
            self._detail(buf, out)
        else:
            out.extend((ch, tags.get(ch, "x")) for ch in buf)

    def _detail(self, sentence: str, out: list) -> None:
        """jieba's __cut_detail: Chinese runs by the HMM, numbers and Latin words as they are."""
        for block in HAN_DETAIL.split(sentence):
            if HAN_DETAIL.match(block):
                self._hmm(block, out)
                continue
            for part in SKIP_DETAIL.split(block):
                if part:
                    out.append(
                        (part, "m" if NUM.match(part) else "eng" if ENG.match(part) else "x")
                    )

    def _hmm(self, sentence: str, out: list) -> None:
        """jieba's __cut: words from the HMM's states (B, M, E, S with a tag)."""
        _, states = viterbi(sentence, *self.hmm)
        begin = after = 0
        for i, ch in enumerate(sentence):
            position, tag = states[i]
            if position == "B":
                begin = i
            elif position == "E":
                out.append((sentence[begin : i + 1], tag))
                after = i + 1
            elif position == "S":
                out.append((ch, tag))
                after = i + 1
        if after < len(sentence):
            out.append((sentence[after:], states[after][1]))
