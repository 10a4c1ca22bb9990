import pytest

from opencompass_lite.errors import ConfigError
from opencompass_lite.summarize import GroupSpec, SummarizerSpec, summarizer_from_config
from opencompass_lite.summarize.spec import check_summarizer, dependency_order

WHERE = "configs/eval_demo.py: summarizer"


def test_converts_opencompass_style_dict():
    spec = summarizer_from_config(dict(
        dataset_abbrs=["ceval", ["ceval-law", "accuracy"], ("ceval-logic", "accuracy")],
        summary_groups=[
            dict(name="ceval", subsets=["ceval-law", "ceval-logic"]),
            dict(name="w", subsets=["ceval-law", ("ceval-logic", "bleu")], weights={"ceval-law": 2, "ceval-logic@bleu": 1}),
            dict(name="n", subsets=("ceval-law",), weighted=True),
        ]), WHERE)
    assert spec.dataset_abbrs == ("ceval", ("ceval-law", "accuracy"), ("ceval-logic", "accuracy"))
    assert spec.summary_groups == (
        GroupSpec("ceval", ("ceval-law", "ceval-logic")),
        GroupSpec("w", ("ceval-law", ("ceval-logic", "bleu")), weights=(("ceval-law", 2.0), ("ceval-logic@bleu", 1.0))),
        GroupSpec("n", ("ceval-law",), weighted=True),
    )
    assert [g.metric for g in spec.summary_groups] == ["naive_average", "weighted_average", "weighted_average"]


def test_empty_dict_shows_everything():
    assert summarizer_from_config({}, WHERE) == SummarizerSpec(dataset_abbrs=None, summary_groups=())


def _group(**kw):
    return dict(summary_groups=[dict(name="g", subsets=["a", "b"], **kw)])


BAD = [
    ([], "summarizer must be a dict, got list"),
    (dict(type="DefaultSummarizer"), "summarizer.type: unknown key"),
    (dict(dataset_abbrs="ceval"), "summarizer.dataset_abbrs must be a non-empty list"),
    (dict(dataset_abbrs=["a", 3]), "summarizer.dataset_abbrs[1] must be an abbr or an (abbr, metric) pair"),
    (dict(dataset_abbrs=[("a", "b", "c")]), "summarizer.dataset_abbrs[0] must be an abbr"),
    (dict(dataset_abbrs=[""]), "summarizer.dataset_abbrs[0] must be an abbr"),
    (dict(summary_groups=dict(name="g")), "summarizer.summary_groups must be a list of dicts"),
    (dict(summary_groups=["g"]), "summarizer.summary_groups[0] must be a dict"),
    (dict(summary_groups=[dict(name="g", subsets=["a"], std=True)]), "summarizer.summary_groups[0].std: unknown key"),
    (dict(summary_groups=[dict(subsets=["a"])]), "summary_groups[0]: missing required key 'name'"),
    (dict(summary_groups=[dict(name="", subsets=["a"])]), "summary_groups[0].name must be a non-empty string"),
    (dict(summary_groups=[dict(name="g")]), "summary_groups[0]: missing required key 'subsets'"),
    (dict(summary_groups=[dict(name="g", subsets="a")]), "summary_groups[0].subsets must be a non-empty list"),
    (dict(summary_groups=[dict(name="g", subsets=[])]), "summary_groups[0].subsets must be a non-empty list"),
    (dict(summary_groups=[dict(name="g", subsets=[1])]), "summary_groups[0].subsets[0] must be an abbr"),
    (_group(weighted="yes"), "summary_groups[0].weighted must be True or False"),
    (_group(weights=["a", "b"]), "summary_groups[0].weights must map subset abbrs to numbers"),
    (_group(weights=dict(a=True, b=1)), "summary_groups[0].weights must map subset abbrs to numbers"),
    (_group(weights=dict(a=1)), "weights miss subset 'b'"),
    (_group(weights=dict(a=1, b=1, c=1)), "weights name 'c', which is not a subset"),
    (_group(weights=dict(a=1, b=-1)), "weights must be >= 0 with a positive sum"),
    (_group(weights=dict(a=0, b=0)), "weights must be >= 0 with a positive sum"),
    (_group(weights=dict(a=1, b=1), weighted=True), "sets both weights and weighted=True"),
    (dict(summary_groups=[dict(name="g", subsets=["a", "a"])]), "lists subset 'a' twice"),
    (dict(summary_groups=[dict(name="g", subsets=["a"]), dict(name="g", subsets=["b"])]),
     "summary_groups[1] 'g' repeats a group name"),
    (dict(summary_groups=[dict(name="g", subsets=["g"])]), "summarizer.summary_groups: groups contain themselves (g -> g)"),
    (dict(summary_groups=[dict(name="x", subsets=["y"]), dict(name="y", subsets=["z"]), dict(name="z", subsets=["x"])]),
     "contain themselves (x -> y -> z -> x)"),
    (dict(summary_groups=[dict(name="g", subsets=["a"]), dict(name="h", subsets=[("g", "accuracy")])]),
     "asks for metric 'accuracy' of group 'g'"),
    (dict(dataset_abbrs=[("g", "accuracy")], summary_groups=[dict(name="g", subsets=["a"])]),
     "summarizer.dataset_abbrs asks for metric 'accuracy' of group 'g'"),
]


@pytest.mark.parametrize(("cfg", "message"), BAD)
def test_bad_configs_name_where_and_key(cfg, message):
    with pytest.raises(ConfigError) as e:
        summarizer_from_config(cfg, WHERE)
    assert str(e.value).startswith(WHERE)
    assert message in str(e.value)
    assert "; " in str(e.value)  # says what to do


def test_group_metric_pair_matching_group_metric_is_accepted():
    spec = summarizer_from_config(dict(dataset_abbrs=[("g", "naive_average")],
                                       summary_groups=[dict(name="g", subsets=["a"])]), WHERE)
    assert spec.dataset_abbrs == (("g", "naive_average"),)


def test_dependency_order_puts_contained_groups_first():
    top = GroupSpec("all", ("stem", "x"))
    stem = GroupSpec("stem", ("a", "b"))
    assert [g.name for g in dependency_order([top, stem], WHERE)] == ["stem", "all"]


def test_specs_built_in_python_are_checked_too():
    spec = SummarizerSpec(summary_groups=(GroupSpec("g", ("a",), weights=(("b", 1.0),)),))
    with pytest.raises(ConfigError, match="weights name 'b'"):
        check_summarizer(spec, "summarizer")
