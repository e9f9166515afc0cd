"""The compiled glossary cache: reused across processes, rebuilt when damaged, optional."""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from polyglot_news.glossary import Glossary, compiled, normalize

_LAYER = """kind: people
languages: [en, ru]
entries:
  - id: cache_ivan_petrov
    type: person
    canonical: {en: Ivan Petrov, ru: Иван Петров}
    variants:
      en: [Iwan Petroff, I. Petrov]
  - id: cache_ilya_petrov
    type: person
    canonical: {en: Ilya Petrov, ru: Илья Петров}
    variants:
      en: [Ilja Petrov, I. Petrov]
"""

_TEXT = (
    "Iwan Petroff met Sergey Shoygu. I. Petrov spoke.\n\n"
    "Ивана Петрова видели с Шойгу.\n\n紹伊古会见了中国国防部长。"
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of its own, used whatever the size of the glossary."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(compiled.CACHE_ENV, str(directory))
    monkeypatch.setattr(compiled, "MIN_CACHED_CHARS", 0)
    monkeypatch.setattr(compiled, "_WARNED", set())
    return directory


@pytest.fixture
def layer(tmp_path: Path) -> Path:
    path = tmp_path / "layer" / "people.yaml"
    path.parent.mkdir()
    path.write_text(_LAYER, encoding="utf-8")
    return path


def _in_memory(layer: Path) -> Glossary:
    from polyglot_news.glossary.loader import load_files

    return Glossary.from_entries(load_files([layer]))


def _use(glossary: Glossary) -> tuple[object, ...]:
    for lang in ("en", "ru", "zh"):
        glossary.matcher(lang)
    return normalize(_TEXT, glossary=glossary).changes


def test_second_load_comes_from_the_cache_and_normalizes_the_same(cache: Path, layer: Path) -> None:
    first = Glossary.load([layer])
    assert first._ids is None  # parsed
    expected = _use(first)
    assert sorted(p.suffix for p in cache.iterdir()) == [".en", ".entries", ".ru", ".zh"]
    second = Glossary.load([layer])
    assert second._ids is not None  # opened from the cache, nothing parsed
    assert _use(second) == expected == _use(_in_memory(layer))
    assert second.get("cache_ivan_petrov") == _in_memory(layer).get("cache_ivan_petrov")
    assert len(second) == len(first) and "cache_ilya_petrov" in second
    assert second.entries == first.entries
    assert not list(cache.glob(".*"))  # no temporary file left behind


def test_a_cached_glossary_decodes_only_the_type_asked_for(cache: Path, layer: Path) -> None:
    # the ladder rule lists the ranks on the first rank hit: with 100,000 people in a layer,
    # decoding every entry for that took over a second
    Glossary.load([layer])
    cached = Glossary.load([layer])
    assert cached._ids is not None
    ranks = cached.of_type("rank")
    assert ranks and {e.type for e in ranks} == {"rank"}
    assert not any(entry_id.startswith("cache_") for entry_id in cached._by_id)
    assert ranks == tuple(e for e in _in_memory(layer) if e.type == "rank")
    assert cached.of_type("person") == tuple(e for e in _in_memory(layer) if e.type == "person")


def test_an_edited_file_is_a_new_key(cache: Path, layer: Path) -> None:
    Glossary.load([layer]).matcher("en")
    layer.write_text(_LAYER.replace("Iwan Petroff", "Iwan Petrof"), encoding="utf-8")
    glossary = Glossary.load([layer])
    assert normalize("Iwan Petrof", glossary=glossary).text == "Ivan Petrov"
    assert normalize("Iwan Petroff", glossary=glossary).text == "Iwan Petroff"


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "garbage"])
def test_a_damaged_cache_file_is_ignored_with_one_warning_and_rebuilt(
    cache: Path, layer: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    expected = _use(Glossary.load([layer]))
    for path in sorted(cache.iterdir()):
        data = path.read_bytes()
        if damage == "truncate":
            data = data[: len(data) // 2]
        elif damage == "flip":  # one bit near the end (in a blob read record by record)
            i = len(data) - 3
            data = data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]
        elif damage == "empty":
            data = b""
        else:
            data = b"PNGLOSS\x00" + b"\x01" * 64
        path.write_bytes(data)
    with caplog.at_level(logging.WARNING, logger="polyglot_news"):
        again = Glossary.load([layer])
        changes = _use(again)
        _use(Glossary.load([layer]))
    warned = [r for r in caplog.records if "glossary cache" in r.getMessage()]
    assert len(warned) == 4  # once per file, not once per load
    assert changes == expected
    assert Glossary.load([layer])._ids is not None  # rebuilt: read from the cache again


def test_no_writable_cache_directory_still_works(
    tmp_path: Path, layer: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be\n")
    monkeypatch.setenv(compiled.CACHE_ENV, str(blocker / "cache"))
    monkeypatch.setattr(compiled, "MIN_CACHED_CHARS", 0)
    monkeypatch.setattr(compiled, "_WARNED", set())
    with caplog.at_level(logging.WARNING, logger="polyglot_news"):
        glossary = Glossary.load([layer])
        assert _use(glossary) == _use(_in_memory(layer))
    assert sum("not writable" in r.getMessage() for r in caplog.records) == 1


def test_cache_off_writes_nothing(
    tmp_path: Path, layer: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(compiled.CACHE_ENV, "off")
    monkeypatch.setattr(compiled, "MIN_CACHED_CHARS", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _use(Glossary.load([layer])) == _use(_in_memory(layer))
    assert not (tmp_path / "xdg").exists()


def test_small_glossaries_are_not_cached(
    tmp_path: Path, layer: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(compiled.CACHE_ENV, str(tmp_path / "cache"))
    Glossary.load([layer]).matcher("en")
    assert not (tmp_path / "cache").exists()


def test_a_cached_glossary_pickles(cache: Path, layer: Path) -> None:
    Glossary.load([layer]).matcher("en")
    glossary = Glossary.load([layer])
    copy = pickle.loads(pickle.dumps(glossary))
    assert _use(copy) == _use(glossary)


_SMALL_CACHED = "import polyglot_news.glossary.compiled as c\nc.MIN_CACHED_CHARS = 0"
_CHILD = """
import sys
from polyglot_news.glossary import Glossary, normalize
g = Glossary.load([sys.argv[1]])
print(normalize(sys.argv[2], glossary=g).text)
"""


def test_concurrent_processes_build_and_share_one_cache(cache: Path, layer: Path) -> None:
    """Processes that build the same cache at once each write a whole file (renamed into
    place), so every one of them, and a later one, reads a complete cache."""
    env = {**os.environ, compiled.CACHE_ENV: str(cache)}
    code = _CHILD.replace(
        "import sys",
        "import sys\nimport polyglot_news.glossary.compiled as c\nc.MIN_CACHED_CHARS = 0",
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(layer), "Iwan Petroff, Ивана Петрова"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    assert {out for out, _ in outs} == {"Ivan Petrov, Ивана Петрова\n"}
    assert not any("Warning" in err or "ignored" in err for _, err in outs)
    assert Glossary.load([layer])._ids is not None


def test_a_hit_that_fails_its_token_boundary_decodes_nothing() -> None:
    from polyglot_news.glossary.model import Entry

    glossary = Glossary.from_entries([Entry("ford_org", "org", {"en": "Ford"}, variants={})])
    matcher = glossary.matcher("en")
    text = "Fordham and Oxford, Fordism."
    assert matcher.hits(text, text.lower()) == []
    assert matcher._decoded == {}  # every automaton hit failed a boundary: no record built
    assert [m.entry_id for m in glossary.find("Ford, not Fordham")] == ["ford_org"]
    assert len(matcher._decoded) == 1


def test_entries_round_trip_through_their_cache_records() -> None:
    """Every field of every shipped entry survives the cache (plain marshal data)."""
    for entry in Glossary.default():
        assert compiled.decode_entry(compiled.encode_entry(entry)) == entry


def test_compiling_lets_the_yaml_node_tree_go(cache: Path, layer: Path) -> None:
    from polyglot_news.glossary import loader

    Glossary.load([layer])
    assert loader.compose.cache_info().currsize == 0


def test_a_language_without_keys_compiles_and_reopens(cache: Path, layer: Path) -> None:
    Glossary.load([layer]).matcher("en")
    for _ in range(2):  # built and written, then read back
        glossary = Glossary.load([layer], include_shipped=False)
        assert glossary.matcher("zh").size == 0
        assert glossary.find("习近平", "zh") == []
