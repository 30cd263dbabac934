import unicodedata

from hypothesis import given, strategies as st

from generator.chars import nfkc


NEWS_TEXT = st.text(
    alphabet=st.sampled_from(
        "乡村振兴藏，；：！？（）。、 　.．,_-ａＺ１２3x\0\u0301\u00b2㎡①\uf900ﬁİ…%％～＂＇"
    ),
    max_size=40,
)
"""Short texts of Chinese characters among what NFKC changes: full-width letters, digits and
marks, the ideographic space, a combining mark, compatibility characters."""


@given(NEWS_TEXT)
def test_nfkc_is_unicodedatas(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_a_full_width_letter_composes_with_the_mark_after_it():
    assert nfkc("Ａ\u0301") == "Á" == unicodedata.normalize("NFKC", "Ａ\u0301")
