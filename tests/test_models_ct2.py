"""CTranslate2 model directories (OPUS-MT, NLLB / M2M-100): validate, install, translate, eval.

Tiny real models of both layouts are built at test time
(:func:`polyglot_news.translation.fixture.build_fixture_model_dir`) and run
through the real loading code.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest

from polyglot_news.cli import main
from polyglot_news.errors import ModelError
from polyglot_news.glossary import Glossary
from polyglot_news.translation import Translator
from polyglot_news.translation.fixture import (
    SENTENCES,
    UNKNOWN_NAME_SENTENCES,
    build_fixture_model_dir,
    expected_translation,
)
from polyglot_news.translation.store import (
    install_model_dir,
    install_package,
    list_packages,
    remove_package,
    validate_model_dir,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture model directories, built once for this module (never modified)."""
    out = tmp_path_factory.mktemp("ct2")
    return {
        "opus_zh_en": build_fixture_model_dir(out, "opus-mt", "zh", "en"),
        "opus_ru_en": build_fixture_model_dir(out, "opus-mt", "ru", "en"),
        "nllb": build_fixture_model_dir(out, "nllb", target="en"),
        "m2m": build_fixture_model_dir(out, "nllb", target="en", tokens="m2m"),
    }


@pytest.fixture()
def copy(built: dict[str, Path], tmp_path: Path) -> Any:
    """``copy("nllb")``: a private copy of a built directory, to damage."""

    def make(name: str) -> Path:
        dest = tmp_path / "src" / name
        shutil.copytree(built[name], dest)
        return dest

    return make


