"""The shipped glossary's coverage of its beat (issue 17) and the sourcing rules of its entries.

docs/glossary.md ("What the shipped glossary covers") states these; the tests keep a later
edit from dropping below them.
"""

from __future__ import annotations

from collections import Counter

import pytest

from polyglot_news.glossary import Glossary, normalize


def test_shipped_glossary_covers_the_beat() -> None:
    types = Counter(entry.type for entry in Glossary.default())
    assert sum(types.values()) >= 300, types
    assert types["person"] >= 120, types
    for kind in ("org", "title", "rank", "place", "event"):
        assert types[kind] >= 10, types


def test_every_shipped_entry_says_where_its_forms_come_from() -> None:
    missing = [entry.id for entry in Glossary.default() if not entry.sources]
    assert missing == []


def test_every_uncertain_rendering_is_explained() -> None:
    glossary = Glossary.default()
    unexplained = [e.id for e in glossary if e.uncertain and not (e.notes and e.notes.strip())]
    assert unexplained == []
    for entry in glossary:
        assert set(entry.uncertain) <= {"en", "zh", "ru"}, entry.id


def test_people_of_the_two_states_carry_their_state() -> None:
    glossary = Glossary.default()
    for entry_id, army in [
        ("dong_jun", "PLA"),
        ("he_weidong", "PLA"),
        ("nikolai_makarov", "RU"),
        ("igor_kostyukov", "RU"),
        ("kassym_jomart_tokayev", None),
    ]:
        assert glossary.get(entry_id).army == army, entry_id


def test_ranks_keep_their_own_ladder() -> None:
    glossary = Glossary.default()
    pla = glossary.get("r_pla_vice_admiral")
    ru = glossary.get("r_ru_vice_admiral")
    assert (pla.army, ru.army) == ("PLA", "RU")
    assert "ru" in pla.render_only and "zh" in ru.render_only


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # another country's exercise: the bare series name is output only
        ("中美海上联合搜救演习", "zh"),
        ("联合国和平使命", "zh"),
        ("a UN Peace Mission in Mali", "en"),
        ("морское взаимодействие двух флотов", "ru"),  # unquoted: an ordinary phrase
    ],
)
def test_bare_exercise_series_names_are_left_alone(text: str, lang: str) -> None:
    result = normalize(text, lang=lang)
    assert result.text == text
    series = ("e_joint_sea", "e_peace_mission")
    assert not any(c.entry_id.startswith(series) for c in result.changes)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # two renderings are in use: the variant becomes the short form
        ("马卡洛夫表示", "zh", "马卡罗夫表示"),
        ("the Joint Sea 2015 drills", "en", "the Joint Sea-2015 drills"),
        ("«Морского взаимодействия — 2015»", "ru", "«Морского взаимодействия-2015»"),
        ("the Eastern Theatre Command said", "en", "the Eastern Theater Command said"),
    ],
)
def test_sourced_variants_normalize(text: str, lang: str, expected: str) -> None:
    assert normalize(text, lang=lang).text == expected
