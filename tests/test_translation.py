"""The translator on tiny real Argos packages: exact outputs, batching, cache, pivot, glossary."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglot_news.errors import MissingModelError, ModelError
from polyglot_news.translation import Translation, Translator
from polyglot_news.translation.engine import Engine
from polyglot_news.translation.fixture import (
    SENTENCES,
    UNKNOWN_NAME_SENTENCES,
    build_fixture_package,
    expected_translation,
)
from polyglot_news.translation.store import install_package, list_packages

PINNED: dict[str, Any] = {"threads": 1, "compute_type": "float32"}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Block and record every connect / DNS attempt."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield attempts


@pytest.fixture
def translator(fixture_models_dir: Path) -> Iterator[Translator]:
    with Translator("en", models_dir=fixture_models_dir, **PINNED) as tr:
        yield tr


@pytest.fixture(scope="module")
def pivot_models_dir(tmp_path_factory: pytest.TempPathFactory, fixture_package_path: Any) -> Path:
    models = tmp_path_factory.mktemp("pivot-models")
    for pair in ("ru_en", "en_zh"):
        install_package(fixture_package_path(pair), models)
    return models


@pytest.mark.parametrize("row", SENTENCES, ids=[r[1] for r in SENTENCES])
@pytest.mark.parametrize("source", ["zh", "ru"])
def test_known_sentences_translate_exactly(translator: Translator, row: Any, source: str) -> None:
    text = row[0] if source == "zh" else row[2]
    result = translator.translate(text, source)
    assert result == Translation(row[1], source, "en", "model", (f"{source}_en",))


def test_expected_translation_table() -> None:
    assert expected_translation("绍伊古会见拉夫罗夫。", "zh", "en") == "Shoigu met Lavrov."
    assert expected_translation("Shoigu met Lavrov.", "en", "ru") == "Шойгу встретил Лаврова."
    assert expected_translation("not in the table", "en", "zh") is None


def test_unknown_names_are_copied_through_mangled(translator: Translator) -> None:
    for source_text, lang, raw in UNKNOWN_NAME_SENTENCES:
        assert translator.translate(source_text, lang).text == raw


def test_all_documents_of_a_batch_share_one_model_call(translator: Translator) -> None:
    docs = [
        (f"{SENTENCES[0][0]}{SENTENCES[1][0]}", "zh"),
        (f"{SENTENCES[2][0]}\n{SENTENCES[3][0]}", "zh"),
        (f"{SENTENCES[0][2]} {SENTENCES[4][2]}", "ru"),
        (SENTENCES[4][0], "zh"),
        ("Already English.", "en"),
    ]
    results = translator.translate_batch(docs)
    assert [r.text for r in results] == [
        f"{SENTENCES[0][1]} {SENTENCES[1][1]}",
        f"{SENTENCES[2][1]}\n{SENTENCES[3][1]}",
        f"{SENTENCES[0][1]} {SENTENCES[4][1]}",
        SENTENCES[4][1],
        "Already English.",
    ]
    assert results[-1].method == "none"
    calls = {e.package.code: e.calls for e in translator._engines.values()}
    assert calls == {"zh_en": 1, "ru_en": 1}


def test_translate_batch_calls_ctranslate2_once_per_package(
    translator: Translator, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real = Engine.translate

    def spy(self: Engine, sentences: Any, *pair: str) -> list[str]:
        seen.append(len(sentences))
        return real(self, sentences, *pair)

    monkeypatch.setattr(Engine, "translate", spy)
    texts = [(row[0], "zh") for row in SENTENCES] * 3
    translator.translate_batch(texts)
    assert seen == [len(SENTENCES)]  # duplicates translated once


def test_cache_reuses_sentences_and_keeps_method_model(translator: Translator) -> None:
    first = translator.translate(SENTENCES[1][0], "zh")
    engine = next(iter(translator._engines.values()))
    again = translator.translate(SENTENCES[1][0] + SENTENCES[1][0], "zh")
    assert engine.calls == 1
    assert again.text == f"{first.text} {first.text}"
    assert again.method == "model"
    assert translator.cache.hits == 1  # one distinct sentence, found in the cache


def test_sqlite_cache_persists_between_translators(
    fixture_models_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache" / "translations.sqlite"
    with Translator("en", models_dir=fixture_models_dir, cache_path=cache, **PINNED) as tr:
        assert tr.translate(SENTENCES[0][0], "zh").text == SENTENCES[0][1]
    assert cache.exists()
    with Translator("en", models_dir=fixture_models_dir, cache_path=cache, **PINNED) as tr:
        assert tr.translate(SENTENCES[0][0], "zh").text == SENTENCES[0][1]
        assert all(e.calls == 0 for e in tr._engines.values())
        assert tr.cache.hits == 1


def test_cache_size_zero_still_translates(fixture_models_dir: Path) -> None:
    with Translator("en", models_dir=fixture_models_dir, cache_size=0, **PINNED) as tr:
        tr.translate(SENTENCES[0][0], "zh")
        tr.translate(SENTENCES[0][0], "zh")
        assert next(iter(tr._engines.values())).calls == 2


def test_pivot_through_english(pivot_models_dir: Path) -> None:
    with Translator("zh", models_dir=pivot_models_dir, **PINNED) as tr:
        assert tr.has_pair("ru") and tr.has_pair("en") and not tr.has_pair("de")
        result = tr.translate(SENTENCES[1][2], "ru")
    assert result.text == SENTENCES[1][0]
    assert result.packages == ("ru_en", "en_zh")


def test_missing_pair_names_the_pair_and_the_fix(translator: Translator) -> None:
    assert not translator.has_pair("de")
    with pytest.raises(MissingModelError) as err:
        translator.translate_batch([(SENTENCES[0][0], "zh"), ("Guten Tag.", "de")])
    assert (err.value.source, err.value.target) == ("de", "en")
    assert str(err.value) == (
        "no translation model installed for de->en; install a de->en package in the models "
        "directory"
    )  # library words: the CLI adds the command that installs one
    from polyglot_news.cli.errors import describe

    hint = "; install one with `polyglot-news models install FILE.argosmodel`"
    assert describe(err.value).endswith(hint)
    assert all(e.calls == 0 for e in translator._engines.values())  # nothing translated


def test_empty_and_same_language_texts_need_no_model(tmp_path: Path) -> None:
    with Translator("en", models_dir=tmp_path) as tr:
        assert tr.translate("   ", "zh").method == "none"
        assert tr.translate("Hello.", "en") == Translation("Hello.", "en", "en", "none")
        assert tr.translate_batch([]) == []


def test_translation_to_dict() -> None:
    from polyglot_news import Change

    change = Change(0, 1, "A", "a", "x", "admitted", "en")
    t = Translation("a", "zh", "en", "model", ("zh_en",), ("x",), True, "A", (change,))
    assert t.to_dict() == {
        "text": "a",
        "source_lang": "zh",
        "target_lang": "en",
        "method": "model",
        "packages": ["zh_en"],
        "missing_terms": ["x"],
        "protected": True,
        "raw": "A",
        "changes": [
            {"start": 0, "end": 1, "original": "A", "replacement": "a", "entry_id": "x"}
            | {"status": "admitted", "lang": "en", "rule": "exact"}
        ],
    }


def test_raw_keeps_the_model_output_before_glossary_normalization(
    fixture_models_dir: Path,
) -> None:
    from polyglot_news.glossary import Glossary

    with Translator("en", models_dir=fixture_models_dir, threads=1, glossary=Glossary.load()) as tr:
        (t,) = tr.translate_batch([("国防部长绍伊古发表讲话。", "zh")])
    assert t.raw == "Defence Minister Shoigu gave a speech."
    assert t.text == "Defense Minister Shoigu gave a speech."


def test_target_prefix_is_honoured_and_stripped(tmp_path: Path) -> None:
    pkg = build_fixture_package(tmp_path / "build", "zh", "en", target_prefix="__en__")
    install_package(pkg, tmp_path / "models")
    with Translator("en", models_dir=tmp_path / "models", **PINNED) as tr:
        assert tr.translate(SENTENCES[3][0], "zh").text == SENTENCES[3][1]


def test_max_decoding_length_caps_output(fixture_models_dir: Path) -> None:
    with Translator("en", models_dir=fixture_models_dir, max_decoding_length=3, **PINNED) as tr:
        assert tr.translate(SENTENCES[0][0], "zh").text == "Today Shoigu"  # "▁", Today, Shoigu


def test_broken_model_is_a_model_error(tmp_path: Path, fixture_package_path: Any) -> None:
    installed = install_package(fixture_package_path("zh_en"), tmp_path)
    (installed.path / "model" / "model.bin").write_bytes(b"broken")
    with Translator("en", models_dir=tmp_path, **PINNED) as tr, pytest.raises(ModelError) as err:
        tr.translate(SENTENCES[0][0], "zh")
    assert str(installed.path / "model") in str(err.value)


def test_bad_options_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="beam_size"):
        Translator(models_dir=tmp_path, beam_size=0)


def test_full_translate_run_makes_no_network_attempt(
    fixture_models_dir: Path, no_network: list[Any]
) -> None:
    with Translator("en", models_dir=fixture_models_dir, **PINNED) as tr:
        results = tr.translate_batch([(row[0], "zh") for row in SENTENCES])
    assert [r.text for r in results] == [row[1] for row in SENTENCES]
    assert no_network == []


def test_import_is_cheap_and_never_imports_argos_translate(fixture_models_dir: Path) -> None:
    code = (
        "import sys; import polyglot_news.translation as t; "
        "assert 'ctranslate2' not in sys.modules and 'sentencepiece' not in sys.modules; "
        "from polyglot_news.translation import Translator; "
        f"tr = Translator('en', models_dir={str(fixture_models_dir)!r}, threads=1); "
        "print(tr.translate('绍伊古会见拉夫罗夫。', 'zh').text); "
        "heavy = ('argostranslate.translate', 'torch', 'stanza', 'spacy'); "
        "bad = [m for m in heavy if m in sys.modules]; "
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["Shoigu met Lavrov.", "[]"]


def test_packages_are_listed_for_the_translator(
    translator: Translator, fixture_models_dir: Path
) -> None:
    assert [p.code for p in translator.packages()] == ["ru_en", "zh_en"]
    assert [p.code for p in list_packages(fixture_models_dir)] == ["ru_en", "zh_en"]


# --------------------------------------------------------------------------- glossary first


def _glossary() -> Any:
    from polyglot_news.glossary import Entry, Glossary, Variant

    return Glossary.from_entries(
        [
            Entry(
                id="shoigu",
                type="person",
                canonical={"en": "Sergei Shoigu", "zh": "谢尔盖·绍伊古", "ru": "Сергей Шойгу"},
                short={"en": "Shoigu", "zh": "绍伊古", "ru": "Шойгу"},
                variants={"zh": (Variant("紹伊古", short=True),)},
            ),
            Entry(
                id="putin",
                type="person",
                canonical={"en": "Vladimir Putin", "zh": "弗拉基米尔·普京", "ru": "Владимир Путин"},
                short={"en": "Putin", "zh": "普京", "ru": "Путин"},
            ),
            Entry(
                id="defmin",
                type="title",
                canonical={"en": "Defense Minister", "zh": "国防部长", "ru": "Министр обороны"},
                variants={"en": (Variant("Defence Minister"),)},
            ),
        ]
    )


@pytest.fixture
def glossary_translator(fixture_models_dir: Path) -> Iterator[Translator]:
    with Translator("en", models_dir=fixture_models_dir, glossary=_glossary(), **PINNED) as tr:
        yield tr


def test_glossary_only_segment_needs_no_model(glossary_translator: Translator) -> None:
    result = glossary_translator.translate("国防部长绍伊古", "zh")
    assert result == Translation("Defense Minister Shoigu", "zh", "en", "glossary")
    assert glossary_translator._engines == {}


def test_source_variants_are_rewritten_before_translation(glossary_translator: Translator) -> None:
    # 紹伊古 (traditional) is unknown to the model; the glossary rewrites it to 绍伊古 first.
    result = glossary_translator.translate("紹伊古会见拉夫罗夫。", "zh")
    assert result.text == "Shoigu met Lavrov."
    assert result.missing_terms == () and not result.protected


def test_output_is_normalized_with_the_glossary(glossary_translator: Translator) -> None:
    # The model writes "Defence Minister"; the glossary's canonical is "Defense Minister".
    result = glossary_translator.translate(SENTENCES[3][0], "zh")
    assert result.text == "Defense Minister Shoigu gave a speech."
    assert result.missing_terms == ()


@pytest.mark.parametrize("source_text, lang, _raw", UNKNOWN_NAME_SENTENCES)
def test_mangled_terms_are_protected_by_placeholders(
    glossary_translator: Translator, source_text: str, lang: str, _raw: str
) -> None:
    result = glossary_translator.translate(source_text, lang)
    assert result.text == "Shoigu met Putin."
    assert result.protected and result.missing_terms == ()


@pytest.mark.parametrize(
    ("comes_back", "source", "lang", "unprotected"),
    [
        ("", "绍伊古会见普京。", "zh", "Shoigu met普京."),  # lost
        ("XQZ0X XQZ0X", "Шойгу встретил Путина.", "ru", None),  # twice
    ],
)
def test_a_placeholder_that_does_not_come_back_once_falls_back(
    glossary_translator: Translator,
    monkeypatch: pytest.MonkeyPatch,
    comes_back: str,
    source: str,
    lang: str,
    unprotected: str | None,
) -> None:
    real = Engine.translate

    def mangle(self: Engine, sentences: Any, *pair: str) -> list[str]:
        return [s.replace("XQZ0X", comes_back) for s in real(self, sentences, *pair)]

    monkeypatch.setattr(Engine, "translate", mangle)
    result = glossary_translator.translate(source, lang)
    if unprotected is not None:
        assert result.text == unprotected  # the unprotected translation
    assert result.missing_terms == ("putin",) and not result.protected


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    entry_id: str
    short: bool
    text: str
    replacement: str


@dataclass(frozen=True)
class _Normalized:
    text: str
    changes: tuple[Any, ...] = ()


class _StandInGlossary:
    """The GlossaryLike protocol, without the real glossary: 普京 <-> Putin."""

    langs = ("en", "zh", "ru")

    def normalize(self, text: str, lang: str | None = None) -> _Normalized:
        return _Normalized(text)

    def find(self, text: str, lang: str | None = None) -> list[_Match]:
        term = {"zh": "普京", "en": "Putin", "ru": "Путина"}.get(lang or "", "")
        i = text.find(term) if term else -1
        return [] if i < 0 else [_Match(i, i + len(term), "putin", True, term, term)]

    def render(self, entry_id: str, lang: str, *, short: bool = False) -> str:
        return {"en": "Putin", "zh": "普京", "ru": "Путин"}[lang]

    def translate_terms(self, text: str, source: str, target: str) -> str | None:
        return None


def test_translator_accepts_any_glossary_like_object(fixture_models_dir: Path) -> None:
    from polyglot_news.translation.protocols import GlossaryLike

    stand_in = _StandInGlossary()
    assert isinstance(stand_in, GlossaryLike)
    with Translator("en", models_dir=fixture_models_dir, glossary=stand_in, **PINNED) as tr:
        result = tr.translate("绍伊古会见普京。", "zh")
    assert (result.text, result.protected) == ("Shoigu met Putin.", True)


def test_fixture_packages_are_deterministic(tmp_path: Path, fixture_package_path: Any) -> None:
    again = build_fixture_package(tmp_path, "zh", "en")
    assert again.read_bytes() == fixture_package_path("zh_en").read_bytes()


def test_fixture_rejects_unknown_languages(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fixture languages"):
        build_fixture_package(tmp_path, "de", "en")
    with pytest.raises(ValueError, match="must differ"):
        build_fixture_package(tmp_path, "en", "en")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picks=st.lists(st.integers(0, len(SENTENCES) - 1), min_size=1, max_size=6),
    lang=st.sampled_from(["zh", "ru"]),
    newline=st.booleans(),
)
def test_any_concatenation_of_known_sentences_translates_sentence_by_sentence(
    translator: Translator, picks: list[int], lang: str, newline: bool
) -> None:
    column = 0 if lang == "zh" else 2
    joiner = "\n" if newline else ("" if lang == "zh" else " ")
    text = joiner.join(SENTENCES[i][column] for i in picks)
    expected = ("\n" if newline else " ").join(SENTENCES[i][1] for i in picks)
    assert translator.translate(text, lang).text == expected


def test_sqlite_cache_uses_wal(tmp_path: Path) -> None:
    import sqlite3

    from polyglot_news.translation.cache import TranslationCache

    cache = TranslationCache(2, tmp_path / "c.sqlite")
    cache.put_many("pkg", {"a": "A", "b": "B", "c": "C"})
    assert len(cache) == 2  # the in-memory LRU is bounded; the file keeps everything
    assert cache.get_many("pkg", ["a", "z"]) == {"a": "A"}
    cache.close()
    mode = sqlite3.connect(tmp_path / "c.sqlite").execute("PRAGMA journal_mode").fetchone()
    assert mode == ("wal",)


def test_unwritable_cache_path_is_a_model_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ModelError, match="cannot open the translation cache"):
        Translator(models_dir=tmp_path, cache_path=tmp_path / "file" / "cache.sqlite")


def test_placeholders_survive_a_pivot(pivot_models_dir: Path) -> None:
    with Translator("zh", models_dir=pivot_models_dir, glossary=_glossary(), **PINNED) as tr:
        result = tr.translate("Шойгу встретил Путина.", "ru")
    assert (result.text, result.packages) == ("绍伊古会见普京。", ("ru_en", "en_zh"))
    assert result.protected and result.missing_terms == ()


def test_languages_outside_the_glossary_skip_glossary_steps(tmp_path: Path) -> None:
    from polyglot_news.glossary import Glossary

    models = tmp_path / "models"
    install_package(build_fixture_package(tmp_path / "b", "zh", "en"), models)
    with Translator("fr", models_dir=models, threads=1, glossary=Glossary.load()) as tr:
        assert not tr.has_pair("he")
        with pytest.raises(MissingModelError, match="he->fr"):
            tr.translate("שלום", "he")


_MAJOR_GENERALS = ["r_pla_major_general", "r_ru_major_general"]


@pytest.mark.parametrize(
    ("text", "lang", "target", "forms", "ids"),
    [
        # both ladders write 少将 / генерал-майор: enforced with no army chosen
        ("Maj. Gen.", "en", "zh", ("少将",), _MAJOR_GENERALS),
        ("Maj. Gen.", "en", "ru", ("генерал-майор",), _MAJOR_GENERALS),
        # the PLA's General or Russia's Colonel General: nothing to enforce
        ("上将", "zh", "en", (), ["r_pla_general", "r_ru_colonel_general"]),
        ("上将许其亮", "zh", "en", ("General",), ["r_pla_general"]),  # a PLA holder
    ],
)
def test_a_rank_without_an_army_must_come_out_as_its_ladders_agree(
    tmp_path: Path, text: str, lang: str, target: str, forms: tuple[str, ...], ids: list[str]
) -> None:
    from polyglot_news.glossary import Glossary
    from polyglot_news.translation.translator import _term_ids

    with Translator(target, models_dir=tmp_path, glossary=Glossary.default(), **PINNED) as tr:
        term = tr._terms(text, lang)[0]
        assert tr._term_renderings(term) == forms
        assert sorted(_term_ids([term])) == ids  # what missing_terms would name