def snapshot(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


# --------------------------------------------------------------------------- install


def test_the_fixture_directories_have_the_converter_layouts(built: dict[str, Path]) -> None:
    assert sorted(p.name for p in built["opus_zh_en"].iterdir()) == [
        "config.json",
        "model.bin",
        "shared_vocabulary.json",
        "source.spm",
        "target.spm",
    ]
    assert sorted(p.name for p in built["nllb"].iterdir()) == [
        "config.json",
        "model.bin",
        "sentencepiece.bpe.model",
        "shared_vocabulary.json",
    ]


def test_opus_mt_install_stores_a_copy_with_a_small_metadata_file(
    built: dict[str, Path], tmp_path: Path
) -> None:
    pkg = install_model_dir(built["opus_zh_en"], tmp_path / "m", source="zh", target="en")
    assert (pkg.name, pkg.code, pkg.layout) == ("ct2-opus-mt-zh_en", "zh_en", "opus-mt")
    meta = json.loads((pkg.path / "metadata.json").read_text("utf-8"))
    assert meta == {
        "type": "ctranslate2",  # not "translate": Argos's own translator skips it
        "layout": "opus-mt",
        "package_version": "",
        "installed_from": "opus-mt-zh-en",
        "from_code": "zh",
        "to_code": "en",
    }
    assert (pkg.path / "model.bin").read_bytes() == (built["opus_zh_en"] / "model.bin").read_bytes()
    assert [p.name for p in list_packages(tmp_path / "m")] == ["ct2-opus-mt-zh_en"]
    assert built["opus_zh_en"].is_dir()  # the source directory is left as it was


def test_one_nllb_directory_serves_every_pair_it_knows(
    built: dict[str, Path], tmp_path: Path
) -> None:
    pkg = install_model_dir(built["nllb"], tmp_path / "m")
    assert (pkg.code, pkg.layout) == ("en+ru+zh", "nllb")
    assert dict(pkg.metadata.languages) == {"en": "eng_Latn", "ru": "rus_Cyrl", "zh": "zho_Hans"}
    assert all(pkg.serves(s, t) for s in ("zh", "ru", "en") for t in ("zh", "ru", "en") if s != t)
    assert not pkg.serves("fr", "en")
    with Translator("en", models_dir=tmp_path / "m", threads=1) as tr:
        assert tr.route("zh")[0].code == "zh_en"
        assert tr.route("ru")[0].code == "ru_en"
        assert [r.name for r in tr.route("zh")] == ["ct2-nllb-nllb-fixture-en"]


def test_install_with_a_language_the_model_lacks_is_refused(
    built: dict[str, Path], tmp_path: Path
) -> None:
    with pytest.raises(ModelError, match=r"no language token for 'fr' \(it knows en, ru, zh\)"):
        install_model_dir(built["nllb"], tmp_path / "m", source="fr", target="en")
    assert snapshot(tmp_path / "m") == []


def test_an_opus_mt_directory_needs_its_pair(built: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="serves one language pair, and the pair was not given"):
        install_model_dir(built["opus_zh_en"], tmp_path / "m")


@pytest.mark.parametrize(
    "name, remove, message",
    [
        ("opus_zh_en", "target.spm", "incomplete opus-mt model directory: missing target.spm"),
        ("opus_zh_en", "config.json", "missing config.json"),
        ("opus_zh_en", "model.bin", "missing model.bin"),
        ("opus_zh_en", "shared_vocabulary.json", "missing shared_vocabulary.json (or source_"),
        ("nllb", "shared_vocabulary.json", "incomplete nllb model directory: missing shared_voc"),
        ("nllb", "model.bin", "incomplete nllb model directory: missing model.bin"),
        ("nllb", "sentencepiece.bpe.model", "source.spm and target.spm (OPUS-MT) or sentencepie"),
    ],
)
def test_a_missing_file_is_named(
    copy: Any, tmp_path: Path, name: str, remove: str, message: str
) -> None:
    src = copy(name)
    (src / remove).unlink()
    with pytest.raises(ModelError, match=message.replace("(", r"\(").replace(")", r"\)")) as err:
        install_model_dir(src, tmp_path / "m", source="zh", target="en")
    assert "\n" not in str(err.value) and str(src) in str(err.value)
    assert snapshot(tmp_path / "m") == []


def test_split_vocabularies_are_accepted_for_opus_mt(copy: Any, tmp_path: Path) -> None:
    src = copy("opus_zh_en")
    vocab = src / "shared_vocabulary.json"
    shutil.copy(vocab, src / "source_vocabulary.json")
    vocab.rename(src / "target_vocabulary.json")
    assert validate_model_dir(src, "zh", "en").layout == "opus-mt"


@pytest.mark.parametrize("where", ["top", "nested"])
def test_symbolic_links_are_refused(copy: Any, tmp_path: Path, where: str) -> None:
    src = copy("opus_zh_en")
    if where == "top":
        os.symlink("/etc/passwd", src / "README.md")
    else:
        (src / "extra").mkdir()
        os.symlink(src / "model.bin", src / "extra" / "model.bin")
    with pytest.raises(ModelError, match="is a symbolic link"):
        install_model_dir(src, tmp_path / "m", source="zh", target="en")
    assert snapshot(tmp_path / "m") == []


def test_a_linked_model_directory_is_refused(built: dict[str, Path], tmp_path: Path) -> None:
    link = tmp_path / "link"
    os.symlink(built["nllb"], link)
    with pytest.raises(ModelError, match="is a symbolic link"):
        validate_model_dir(link)


def test_special_files_are_refused(copy: Any) -> None:
    src = copy("nllb")
    os.mkfifo(src / "pipe")
    with pytest.raises(ModelError, match="'pipe' is not a regular file"):
        validate_model_dir(src)


def test_the_size_cap(built: dict[str, Path]) -> None:
    with pytest.raises(ModelError, match="holds more than 1000 bytes"):
        validate_model_dir(built["nllb"], max_size=1000)


def test_deeply_nested_config_is_refused(copy: Any) -> None:
    src = copy("nllb")
    (src / "config.json").write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(ModelError, match="config.json: nested more than 64 levels deep"):
        validate_model_dir(src)


@pytest.mark.parametrize("what", ["not a dir", "missing", "no tokens"])
def test_other_bad_directories(copy: Any, tmp_path: Path, what: str) -> None:
    if what == "not a dir":
        path = tmp_path / "file"
        path.write_text("x")
        message = "is not a directory"
    elif what == "missing":
        path, message = tmp_path / "nope", "no such directory"
    else:
        path = copy("nllb")
        vocab = json.loads((path / "shared_vocabulary.json").read_text("utf-8"))
        (path / "shared_vocabulary.json").write_text(json.dumps(vocab[:-3]))
        message = "has no language tokens"
    with pytest.raises(ModelError, match=message):
        validate_model_dir(path)


def test_reinstall_replaces_and_remove_by_pair_or_name(
    built: dict[str, Path], tmp_path: Path
) -> None:
    models = tmp_path / "m"
    install_model_dir(built["opus_zh_en"], models, source="zh", target="en")
    install_model_dir(built["opus_zh_en"], models, source="zh", target="en")
    install_model_dir(built["nllb"], models)
    assert [p.name for p in list_packages(models)] == [
        "ct2-nllb-nllb-fixture-en",
        "ct2-opus-mt-zh_en",
    ]
    # a pair code removes the single-pair model, never the multilingual one
    assert [p.name for p in remove_package("zh_en", models)] == ["ct2-opus-mt-zh_en"]
    with pytest.raises(ModelError, match="no installed package matches 'ru_en'"):
        remove_package("ru_en", models)
    assert [p.name for p in remove_package("en+ru+zh", models)] == ["ct2-nllb-nllb-fixture-en"]
    assert snapshot(models) == [".polyglot-news.lock"]


# --------------------------------------------------------------------------- translate


@pytest.fixture(scope="module")
def store(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Models directories: ``opus`` (zh->en, ru->en OPUS-MT), ``nllb`` and ``m2m`` (one each)."""
    root = tmp_path_factory.mktemp("ct2-store")
    install_model_dir(built["opus_zh_en"], root / "opus", source="zh", target="en")
    install_model_dir(built["opus_ru_en"], root / "opus", source="ru", target="en")
    install_model_dir(built["nllb"], root / "nllb")
    install_model_dir(built["m2m"], root / "m2m")
    return {name: root / name for name in ("opus", "nllb", "m2m")}


@pytest.mark.parametrize("layout", ["opus", "nllb", "m2m"])
def test_exact_outputs_of_every_sentence(store: dict[str, Path], layout: str) -> None:
    items = [(row[i], lang) for row in SENTENCES for i, lang in ((0, "zh"), (2, "ru"))]
    with Translator("en", models_dir=store[layout], threads=1) as tr:
        out = tr.translate_batch(items)
    assert [t.text for t in out] == [expected_translation(s, lang, "en") for s, lang in items]
    assert {t.method for t in out} == {"model"}


def test_one_batch_call_per_pair_and_the_cache(store: dict[str, Path]) -> None:
    items = [(row[0], "zh") for row in SENTENCES] + [(row[2], "ru") for row in SENTENCES]
    with Translator("en", models_dir=store["nllb"], threads=1) as tr:
        tr.translate_batch(items)
        engine = tr.engine(tr.route("zh")[0])
        assert engine is tr.engine(tr.route("ru")[0])  # one loaded model for every pair
        assert engine.calls == 2  # zh->en and ru->en: one translate_batch each
        again = tr.translate_batch(items)
        assert engine.calls == 2  # every sentence came from the cache
    assert again[0].text == SENTENCES[0][1]


def test_the_right_sentencepiece_model_per_side(store: dict[str, Path], tmp_path: Path) -> None:
    """The OPUS-MT fixture's two SentencePiece models differ: swapping them breaks the output."""
    models = tmp_path / "m"
    shutil.copytree(store["opus"], models)
    pkg = models / "ct2-opus-mt-zh_en"
    with Translator("en", models_dir=models, threads=1) as tr:
        assert tr.translate(SENTENCES[0][0], "zh").text == SENTENCES[0][1]
    (pkg / "source.spm").rename(pkg / "swap")
    (pkg / "target.spm").rename(pkg / "source.spm")
    (pkg / "swap").rename(pkg / "target.spm")
    with Translator("en", models_dir=models, threads=1) as tr:
        assert tr.translate(SENTENCES[0][0], "zh").text != SENTENCES[0][1]


@pytest.mark.parametrize("layout", ["opus", "nllb", "m2m"])
def test_glossary_first_and_placeholders(store: dict[str, Path], layout: str) -> None:
    glossary = Glossary.default()
    with Translator("en", models_dir=store[layout], threads=1, glossary=glossary) as tr:
        for source, lang, _raw in UNKNOWN_NAME_SENTENCES:
            out = tr.translate(source, lang)
            assert (out.text, out.protected, out.missing_terms) == ("Shoigu met Putin.", True, ())
        defence = tr.translate("国防部长绍伊古发表讲话。", "zh")
        assert defence.raw == "Defence Minister Shoigu gave a speech."
        assert defence.text == "Defense Minister Shoigu gave a speech."
        names_only = tr.translate("绍伊古", "zh")
        assert (names_only.text, names_only.method) == ("Shoigu", "glossary")


def test_a_ct2_directory_is_preferred_over_an_argos_package_and_can_be_chosen(
    built: dict[str, Path], fixture_package_path: Any, tmp_path: Path
) -> None:
    models = tmp_path / "m"
    install_package(fixture_package_path("zh_en"), models)
    install_model_dir(built["opus_zh_en"], models, source="zh", target="en")
    with Translator("en", models_dir=models, threads=1) as tr:
        assert tr.route("zh")[0].layout == "opus-mt"
    with Translator("en", models_dir=models, threads=1, models=["translate-zh_en-1_0"]) as tr:
        assert tr.route("zh")[0].layout == "argos"
        assert tr.translate(SENTENCES[1][0], "zh").text == SENTENCES[1][1]


def test_no_network(store: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    with Translator("en", models_dir=store["nllb"], threads=1, glossary=Glossary.default()) as tr:
        assert tr.translate(SENTENCES[0][0], "zh").text == SENTENCES[0][1]
    assert attempts == []


# --------------------------------------------------------------------------- CLI


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_eval(
    capsys: pytest.CaptureFixture[str], models: str, model: str, *args: str
) -> tuple[int, str, str]:
    """``polyglot-news models eval --models-dir MODELS --model MODEL ARGS``."""
    return run(capsys, "models", "eval", "--models-dir", models, "--model", model, *args)


def test_cli_install_list_remove(
    capsys: pytest.CaptureFixture[str], built: dict[str, Path], tmp_path: Path
) -> None:
    models = str(tmp_path / "m")
    src = str(built["opus_zh_en"])
    code, out, err = run(
        capsys, "models", "install", "--models-dir", models, src, "--from", "zh", "--to", "en"
    )
    assert (code, err) == (0, "")
    assert out == f"installed zh_en (ct2-opus-mt-zh_en, opus-mt) from {src} into {models}\n"
    assert run(capsys, "models", "install", "--models-dir", models, str(built["nllb"]))[0] == 0
    code, out, _ = run(capsys, "models", "list", "--models-dir", models)
    assert [line.split()[:2] for line in out.splitlines()] == [
        ["en+ru+zh", "ct2-nllb-nllb-fixture-en"],
        ["zh_en", "ct2-opus-mt-zh_en"],
    ]
    assert "[opus-mt]" in out and "[nllb]" in out
    code, out, _ = run(capsys, "models", "list", "--json", "--models-dir", models)
    assert [r["layout"] for r in json.loads(out)] == ["nllb", "opus-mt"]
    code, _, err = run(capsys, "models", "install", "--models-dir", models, src)
    assert code == 1 and err.count("\n") == 1 and "pair was not given" in err


def test_cli_from_to_without_a_directory_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], fixture_package_path: Any, tmp_path: Path
) -> None:
    pkg = str(fixture_package_path("zh_en"))
    code, _, err = run(
        capsys, "models", "install", "--models-dir", str(tmp_path), pkg, "--from", "zh"
    )
    assert code == 2 and "--from and --to apply to a model directory only" in err


EVAL_TSV = (
    "今天绍伊古访问北京。\tToday Shoigu visited Beijing.\n"
    "国防部长绍伊古发表讲话。\tDefense Minister Shoigu gave a speech.\n"
    "\n"
    "绍伊古会见普京。\tShoigu met Putin.\n"
)


def test_cli_eval_reports_chrf_bleu_and_term_accuracy(
    capsys: pytest.CaptureFixture[str], store: dict[str, Path], tmp_path: Path
) -> None:
    tsv = tmp_path / "zh-en.tsv"
    tsv.write_text(EVAL_TSV, encoding="utf-8")
    models = str(store["opus"])
    code, out, err = run_eval(capsys, models, "zh_en", str(tsv))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "model  ct2-opus-mt-zh_en (opus-mt, zh->en), 3 lines",
        "chrF   100.0",
        "BLEU   100.0  (tokenize=13a)",
        "terms  6/6 (100.0%)",
    ]
    code, out, _ = run_eval(
        capsys, models, "ct2-opus-mt-zh_en", "--no-glossary", "--json", str(tsv)
    )
    report = json.loads(out)
    # without the glossary, "Defence" and the model's mangled 普京 cost points and terms
    assert report["chrf"] < 100 and report["bleu"] < 100
    assert (report["terms_expected"], report["terms_found"]) == (6, 4)


