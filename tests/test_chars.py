import unicodedata

from hypothesis import given, strategies as st

from generator.chars import nfkc


@given(
    st.text(
        alphabet=st.sampled_from(
            "乡村振兴，；：！？（）。、 　.．,ａＺ１２3\u0301\u00b2㎡①\uf900ﬁ…％～＂＇"
        ),
        max_size=40,
    )
)
def test_nfkc_is_unicodedatas(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_a_full_width_letter_composes_with_the_mark_after_it():
    assert nfkc("Ａ\u0301") == "Á" == unicodedata.normalize("NFKC", "Ａ\u0301")
