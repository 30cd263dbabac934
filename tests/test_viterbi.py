"""generator/viterbi.py: jieba's part-of-speech HMM, the same answers (tests/test_postag.py: the
tagger that uses it tags as jieba's does)."""

import importlib

from hypothesis import given, strategies as st

from generator.resources import _posseg
from generator.viterbi import viterbi

from .test_properties import SETTINGS

_posseg()
jieba_hmm = importlib.import_module("jieba.posseg.viterbi")
TABLES = [
    importlib.import_module(f"jieba.posseg.{name}").P
    for name in ("char_state_tab", "prob_start", "prob_trans", "prob_emit")
]
KNOWN = sorted(c for c in TABLES[0] if "\u4e00" <= c <= "\u9fd5")
runs = st.text(
    st.sampled_from(KNOWN[::7]) | st.sampled_from("次仁片多索朗琼珠比村牦牛駐㐀"),
    min_size=1,
    max_size=12,
)


@SETTINGS
@given(runs)
def test_the_same_states_and_probability_as_jiebas(run):
    assert viterbi(run, *TABLES) == jieba_hmm.viterbi(run, *TABLES)
