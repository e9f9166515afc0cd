"""One installed model's CTranslate2 translator and SentencePiece tokenizers.

This replaces ``argostranslate.translate`` (which imports torch, spaCy and
Stanza, and downloads a sentence splitter on first use): the caller splits
sentences, :meth:`Engine.translate` encodes them with the model's SentencePiece
model for the source side, runs **one** ``ctranslate2.Translator.translate_batch``
call for all of them (honouring the layout's language tokens and a maximum
decoding length) and decodes the results with the target side's model.
``ctranslate2`` and ``sentencepiece`` are imported on first use.

What each layout needs (see :data:`~polyglot_news.translation.package.LAYOUTS`):

* ``argos``: ``sentencepiece.model`` on both sides; the pieces; the package's
  ``target_prefix``, if any.
* ``opus-mt``: ``source.spm`` to encode, ``target.spm`` to decode; the pieces
  and ``</s>``; no prefix.
* ``nllb`` (NLLB-200, M2M-100): ``sentencepiece.bpe.model`` on both sides;
  the source language token (``zho_Hans`` / ``__zh__``), the pieces and
  ``</s>``; the target language token (``eng_Latn`` / ``__en__``) as prefix.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from polyglot_news.errors import MissingExtraError, ModelError
from polyglot_news.translation.package import InstalledPackage

__all__ = ["Engine", "EngineOptions"]

_EOS = "</s>"


def _require(module: str) -> Any:
    """Import ``module``; a one-line :class:`MissingExtraError` naming the extra if absent."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{module} is not installed; install the translation extra: "
            "pip install 'polyglot-news[translate]'"
        ) from None


class EngineOptions:
    """Decoding options shared by every engine of a translator."""

    __slots__ = ("beam_size", "threads", "compute_type", "max_decoding_length", "max_batch_size")

    def __init__(
        self,
        *,
        beam_size: int = 2,
        threads: int = 0,
        compute_type: str = "default",
        max_decoding_length: int = 256,
        max_batch_size: int = 64,
    ):
        if beam_size < 1:
            raise ValueError(f"beam_size must be at least 1, got {beam_size}")
        if threads < 0:
            raise ValueError(f"threads must be 0 (the CTranslate2 default) or more, got {threads}")
        if max_decoding_length < 1:
            raise ValueError(f"max_decoding_length must be at least 1, got {max_decoding_length}")
        self.beam_size = beam_size
        self.threads = threads
        self.compute_type = compute_type
        self.max_decoding_length = max_decoding_length
        self.max_batch_size = max_batch_size

    def key(self) -> str:
        """The options that change outputs, as a cache-key fragment."""
        return f"b{self.beam_size}:m{self.max_decoding_length}"


