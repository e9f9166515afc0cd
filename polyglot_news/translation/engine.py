"""One Argos package's CTranslate2 model and SentencePiece tokenizer.

This replaces ``argostranslate.translate`` (which imports torch, spaCy and
Stanza, and downloads a sentence splitter on first use): the caller splits
sentences, :meth:`Engine.translate` encodes them with the package's
SentencePiece model, runs **one** ``ctranslate2.Translator.translate_batch``
call for all of them (honouring the package's target prefix and a maximum
decoding length) and decodes the results. ``ctranslate2`` and
``sentencepiece`` are imported on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from polyglot_news.errors import ModelError
from polyglot_news.translation.package import InstalledPackage

__all__ = ["Engine", "EngineOptions"]


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
    """Translate sentences with one installed package (loaded on first use)."""

    def __init__(self, package: InstalledPackage, options: EngineOptions | None = None):
        self.package = package
        self.options = options or EngineOptions()
        self.calls = 0  # translate_batch calls made (for tests and stats)
        self._translator: Any = None
        self._sp: Any = None
        self._lock = threading.Lock()

    @property
    def cache_key(self) -> str:
        """Identifies this package and its decoding options in the translation cache."""
        return f"{self.package.name}@{self.package.version}:{self.options.key()}"

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._translator is None:
                self._sp = self._load_sentencepiece()
                self._translator = self._load_model()
        return self._translator, self._sp

    def _load_sentencepiece(self) -> Any:
        path = self.package.path / "sentencepiece.model"
        if not path.is_file():
            raise ModelError(
                f"{self.package.path}: no sentencepiece.model (BPE packages are not supported); "
                "fix: install a SentencePiece Argos package"
            )
        import sentencepiece as spm

        try:
            return spm.SentencePieceProcessor(model_file=str(path))
        except (OSError, RuntimeError) as exc:
            raise ModelError(f"{path}: cannot load ({exc}); fix: reinstall the package") from None

    def _load_model(self) -> Any:
        import ctranslate2

        path = self.package.path / "model"
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
        """The SentencePiece pieces of ``sentence``."""
        _, sp = self._load()
        pieces: list[str] = sp.encode(sentence, out_type=str)
        return pieces

    def keeps(self, text: str) -> bool:
        """True if ``text`` tokenizes without unknown pieces and decodes back unchanged."""
        _, sp = self._load()
        ids = sp.encode(text)
        return bool(ids) and sp.unk_id() not in ids and sp.decode(ids) == text

    def _decode(self, pieces: Sequence[str], prefix: Sequence[str]) -> str:
        if prefix and list(pieces[: len(prefix)]) == list(prefix):
            pieces = pieces[len(prefix) :]
        text: str = self._sp.decode(list(pieces))
        return text.replace("\u2581", " ").strip()

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """Translate sentences with a single ``translate_batch`` call; same order out."""
        if not sentences:
            return []
        translator, sp = self._load()
        batch = [sp.encode(s, out_type=str) for s in sentences]
        prefix_text = self.package.metadata.target_prefix
        prefix = [prefix_text] if prefix_text else []
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
        return [self._decode(r.hypotheses[0], prefix) for r in results]

    def close(self) -> None:
        """Release the model."""
        with self._lock:
            self._translator = None
            self._sp = None
