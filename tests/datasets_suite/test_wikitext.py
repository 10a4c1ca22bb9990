"""WikiText raw: lm-eval's article split and detokenizer, the fixture through the real config, bad files."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from opencompass_lite.config.specs import ModelSpec
from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.datasets.wikitext import split_articles, wikitext_detokenize
from opencompass_lite.errors import DataError
from opencompass_lite.infer import RefLLInferencer
from opencompass_lite.models.fake import FakeModel

from .conftest import FIXTURES, config_specs, evaluate, loaded

RAW = " \n = Alpha = \n \n Alpha text . \n \n = = History = = \n \n More . \n = = = Early = = = \n Old . \n = Beta = \n Beta .\n"


def wikitext_spec(path=FIXTURES / "wikitext" / "wikitext-2-raw"):
    (spec,) = config_specs("wikitext/wikitext_bpb.py")
    return replace(spec, path=str(path))


def test_articles_split_at_top_level_titles_only():
    assert split_articles(RAW) == [
        " = Alpha = \n \n Alpha text . \n \n = = History = = \n \n More . \n = = = Early = = = \n Old . ",
        " = Beta = \n Beta .\n",
    ]
    assert split_articles("no title at all\n") == ["no title at all\n"]
    assert split_articles(" \n \n") == []


@pytest.mark.parametrize(("raw", "detokenized"), [
    (" 16 @,@ 050 residents , 6 @.@ 58 km and a 23 @-@ member council . ",
     " 16,050 residents, 6.58 km and a 23-member council. "),
    ("the mayor 's office ( in town ) said \" yes \" ; ok ? ", "the mayor's office (in town) said \"yes\"; ok? "),
    (" = = = Early = = = \n \n Text : 5 ° C ! ", " === Early ===\n\nText: 5°C! "),
    ("players ' union of N members", "players' union of 1 members"),  # WikiText's number placeholder N
])
def test_lm_eval_detokenizer(raw, detokenized):
    assert wikitext_detokenize(raw) == detokenized


def test_fixture_through_the_config_and_the_fake_model():
    spec = wikitext_spec()
    splits, builder = loaded(spec)
    assert [r["page"].split("\n")[0] for r in splits.test] == [f" = Synthetic Town {k} = " for k in (1, 2, 3)]
    assert "16,050 residents." in splits.test[0]["text"] and "16 @,@ 050" in splits.test[0]["page"]
    assert spec.mode == "ll" and builder.gen_prompt(splits.test[0], 0) == ""
    model = FakeModel(ModelSpec(abbr="fake", type="FakeModel", path="fake", max_seq_len=1024))
    records = RefLLInferencer(spec.inferencer, model.spec).infer(model, builder, list(enumerate(splits.test)))
    preds = [r["prediction"] for r in records]
    assert preds[0]["num_windows"] > 1 and preds[0]["num_bytes"] == len(splits.test[0]["text"].encode())
    out = evaluate(spec, preds)
    page_bytes = sum(len(r["page"].encode()) for r in splits.test)  # counted on the page, as lm-eval
    assert out.metrics["bits_per_byte"] == pytest.approx(sum(p["nll"] for p in preds) / math.log(2) / page_bytes)


def test_missing_blank_and_undecodable_files(tmp_path):
    with pytest.raises(DataError, match=r"wiki.test.raw not found; unzip wikitext-2-raw-v1.zip"):
        load_dataset(wikitext_spec(tmp_path / "none"))
    (tmp_path / "wiki.test.raw").write_text(" \n \n")
    with pytest.raises(DataError, match="wiki.test.raw: the file is blank"):
        load_dataset(wikitext_spec(tmp_path))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "wiki.test.raw").write_bytes(b" = T = \n \xff\xfe text\n")
    with pytest.raises(DataError, match="wiki.test.raw: not UTF-8"):
        load_dataset(wikitext_spec(bad))