class Engine:
    """Translate sentences with one installed model (loaded on first use).

    A multilingual (NLLB) model serves many pairs with one loaded model: pass
    the pair to :meth:`translate`; it defaults to the package's own pair.
    """

    def __init__(self, package: InstalledPackage, options: EngineOptions | None = None):
        self.package = package
        self.options = options or EngineOptions()
        self.calls = 0  # translate_batch calls made (for tests and stats)
        self._translator: Any = None
        self._sp: tuple[Any, Any] | None = None  # (source side, target side)
        self._lock = threading.Lock()

    @property
    def cache_key(self) -> str:
        """Identifies this package and its decoding options in the translation cache."""
        return self.cache_key_for(self.package.from_code, self.package.to_code)

    def cache_key_for(self, source: str, target: str) -> str:
        """The cache key of one pair (a multilingual model's pairs translate differently)."""
        base = f"{self.package.name}@{self.package.version}:{self.options.key()}"
        return f"{base}:{source}>{target}" if self.package.metadata.multilingual else base

    def _load(self) -> tuple[Any, tuple[Any, Any]]:
        with self._lock:
            if self._translator is None:
                self._sp = self._load_sentencepiece()
                self._translator = self._load_model()
            assert self._sp is not None
        return self._translator, self._sp

    def _spm_files(self) -> tuple[Path, Path]:
        root = self.package.path
        layout = self.package.layout
        if layout == "opus-mt":
            return root / "source.spm", root / "target.spm"
        if layout == "nllb":
            return root / "sentencepiece.bpe.model", root / "sentencepiece.bpe.model"
        return root / "sentencepiece.model", root / "sentencepiece.model"

    def _load_sentencepiece(self) -> tuple[Any, Any]:
        source_path, target_path = self._spm_files()
        for path in (source_path, target_path):
            if not path.is_file():
                what = (
                    "BPE packages are not supported"
                    if self.package.layout == "argos"
                    else ("the model directory is incomplete")
                )
                raise ModelError(
                    f"{self.package.path}: no {path.name} ({what}); "
                    "fix: reinstall a SentencePiece model"
                )
        spm = _require("sentencepiece")
        loaded: dict[Path, Any] = {}
        for path in (source_path, target_path):
            if path in loaded:
                continue
            try:
                loaded[path] = spm.SentencePieceProcessor(model_file=str(path))
            except (OSError, RuntimeError) as exc:
                raise ModelError(
                    f"{path}: cannot load ({exc}); fix: reinstall the package"
                ) from None
        return loaded[source_path], loaded[target_path]

    def _load_model(self) -> Any:
        ctranslate2 = _require("ctranslate2")
        path = self.package.path / "model" if self.package.layout == "argos" else self.package.path
        kwargs: dict[str, Any] = {
            "device": "cpu",
            "compute_type": self.options.compute_type,
            "inter_threads": 1,
        }
        if self.options.threads:
            kwargs["intra_threads"] = self.options.threads
        try:
            return ctranslate2.Translator(str(path), **kwargs)
        except (RuntimeError, ValueError, OSError, IndexError, KeyError) as exc:
            raise ModelError(
                f"{path}: cannot load the model ({exc}); fix: reinstall the package"
            ) from None

    def tokenize(self, sentence: str) -> list[str]:
        """The source-side SentencePiece pieces of ``sentence``."""
        _, (sp, _) = self._load()
        pieces: list[str] = sp.encode(sentence, out_type=str)
        return pieces

    def keeps(self, text: str) -> bool:
        """True if ``text`` encodes without unknown pieces and decodes back unchanged.

        The source side encodes it and the target side must know every piece and
        decode them back to ``text``, which is what a placeholder needs.
        """
        _, (source, target) = self._load()
        ids = source.encode(text)
        if not ids or source.unk_id() in ids or source.decode(ids) != text:
            return False
        if target is source:
            return True
        pieces = source.encode(text, out_type=str)
        unk = target.unk_id()
        return all(target.piece_to_id(p) != unk for p in pieces) and target.decode(pieces) == text

    def _source_tokens(self, sp: Any, sentence: str, source: str) -> list[str]:
        pieces: list[str] = sp.encode(sentence, out_type=str)
        layout = self.package.layout
        if layout == "opus-mt":
            return [*pieces, _EOS]
        if layout == "nllb":
            return [self._language_token(source), *pieces, _EOS]
        return pieces

    def _target_prefix(self, target: str) -> list[str]:
        if self.package.layout == "nllb":
            return [self._language_token(target)]
        prefix = self.package.metadata.target_prefix
        return [prefix] if prefix else []

    def _language_token(self, lang: str) -> str:
        try:
            return self.package.metadata.token(lang)
        except KeyError:
            raise ModelError(
                f"{self.package.path}: the model has no language token for {lang!r}; "
                "fix: translate between the languages it lists"
            ) from None

    def _decode(self, sp: Any, pieces: Sequence[str], prefix: Sequence[str]) -> str:
        if prefix and list(pieces[: len(prefix)]) == list(prefix):
            pieces = pieces[len(prefix) :]
        text: str = sp.decode([p for p in pieces if p != _EOS])
        return text.replace("\u2581", " ").strip()

    def translate(
        self, sentences: Sequence[str], source: str | None = None, target: str | None = None
    ) -> list[str]:
        """Translate sentences with a single ``translate_batch`` call; same order out.

        ``source`` and ``target`` default to the package's pair.
        """
        if not sentences:
            return []
        source = source or self.package.from_code
        target = target or self.package.to_code
        translator, (source_sp, target_sp) = self._load()
        batch = [self._source_tokens(source_sp, s, source) for s in sentences]
        prefix = self._target_prefix(target)
        try:
            results = translator.translate_batch(
                batch,
                target_prefix=[prefix] * len(batch) if prefix else None,
                beam_size=self.options.beam_size,
                max_decoding_length=self.options.max_decoding_length + len(prefix),
                max_batch_size=self.options.max_batch_size,
                replace_unknowns=True,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(
                f"{self.package.path}: translation failed ({exc}); fix: reinstall the package"
            ) from None
        finally:
            self.calls += 1
        return [self._decode(target_sp, r.hypotheses[0], prefix) for r in results]

    def close(self) -> None:
        """Release the model."""
        with self._lock:
            self._translator = None
            self._sp = None