def test_cli_eval_multilingual_needs_the_pair(
    capsys: pytest.CaptureFixture[str], store: dict[str, Path], tmp_path: Path
) -> None:
    tsv = tmp_path / "ru-en.tsv"
    tsv.write_text(f"{SENTENCES[0][2]}\t{SENTENCES[0][1]}\n", encoding="utf-8")
    models = str(store["nllb"])
    code, _, err = run_eval(capsys, models, "en+ru+zh", str(tsv))
    assert code == 2 and "is multilingual; give --from and --to" in err
    code, out, _ = run_eval(
        capsys, models, "en+ru+zh", "--from", "ru", "--to", "en", "--json", str(tsv)
    )
    assert code == 0 and json.loads(out)["chrf"] == 100.0


@pytest.mark.parametrize(
    "content, where",
    [("only one column\n", ":1: expected two tab-separated"), ("a\tb\n\nc\t\n", ":3: expected")],
)
def test_cli_eval_bad_tsv_is_one_line(
    capsys: pytest.CaptureFixture[str],
    store: dict[str, Path],
    tmp_path: Path,
    content: str,
    where: str,
) -> None:
    tsv = tmp_path / "bad.tsv"
    tsv.write_text(content, encoding="utf-8")
    code, _, err = run_eval(capsys, str(store["opus"]), "zh_en", str(tsv))
    assert code == 1 and err.count("\n") == 1 and where in err


def test_cli_eval_unknown_model(
    capsys: pytest.CaptureFixture[str], store: dict[str, Path], tmp_path: Path
) -> None:
    tsv = tmp_path / "x.tsv"
    tsv.write_text("a\tb\n", encoding="utf-8")
    code, _, err = run_eval(capsys, str(store["opus"]), "fr_en", str(tsv))
    assert code == 2 and "no installed model is called 'fr_en'" in err


def test_translate_takes_a_beam_size_like_run(
    capsys: pytest.CaptureFixture[str],
    store: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    seen: list[int] = []
    real = Translator.__init__

    def spy(self: Translator, *args: Any, **kwargs: Any) -> None:
        seen.append(kwargs.get("beam_size", 2))
        real(self, *args, **kwargs)

    monkeypatch.setattr(Translator, "__init__", spy)
    text = tmp_path / "in.txt"
    text.write_text(SENTENCES[0][0] + "\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "translate", "--models-dir", str(store["opus"]), "--beam-size", "3", str(text)
    )
    assert (code, out, seen) == (0, SENTENCES[0][1] + "\n", [3])
    assert run(capsys, "translate", "--beam-size", "0", str(text))[0] == 2
