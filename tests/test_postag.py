"""generator/postag.py: jieba's part-of-speech tagger, the same words and tags."""

import importlib

import jieba
from hypothesis import given, strategies as st

from generator.postag import Tagger
from generator.resources import _posseg

from .test_properties import SETTINGS

posseg = _posseg()
jieba_hmm = importlib.import_module("jieba.posseg.viterbi")


def jiebas(res):
    """jieba's own tagger on the archive's segmenter and word tags, with jieba's own HMM."""
    tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    tagger.tokenizer, tagger.word_tag_tab = res.tokenizer, res.pos_tagger.word_tags
    return lambda text: [(p.word, p.flag) for p in tagger.cut(text)]


# words the dictionary knows, names it does not, numbers, Latin, spaces and marks
pieces = st.sampled_from(
    [
        "乡村",
        "振兴",
        "嘎玛乡",
        "德吉村",
        "驻村工作队",
        "牦牛",
        "合作社",
        "次仁片多",
        "索朗琼珠",
        "比村",
        "分红",
        "万",
        "余",
        "元",
        "达",
        "户",
        "人",
        "投资",
        "亿元",
        "24",
        "12.66",
        "G318",
        "km",
        "a+b",
        " ",
        "\r\n",
        "\t",
        "，",
        "。",
        "、",
        "（",
        "）",
        "%",
        "#",
        "_",
        "琼",
        "㐀",
        "駐",
    ]
)


@SETTINGS
@given(st.lists(pieces, max_size=12).map("".join))
def test_the_same_words_and_tags_as_jiebas(res, text):
    assert res.pos_tagger(text) == jiebas(res)(text)


def test_the_same_on_clauses_before_figures(res):
    text = "比村分红24万余元，次仁片多、索朗琼珠在嘎玛乡德吉村。全县累计投入资金12.66亿元，带动1.2万户群众增收"
    clauses = [text[:i] for i in range(len(text) + 1)] + [text[i:] for i in range(len(text))]
    ours, theirs = res.pos_tagger, jiebas(res)
    assert [ours(c) for c in clauses] == [theirs(c) for c in clauses]
    assert posseg.viterbi is jieba_hmm.viterbi  # the comparison is with jieba's own HMM


def test_ties_and_words_cut_in_characters_as_jieba_does():
    """A tiny dictionary: with 甲 and 乙 at 2 of 4, 甲乙 at 1 ties with 甲 乙 (jieba takes the
    longer word); at 3 of 4 each, the characters win though together they are a word."""
    hmm = tuple(
        getattr(posseg, name) for name in ("char_state_tab_P", "start_P", "trans_P", "emit_P")
    )
    for single in (2, 3):
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = (
            {"甲": single, "乙": single, "甲乙": 1},
            4,
            True,
        )
        theirs = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
        theirs.tokenizer, theirs.word_tag_tab = tokenizer, {"甲": "n"}
        for text in ("甲乙", "甲乙甲乙", "丙甲乙丁"):
            assert Tagger(tokenizer, {"甲": "n"}, hmm)(text) == [
                (p.word, p.flag) for p in theirs.cut(text)
            ]
        assert [(p.word, p.flag) for p in theirs.cut("甲乙")] == (
            [("甲乙", "x")] if single == 2 else [("甲", "n"), ("乙", "x")]
        )
