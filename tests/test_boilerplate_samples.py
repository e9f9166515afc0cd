"""Boilerplate flags on the five real articles in ../shared/samples, labelled by hand.

Each paragraph (or part of one) is identified by a few distinctive words, never copied
whole. A string expectation holds for every occurrence of the words; a list gives one
label per occurrence, in order. "flagged" means boilerplate or spam. Paragraphs not listed
are not asserted (e.g. the "China Daily / Reuters" credit line of 003: either is fine).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot_news.boilerplate import Block, classify

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"

Expect = dict[str, str | list[str]]

C, B, S = "content", "boilerplate", "spam"

EXPECTED: dict[str, Expect] = {
    "000_1e9e110d65d44926.txt": {
        "date 2021-09-24": B,  # scraper date stamp before the photo caption
        "Li Zuocheng (2nd L": C,
        "ORENBURG, Russia": C,
        "training range.": C,
        "Since its establishment": C,
        "In addition, participants": C,
        "On the same day": C,
    },
    "001_7f4bb0f97d81d91b.txt": {
        "1. LINE": B,
        "Text:AAAPrint": B,
        "Military\n\n": B,
        "mutual trust improving": C,  # the headline
        "Editor : Li Yan": B,
        "The fruitful visit": C,
        "Li made the visit": C,
        "Through sincere and friendly": C,
        "Emphasizing the significance": C,
        "candid, in-depth": C,
        "They agreed to fully": C,
        "The two sides also had": C,
        "opposes \"Taiwan": C,
        "Global Security Initiatives": C,
        "would strengthen exchanges": C,
        "new and greater contributions": C,
        "MorePhoto": B,
        "Most popular in 24h": B,
        "MoreTop news": B,
        "MoreVideo": B,
        "Back to top": B,
        "Privacy Policy": B,
        "All rights reserved": B,
        "Reproduction in whole": B,
        "ICP": B,
        "公網安備": B,
        "主站蜘蛛池": S,
        "香蕉免费播放": S,
    },
    "002_71e2ad8c7cf59019.txt": {
        "strengthen military relations\n": C,  # the headline
        "Xu Qiliang": C,
        "all time high": C,
        "positive growth": C,
        "Shoygu said Russia prioritizes": C,
        "jointly address new security threats": C,
        "Qingdao institute": B,  # related headlines after the article
        "lotus blooming": B,
        "power banks": B,
        "Sinochem": B,
        "Sihang Warehouse": B,
        "wooden artifacts": B,
    },
    "003_9462a7c970347f96.txt": {
        "×": B,
        "ad-free content": B,
        "disabled all ads": B,
        "fill the gap": B,
        "Support us\n": B,
        "banned in Russia": B,
        "Promote Peace": C,  # the headline
        "Joint military drills": C,
        "Speaking at a meeting": C,
        "readiness to defend peace": C,
        "an absolute priority": C,
        "formal military alliance": C,
        "Read more": B,  # the inline promo link and the last line
        "A Message from": B,
        "Dear readers": B,
        "unprecedented challenges": B,
        "silence independent journalism": B,
        "refuse to be silenced": B,
        "no matter how small": B,
        "standing with us": B,
        "Monthly": B,
        "Remind me later": B,
    },
    "004_80ea79b3f3bb210f.txt": {
        "date 2023-11-10 Home": B,  # date stamp and breadcrumb
        "are committed to sticking": [C, B],  # the second copy is a duplicate
        "has shown the firm resolve": C,
        "Interaction-2022": C,
        "geopolitical landscape": C,
        "please visit the ABC": B,  # closing promotion sentence
    },
}


def _block_at(blocks: list[Block], pos: int) -> Block:
    return next(b for b in blocks if b.start <= pos < b.end)


def _occurrences(text: str, words: str) -> list[int]:
    found, pos = [], text.find(words)
    while pos != -1:
        found.append(pos)
        pos = text.find(words, pos + 1)
    return found


@pytest.mark.samples
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_paragraphs_are_kept_or_flagged(samples_dir: Path, name: str) -> None:
    path = samples_dir / name
    if not path.is_file():
        pytest.skip(f"{name} is not in {samples_dir}")
    text = path.read_text(encoding="utf8")
    blocks = classify(text)
    wrong = []
    for words, expected in EXPECTED[name].items():
        places = _occurrences(text, words)
        assert places, f"{name}: {words!r} not found; update the expectation"
        wanted = expected if isinstance(expected, list) else [expected] * len(places)
        assert len(wanted) == len(places), f"{name}: {words!r} occurs {len(places)} times"
        for pos, want in zip(places, wanted, strict=True):
            got = _block_at(blocks, pos)
            if got.label != want:
                wrong.append(f"{words!r}: expected {want}, got {got.label} ({got.reason})")
    assert not wrong, f"{name}:\n" + "\n".join(wrong)


@pytest.mark.samples
def test_samples_tile_and_are_deterministic(samples_dir: Path) -> None:
    for path in sorted(samples_dir.glob("*.txt")):
        text = path.read_text(encoding="utf8")
        blocks = classify(text)
        assert "".join(text[b.start:b.end] for b in blocks) == text
        assert blocks == classify(text)


@pytest.mark.samples
def test_sample_001_spam_wall_is_its_own_block(samples_dir: Path) -> None:
    path = samples_dir / "001_7f4bb0f97d81d91b.txt"
    if not path.is_file():
        pytest.skip("001 is absent")
    text = path.read_text(encoding="utf8")
    spam = [b for b in classify(text) if b.label == "spam"]
    assert len(spam) == 1
    assert spam[0].code == "keyword-list"
    assert text[spam[0].start:spam[0].end].lstrip().startswith("主站蜘蛛池")
    # the copyright/licence lines of the same paragraph are boilerplate, not spam
    before = _block_at(classify(text), text.index("All rights reserved"))
    assert before.label == "boilerplate" and before.end <= spam[0].start
