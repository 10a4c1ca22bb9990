"""Write small SYNTHETIC fixtures for the standard suites in OpenCompass's on-disk layouts.

    python tools/make_fixtures.py [--out tests/fixtures]

One folder per family (cmmlu, agieval, gaokao, ARC, hellaswag, race, BBH, gsm8k, math, triviaqa,
truthfulqa, wikitext), each laid out like the folder its configs point at under ``data/`` and holding a
``NOTICE.txt``. Questions are project-made arithmetic with consistent answers, every one marked
``[synthetic]`` / ``【合成题】``; none comes from a real benchmark. Output is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTICE = ("Synthetic test fixture written by tools/make_fixtures.py in OpenCompass's layout for {name}. "
          "NOT real benchmark questions; see docs/datasets.md for the real data.\n")
Files = dict[str, str]  # relative path -> text


def sum_item(key: str, n_options: int = 4, zh: bool = False) -> tuple[str, list[str], int]:
    """A question ``a + b``, its options (distinct numbers) and the index of the right one."""
    rng = random.Random(key)
    a, b = rng.randint(2, 60), rng.randint(2, 60)
    wrong = rng.sample([a + b + d for d in (-11, -3, -2, -1, 1, 2, 3, 7, 13)], n_options - 1)
    right = rng.randrange(n_options)
    options = [str(v) for v in wrong]
    options.insert(right, str(a + b))
    question = f"【合成题】{a}加{b}等于多少？" if zh else f"[synthetic] What is {a} plus {b}?"
    return question, options, right


def jsonl(records: list[object]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def cmmlu() -> Files:
    files = {}
    for subject in ("agronomy", "anatomy"):
        for split, n in (("dev", 5), ("test", 3)):
            out = io.StringIO()
            w = csv.writer(out, lineterminator="\n")
            w.writerow(["", "Question", "A", "B", "C", "D", "Answer"])
            for i in range(n):
                q, opts, right = sum_item(f"cmmlu/{subject}/{split}/{i}", zh=True)
                w.writerow([i, q, *opts, "ABCD"[right]])
            files[f"{split}/{subject}.csv"] = out.getvalue()
    return files


def agieval() -> Files:
    def choice(subset: str, i: int, multi: bool, zh: bool) -> dict:
        q, opts, right = sum_item(f"agieval/{subset}/{i}", zh=zh)
        labels = ["ABCD"[right]] + (["ABCD"[(right + 2) % 4]] if multi else [])
        if multi:  # two options hold the sum, written differently
            opts[(right + 2) % 4] = f"{int(opts[right])}.0"
        return {"passage": "[synthetic passage] " if i == 0 else None, "question": q,
                "options": [f"({letter}){o}" for letter, o in zip("ABCD", opts, strict=True)],
                "label": sorted(labels) if multi else labels[0], "answer": None, "other": None}

    def cloze(i: int) -> dict:
        a, b = 2 + i, 5 + 2 * i
        return {"passage": None, "question": f"[synthetic] Simplify $\\frac{{{a}}}{{{b}}} + \\frac{{{a}}}{{{b}}}$.",
                "options": None, "label": None, "answer": f"\\frac{{{2 * a}}}{{{b}}}", "other": None}

    return {"lsat-ar.jsonl": jsonl([choice("lsat-ar", i, False, False) for i in range(3)]),
            "logiqa-zh.jsonl": jsonl([choice("logiqa-zh", i, False, True) for i in range(3)]),
            "jec-qa-kd.jsonl": jsonl([choice("jec-qa-kd", i, True, True) for i in range(3)]),
            "math.jsonl": jsonl([cloze(i) for i in range(2)])}


def gaokao() -> Files:
    def sub_questions(key: str, n: int) -> tuple[str, list[str]]:
        texts, letters = [], []
        for k in range(n):
            q, opts, right = sum_item(f"{key}/{k}", zh=True)
            texts.append(f"（{k + 1}）{q}" + "".join(f"{x}．{o} " for x, o in zip("ABCD", opts, strict=True)))
            letters.append("ABCD"[right])
        return "\n".join(texts), letters

    def multi_answer(key: str) -> tuple[str, list[str]]:  # two options hold the sum, written differently
        q, opts, right = sum_item(key, zh=True)
        other = (right + 2) % 4
        opts[other] = f"{opts[right]}.0"
        text = q + "".join(f"{x}．{o} " for x, o in zip("ABCD", opts, strict=True))
        return text, ["".join(sorted("ABCD"[right] + "ABCD"[other]))]

    def five_of_seven(key: str) -> tuple[str, list[str]]:
        rng = random.Random(key)
        pairs = [(rng.randint(2, 40), rng.randint(2, 40)) for _ in range(5)]
        sums = [a + b for a, b in pairs]
        options = sorted({*sums, max(sums) + 1, max(sums) + 2})[:7]
        blanks = " ".join(f"({k + 1}) {a}+{b}=___" for k, (a, b) in enumerate(pairs))
        text = f"【合成题】{blanks} " + " ".join(f"{'ABCDEFG'[k]}. {v}" for k, v in enumerate(options))
        return text, ["ABCDEFG"[options.index(v)] for v in sums]

    makers = {"2010-2022_Math_II_MCQs": (lambda key: sub_questions(key, 1), 3),
              "2010-2022_Physics_MCQs": (multi_answer, 2),
              "2010-2022_Chinese_Modern_Lit": (lambda key: sub_questions(key, 3), 2),
              "2012-2022_English_Cloze_Test": (five_of_seven, 1)}
    files = {}
    for keyword, (make, n) in makers.items():
        examples = []
        for i in range(n):
            text, answer = make(f"gaokao/{keyword}/{i}")
            examples.append({"year": "2010", "category": "（合成卷）", "score": 5 * len(answer), "question": text,
                             "answer": answer, "analysis": "合成题，无解析。", "index": i})
        files[f"Multiple-choice_Questions/{keyword}.json"] = json.dumps(
            {"keywords": keyword, "example": examples}, ensure_ascii=False, indent=1) + "\n"
    return files


def arc() -> Files:
    def record(name: str, split: str, i: int) -> dict:
        n = 3 if i == 3 else 4  # OpenCompass skips questions without four choices
        q, opts, right = sum_item(f"arc/{name}/{split}/{i}", n_options=n)
        labels = "1234" if i == 2 else "ABCD"  # a few ARC questions label choices 1-4
        return {"id": f"Synthetic_{split}_{i}", "question": {"stem": q, "choices": [
            {"text": o, "label": labels[k]} for k, o in enumerate(opts)]}, "answerKey": labels[right]}

    return {f"{folder}/{name}-{split}.jsonl": jsonl([record(name, split, i) for i in range(4)])
            for folder, name in (("ARC-c", "ARC-Challenge"), ("ARC-e", "ARC-Easy")) for split in ("Dev", "Test")}


def hellaswag() -> Files:
    def record(split: str, i: int) -> dict:
        q, opts, right = sum_item(f"hellaswag/{split}/{i}")
        sentence = q.replace("What is ", "").removesuffix("?")
        return {"query": f"Synthetic arithmetic: {sentence} equals", "choices": opts, "gold": right}

    return {"hellaswag.jsonl": jsonl([record("val", i) for i in range(4)]),
            "hellaswag_train_sampled25.jsonl": jsonl([record("train", i) for i in range(3)])}


def race() -> Files:
    def record(key: str) -> dict:
        q, opts, right = sum_item(key)
        return {"article": f"[synthetic article] Tom writes down a sum. {q}", "question": "What does Tom get?",
                "options": opts, "answer": "ABCD"[right], "id": key}

    return {f"{split}/{level}.jsonl": jsonl([record(f"race/{split}/{level}/{i}") for i in range(2)])
            for split in ("validation", "test") for level in ("middle", "high")}


def bbh() -> Files:
    def mcq(i: int) -> tuple[str, str]:
        q, opts, right = sum_item(f"bbh/mcq/{i}")
        return q + "\nOptions:\n" + "\n".join(f"({'ABCD'[k]}) {o}" for k, o in enumerate(opts)), f"({'ABCD'[right]})"

    def boolean(i: int) -> tuple[str, str]:
        a, b = [(True, False), (False, False), (True, True), (False, True)][i % 4]
        return f"{a} and not {b} is", str(a and not b)

    files = {}
    for task, item, closing in (("temporal_sequences", mcq, "the answer is {t}."),
                                ("boolean_expressions", boolean, "the answer is {t}.")):
        shots = [item(100 + k) for k in range(3)]
        prompt = "[synthetic] Solve the task.\n\n" + "\n\n".join(
            f"Q: {q}\nA: Let's think step by step.\nWork it out. So {closing.format(t=t)}" for q, t in shots)
        files[f"lib_prompt/{task}.txt"] = prompt
        examples = [dict(zip(("input", "target"), item(i), strict=True)) for i in range(3)]
        files[f"data/{task}.json"] = json.dumps({"canary": "synthetic", "examples": examples}, indent=1) + "\n"
    return files


def gsm8k() -> Files:
    def record(split: str, i: int) -> dict:
        rng = random.Random(f"gsm8k/{split}/{i}")
        a, b, c = rng.randint(2, 30), rng.randint(2, 9), rng.randint(1, 20)
        return {"question": f"[synthetic] Ann has {a} boxes with {b} pens each and gives away {c} pens. "
                            "How many pens does she keep?",
                "answer": f"She has {a}*{b}=<<{a}*{b}={a * b}>>{a * b} pens.\nShe keeps {a * b}-{c}="
                          f"<<{a * b}-{c}={a * b - c}>>{a * b - c} pens.\n#### {a * b - c}"}

    return {"train.jsonl": jsonl([record("train", i) for i in range(8)]),
            "test.jsonl": jsonl([record("test", i) for i in range(3)])}


def math_() -> Files:
    problems = {
        "0": ("What is $\\frac{1}{2} + \\frac{1}{3}$?", "We get $\\frac{3}{6}+\\frac{2}{6}=\\boxed{\\frac{5}{6}}$."),
        "1": ("Solve $2x + 3 = 11$.", "So $x = \\boxed{4}$."),
        "2": ("What is $\\sqrt{49}$ in centimeters?", "It is $\\boxed{7\\text{ cm}}$."),
        "3": ("Find the interval where $x^2 < 4$.", "The answer is $\\boxed{\\left(-2, 2\\right)}$."),
    }
    data = {k: {"problem": f"[synthetic] {p}", "level": "Level 1", "type": "Algebra", "solution": s}
            for k, (p, s) in problems.items()}
    return {"math.json": json.dumps(data, indent=1) + "\n"}


def triviaqa() -> Files:
    dev = [("[synthetic] Which city is the capital of France", ["Paris", "Paris, France", "City of Light"]),
           ("[synthetic] How many legs does a spider have", ["8", "eight"]),
           ("[synthetic] What colour do you get mixing blue and yellow", ["Green", "green colour"])]
    test = [("[synthetic] What is frozen water called", [["Ice", "ice"]]),
            ("[synthetic] Which planet is known as the red planet", [["Mars"]])]
    return {f"trivia-{split}.qa.csv": "".join(f"{q}\t{a!r}\n" for q, a in rows) for split, rows in
            (("dev", dev), ("test", test))}


def truthfulqa() -> Files:
    def record(i: int, n1: int, n2: int) -> dict:
        q, opts, idx = sum_item(f"truthfulqa/{i}", n_options=4)
        right = opts[idx]
        wrong = [o for o in opts if o != right]
        mc1 = {f"It is {right}.": 1, **{f"It is {w}.": 0 for w in wrong[: n1 - 1]}}
        mc2 = {f"It is {right}.": 1, f"The sum is {right}.": 1, **{f"It is {w}.": 0 for w in wrong[: n2 - 2]}}
        return {"question": q, "mc1_targets": mc1, "mc2_targets": mc2}

    return {"mc_task.json": json.dumps([record(0, 4, 5), record(1, 2, 3), record(2, 3, 4)], indent=1) + "\n"}


WIKI_SENTENCES = (
    "In {year} , the [synthetic] town of Sumford counted {a} @,@ {b:03d} residents .",
    "Its {a} @-@ member council met {b} times that year , mostly in the old hall .",
    "The river is {a} @.@ {b} km long and freezes in winter ( usually in January ) .",
    "Locals call the bridge \" the {a} steps \" because {a} plus {b} is {s} .",
    "The mayor 's office reported {s} new houses ; {b} of them were built of stone .",
)


def wikitext() -> Files:
    """Articles in WikiText's raw layout: ' = Title = ' lines, ' = = Section = = ' headings, blank
    lines written ' ', punctuation spaced and numbers split with @,@ / @-@ / @.@ as in the real files."""
    def paragraph(key: str, n: int) -> str:
        rng = random.Random(key)
        sentences = []
        for _ in range(n):
            a, b = rng.randint(2, 60), rng.randint(2, 60)
            sentences.append(rng.choice(WIKI_SENTENCES).format(a=a, b=b, s=a + b, year=rng.randint(1850, 1999)))
        return " " + " ".join(sentences) + " "

    def article(k: int, sections: int) -> list[str]:
        lines = [f" = Synthetic Town {k} = ", " ", paragraph(f"wikitext/{k}/intro", 4), " "]
        for j in range(sections):
            lines += [f" = = Section {j + 1} = = ", " ", paragraph(f"wikitext/{k}/{j}/a", 6), " ",
                      paragraph(f"wikitext/{k}/{j}/b", 5), " "]
        return lines

    lines = [" ", *article(1, 4), *article(2, 0), *article(3, 1)]
    return {"wikitext-2-raw/wiki.test.raw": "\n".join(lines) + "\n"}


FAMILIES: dict[str, Callable[[], Files]] = {
    "cmmlu": cmmlu, "agieval": agieval, "gaokao": gaokao, "ARC": arc, "hellaswag": hellaswag, "race": race,
    "BBH": bbh, "gsm8k": gsm8k, "math": math_, "triviaqa": triviaqa, "truthfulqa": truthfulqa,
    "wikitext": wikitext,
}


def write(out: Path) -> int:
    """Write every family under ``out/<family>/``; returns the number of files."""
    count = 0
    for name, make in FAMILIES.items():
        for rel, text in {**make(), "NOTICE.txt": NOTICE.format(name=name)}.items():
            path = out / name / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=REPO / "tests" / "fixtures")
    args = p.parse_args(argv)
    print(f"wrote {write(args.out)} synthetic fixture files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
