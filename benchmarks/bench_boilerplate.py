"""Boilerplate/spam flags: quality on the labelled set and a synthetic batch, and speed.

Run: ``.venv/bin/python -m pytest benchmarks/bench_boilerplate.py -s``

Speed is a ratio against jusText classifying the same paragraphs (wrapped in ``<p>`` tags,
with the same English stop list) in the same session: jusText is the library whose ideas
the classifier reuses, and the one a user would otherwise reach for.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

from timing import mean_seconds

from polyglot_news.boilerplate import BoilerplateDetector, classify

CASES = Path(__file__).resolve().parents[1] / "tests" / "cases" / "boilerplate_labelled.jsonl"

SUBJECTS = ["The defence ministry", "A spokesman for the government", "Officials in Moscow",
            "The foreign minister", "Analysts in Beijing", "The central bank"]
VERBS = ["said on Tuesday that", "told reporters that", "announced that", "warned that"]
CLAUSES = ["joint exercises would continue next year", "trade between the two countries grew",
           "the talks had been useful and frank", "new rail links would open in the autumn",
           "the agreement would be signed in May", "the two navies would patrol together"]
RU = ["Министр заявил, что переговоры прошли успешно.", "Учения продлятся пять дней."]
ZH = ["双方表示将继续加强在各领域的务实合作。", "会议在北京举行，两国代表出席。"]
CHROME = ["Back to top", "Read more", "Share this article", "Most popular",
          "Copyright © 2024 Example News. All rights reserved.", "About Us | Contact Us | Jobs | "
          "Privacy Policy", "Sign up for our newsletter", "京ICP备12345678号", "Advertisement"]
SPAM = ["免费观看", "在线视频", "午夜影院", "成人电影", "高清下载", "亚洲精品", "无码专区"]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES)}."


def synthetic_docs(n: int, seed: int = 8) -> list[tuple[str, list[str]]]:
    """``n`` documents of our own sentences and chrome, with the true label per paragraph."""
    rng = random.Random(seed)
    docs = []
    for _ in range(n):
        paras: list[tuple[str, str]] = []
        seen: set[str] = set()
        while len(paras) < rng.randint(4, 9):
            body = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
            if rng.random() < 0.15:
                body += " " + rng.choice(RU + ZH)
            if body not in seen:  # a paragraph repeated in one page is a duplicate: flagged
                seen.add(body)
                paras.append((body, "content"))
        for _ in range(rng.randint(1, 4)):
            paras.insert(rng.randrange(len(paras) + 1), (rng.choice(CHROME), "boilerplate"))
        if rng.random() < 0.3:
            wall = "| ".join(rng.choice(SPAM) + rng.choice(SPAM) for _ in range(rng.randint(6, 20)))
            paras.append((wall, "spam"))
        docs.append(("\n\n".join(p for p, _ in paras), [label for _, label in paras]))
    return docs


def _pr(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    tp = sum(1 for t, p in pairs if t != "content" and p != "content")
    fp = sum(1 for t, p in pairs if t == "content" and p != "content")
    fn = sum(1 for t, p in pairs if t != "content" and p == "content")
    return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


def _predict(text: str, main_lang: str | None) -> str:
    chars: Counter[str] = Counter()
    for b in classify(text, main_lang=main_lang):
        chars[b.label] += len(text[b.start:b.end].strip())
    return chars.most_common(1)[0][0]


def test_quality_on_labelled_set(benchmark: Any) -> None:
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf8").splitlines() if line]
    pairs = benchmark.pedantic(
        lambda: [(c["label"], _predict(c["text"], c["main_lang"])) for c in cases],
        rounds=3, iterations=1,
    )
    precision, recall = _pr(pairs)
    exact = sum(t == p for t, p in pairs) / len(pairs)
    print(f"\nQUALITY labelled set ({len(pairs)} paragraphs): precision {precision:.3f}, "
          f"recall {recall:.3f}, exact label {exact:.3f}")
    benchmark.extra_info.update(precision=precision, recall=recall, exact=exact)


def test_quality_on_synthetic_batch() -> None:
    pairs = []
    for text, truth in synthetic_docs(300, seed=11):
        blocks = [b for b in classify(text) if text[b.start:b.end].strip()]
        assert len(blocks) == len(truth)
        pairs.extend(zip(truth, (b.label for b in blocks), strict=True))
    precision, recall = _pr(pairs)
    print(f"\nQUALITY synthetic batch ({len(pairs)} paragraphs): precision {precision:.3f}, "
          f"recall {recall:.3f}")


def test_speed_against_justext(benchmark: Any) -> None:
    import justext

    docs = [text for text, _ in synthetic_docs(200)]
    n_paras = sum(text.count("\n\n") + 1 for text in docs)
    stoplist = justext.get_stoplist("English")
    html = [("<html><body>" + "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
             + "</body></html>").encode("utf8") for text in docs]
    rounds = 3

    def ours() -> None:
        for text in docs:
            classify(text, main_lang="en")

    def baseline() -> None:
        for page in html:
            justext.justext(page, stoplist)

    baseline()  # warm both up: stop lists, regex compilation, lxml
    ours()
    benchmark.pedantic(ours, rounds=rounds, iterations=1)
    base = mean_seconds(baseline, rounds)
    mine = benchmark.stats.stats.mean
    ratio = mine / base
    print(f"\nSPEED classify: {n_paras / mine:,.0f} paragraphs/s; jusText: {n_paras / base:,.0f}"
          f" paragraphs/s")
    print(f"RATIO boilerplate_vs_justext: {ratio:.2f} (target <= 1.0)")
    benchmark.extra_info.update(ratio=ratio, paragraphs_per_second=n_paras / mine)


def test_speed_of_batch_detector(benchmark: Any) -> None:
    docs = [text for text, _ in synthetic_docs(200, seed=3)]
    n_paras = sum(text.count("\n\n") + 1 for text in docs)
    rounds = 3

    def stateless() -> None:
        for text in docs:
            classify(text, main_lang="en")

    def batch() -> None:
        det = BoilerplateDetector()
        for text in docs:
            det.classify(text, main_lang="en")

    stateless()
    benchmark.pedantic(batch, rounds=rounds, iterations=1)
    base = mean_seconds(stateless, rounds)
    ratio = benchmark.stats.stats.mean / base
    print(f"\nSPEED detector: {n_paras / benchmark.stats.stats.mean:,.0f} paragraphs/s")
    print(f"RATIO detector_vs_stateless: {ratio:.2f} (target <= 1.2)")
    benchmark.extra_info.update(ratio=ratio)
