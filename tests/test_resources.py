"""What Resources keeps from jieba's dictionary between runs gives the same segmenter, and its
OpenCC converts as OpenCC's own configurations do."""

import logging
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import jieba
import opencc
import pytest

from generator.config import ROOT
from generator.resources import UNSEGMENTED, Resources, opencc_for

SENTENCE = "日喀则市桑珠孜区驻村工作队帮助群众发展牦牛养殖产业，鄉村振興成效明显"


@pytest.fixture(scope="module")
def own_temp(tmp_path_factory):
    """A temporary folder of its own for this module's tests (working the dictionary out
    takes seconds, so they share it)."""
    folder = tmp_path_factory.mktemp("temp")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "gettempdir", lambda: str(folder))
        yield folder


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    """jieba's segmenter made the documented way, with the same words added."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for word in Resources().segmentation_words:
        tok.add_word(word, freq=50000)
    tok.check_initialized()
    return tok


def test_kept_prefix_dictionary_gives_jiebas_segmenter(reference, own_temp):
    made = Resources().tokenizer  # works it out and keeps it
    kept_files = sorted(p.name for p in own_temp.iterdir())
    assert [n for n in kept_files if n.startswith("xizang-archive-prefix-dict-")], kept_files
    loaded = Resources().tokenizer  # reads what was kept
    assert loaded.FREQ == made.FREQ == reference.FREQ
    assert loaded.total == made.total == reference.total
    assert list(loaded.cut(SENTENCE)) == list(reference.cut(SENTENCE))
    assert "日喀则市" in list(loaded.cut(SENTENCE))  # a gazetteer form kept whole


def test_a_damaged_kept_file_is_made_again(reference, own_temp):
    Resources().tokenizer  # kept, if the test above did not
    [kept] = own_temp.glob("xizang-archive-prefix-dict-*")
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short, as by a full disk
    assert Resources().tokenizer.FREQ == reference.FREQ
    assert kept.stat().st_size > 1000  # written whole again


FRESH_PROCESS_TAGS = f"""
import sys
from generator.resources import Resources
assert "jieba.posseg" not in sys.modules
# imports jieba.posseg without it reading the tags
tagged = Resources().pos_tagger({SENTENCE!r})
import jieba, jieba.posseg
tok = jieba.Tokenizer()
for word in Resources().segmentation_words:
    tok.add_word(word, freq=50000)
documented = jieba.posseg.POSTokenizer(tok)           # reads the tags from the dictionary
assert tagged == [(p.word, p.flag) for p in documented.cut({SENTENCE!r})], tagged
assert jieba.posseg.dt.word_tag_tab == documented.word_tag_tab    # jieba's own tagger has them too
assert "get_dict_file" not in vars(jieba.dt)           # the method is jieba's own again
print("same tags")
"""


def test_kept_word_tags_give_jiebas_tagger_in_a_fresh_process(own_temp):
    """Twice, each time in a fresh process: the first works the tags out and keeps them, the
    second reads what was kept."""
    env = {**os.environ, "TMPDIR": str(own_temp)}
    assert not list(own_temp.glob("xizang-archive-word-tags-*"))
    written = []
    for _ in ("made", "read"):
        proc = subprocess.run(
            [sys.executable, "-c", FRESH_PROCESS_TAGS],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert proc.returncode == 0 and proc.stdout.strip() == "same tags", proc.stderr[-2000:]
        [kept] = own_temp.glob("xizang-archive-word-tags-*")
        written.append(kept.stat().st_mtime_ns)
    assert written[0] == written[1]  # read the second time, not made again


def _news_and_words() -> list[str]:
    """The sample pages, and jieba's dictionary words run together in a fixed random order
    (every kind of word boundary, and words OpenCC has phrases for)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").glob("*.txt"))]
    words = [
        line.split()[0]
        for line in (Path(jieba.__file__).parent / "dict.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    ]
    random.Random(4).shuffle(words)
    texts += ["".join(words[i : i + 4000]) for i in range(0, 120_000, 4000)]
    assert len(texts) > 30 and sum(map(len, texts)) > 300_000
    return texts


@pytest.mark.parametrize("config", UNSEGMENTED)
def test_unsegmented_opencc_converts_as_opencc_does(config):
    fast, exact = opencc_for(config), opencc.OpenCC(config)
    assert (
        Path(fast.config).name == f"{config}-unsegmented.json"
        and Path(exact.config).name == f"{config}.json"
    )
    for text in _news_and_words():
        assert fast.convert(text) == exact.convert(text)


def test_configurations_whose_later_steps_have_phrases_keep_their_segmentation():
    # s2twp's TWPhrases would match across the cuts segmentation makes: 级别卡 gives 級別卡 with
    # it and 階別卡 without
    s2twp = opencc_for("s2twp")
    assert Path(s2twp.config).name == "s2twp.json"
    assert s2twp.convert("手忙脚乱最高级别卡制作") == "手忙腳亂最高級別卡製作"


def test_without_a_temporary_folder_opencc_is_used_as_it_is(monkeypatch, capsys):
    def refused(*args, **kwargs):
        raise PermissionError("no temporary folder")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", refused)
    converter = opencc_for("s2tw")
    assert Path(converter.config).name == "s2tw.json"
    assert converter.convert("乡村振兴") == "鄉村振興"
    assert "used as it is" in capsys.readouterr().err
