"""Tiny, real Argos Translate packages built offline in seconds (for tests, demos, benchmarks).

:func:`build_fixture_package` writes a genuine ``.argosmodel``: a SentencePiece
model trained on a few hundred generated lines, and a CTranslate2 Transformer
whose weights are set by hand (numpy, ``ctranslate2.specs``) so that decoder
step *t* attends to source position *t* and emits that token's translation
from a small word list (:data:`LEXICON`). Tokens the word list does not know
are copied through unchanged (so a name the "model" does not know comes out
mangled, in its source script, exactly as a real model may do). Outputs are
exact and deterministic; :data:`SENTENCES` documents them. Sentences longer
than 79 pieces are cut there (the model only has 80 position codes).

With the shipped glossary, 绍伊古 / Шойгу come out as "Shoigu" (the glossary's
short form), the model's "Defence Minister" is normalized to the glossary's
"Defense Minister", and 普京 / Путина (unknown to the model, see
:data:`UNKNOWN_NAME_SENTENCES`) come out as "Putin" through placeholders.

:func:`build_fixture_model_dir` writes the same kind of model as a plain
CTranslate2 model directory, the way ``ct2-transformers-converter`` leaves an
OPUS-MT (Marian) or an NLLB / M2M-100 conversion: ``model.bin``,
``config.json``, ``shared_vocabulary.json`` and the layout's SentencePiece
files. The OPUS-MT model has one SentencePiece model per side (``source.spm``
knows only source-language words, ``target.spm`` only target-language words)
and expects ``</s>`` after the source; the NLLB model expects the source
language token first (``zho_Hans``) and the target language token as target
prefix (``eng_Latn``), and since its decoder step *t* reads source position
*t*, a missing or extra token shifts every word: exact outputs prove the
tokens are right. The NLLB fixture is many-to-one: it knows the tokens of
every language of :data:`LANGS` and translates each of them into the one
``target`` it was built for.

Nothing heavy is imported at module level: numpy, sentencepiece and
``ctranslate2.specs`` are imported inside :func:`build_fixture_package`.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "LANGS",
    "LEXICON",
    "SENTENCES",
    "UNKNOWN_NAME_SENTENCES",
    "expected_translation",
    "build_fixture_package",
    "build_fixture_model_dir",
    "fixture_package_name",
    "FIXTURE_LANGUAGE_TOKENS",
]

#: The language tokens of the NLLB (``nllb``) and M2M-100 (``m2m``) fixture vocabularies.
FIXTURE_LANGUAGE_TOKENS: dict[str, dict[str, str]] = {
    "nllb": {"zh": "zho_Hans", "en": "eng_Latn", "ru": "rus_Cyrl"},
    "m2m": {"zh": "__zh__", "en": "__en__", "ru": "__ru__"},
}

LANGS: tuple[str, ...] = ("zh", "en", "ru")

# One concept per row: (zh, en, ru). A cell is one surface form, or a tuple of
# forms whose first is the one produced when translating *into* that language.
# Each form is a single SentencePiece piece, so translation is word for word.
LEXICON: tuple[tuple[str | tuple[str, ...], ...], ...] = (
    ("今天", "Today", "Сегодня"),
    ("明天", "Tomorrow", "Завтра"),
    ("绍伊古", "Shoigu", "Шойгу"),
    ("拉夫罗夫", "Lavrov", ("Лавров", "Лаврова")),
    ("国防部长", "Defence Minister", "Министр обороны"),
    ("北京", "Beijing", "Пекин"),
    ("莫斯科", "Moscow", ("Москва", "Москву")),
    ("访问", "visited", "посетил"),
    ("会见", "met", "встретил"),
    ("发表", "gave", "выступил"),
    ("讲话", "a speech", "с речью"),
    ("谈判", "talks", "переговоры"),
    ("将", "will", "будут"),
    ("继续", "continue", "продолжены"),
    ("。", ".", "."),
    ("，", ",", ","),
)

# (zh, en, ru): each translates word for word into the others, exactly.
SENTENCES: tuple[tuple[str, str, str], ...] = (
    ("今天绍伊古访问北京。", "Today Shoigu visited Beijing.", "Сегодня Шойгу посетил Пекин."),
    ("绍伊古会见拉夫罗夫。", "Shoigu met Lavrov.", "Шойгу встретил Лаврова."),
    ("明天谈判将继续。", "Tomorrow talks will continue.", "Завтра переговоры будут продолжены."),
    (
        "国防部长绍伊古发表讲话。",
        "Defence Minister Shoigu gave a speech.",
        "Министр обороны Шойгу выступил с речью.",
    ),
    ("今天拉夫罗夫访问莫斯科。", "Today Lavrov visited Moscow.", "Сегодня Лавров посетил Москву."),
)

# (source, lang, raw model output): names outside the word list are copied
# through, i.e. mangled, which is what glossary placeholders are for.
UNKNOWN_NAME_SENTENCES: tuple[tuple[str, str, str], ...] = (
    ("绍伊古会见普京。", "zh", "Shoigu met普京."),
    ("Шойгу встретил Путина.", "ru", "Shoigu met Путина."),
)

_EXTRA_CHARS = (
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 "
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ "
    "普京的了是在和有人大中国俄罗斯外交部长说 .,;:!?()-\"'%/ 。，、：；！？（）《》"
)
_MAX_POSITIONS = 80  # sentences up to 79 pieces translate whole; longer ones are cut there
_ENCODER_ROWS = 1024  # CTranslate2's default max_input_length: longer inputs are truncated
_DECODER_ROWS = 1024  # max_decoding_length (+ target prefix) may go this far
_SCORE = 40.0  # attention sharpness: softmax is one-hot to float32 precision
_LOGIT = 30.0


def fixture_package_name(source: str, target: str) -> str:
    """The package directory (and file stem) name for a pair, e.g. ``translate-zh_en-1_0``."""
    return f"translate-{source}_{target}-1_0"


def _forms(cell: str | tuple[str, ...]) -> tuple[str, ...]:
    return (cell,) if isinstance(cell, str) else cell


def _piece(form: str, lang: str) -> str:
    """The SentencePiece piece for a word form: spaced languages carry the ``▁`` marker."""
    if lang == "zh" or not form[:1].isalnum():
        return form
    return "\u2581" + form.replace(" ", "\u2581")


def _column(lang: str) -> int:
    if lang not in LANGS:
        raise ValueError(f"fixture languages are {', '.join(LANGS)}, not {lang!r}")
    return LANGS.index(lang)


def expected_translation(text: str, source: str, target: str) -> str | None:
    """What the fixture model for ``source``->``target`` outputs for one of :data:`SENTENCES`."""
    si, ti = _column(source), _column(target)
    for row in SENTENCES:
        if row[si] == text:
            return row[ti]
    return None


def _user_symbols(langs: Sequence[str] = LANGS) -> list[str]:
    symbols: list[str] = []
    for row in LEXICON:
        for lang, cell in zip(LANGS, row, strict=True):
            if lang not in langs:
                continue
            for form in _forms(cell):
                piece = _piece(form, lang)
                if piece not in symbols:
                    symbols.append(piece)
    return symbols


def _training_lines(seed: int = 13, langs: Sequence[str] = LANGS) -> Iterator[str]:
    """A few hundred deterministic lines: the sentences, shuffled word lists, the alphabets."""
    rng = random.Random(seed)
    columns = [_column(lang) for lang in langs]
    for _ in range(20):
        for row in SENTENCES:
            yield from (row[c] for c in columns)
        yield _EXTRA_CHARS
    for _ in range(100):
        for lang in langs:
            col = _column(lang)
            words = [rng.choice(_forms(row[col])) for row in rng.sample(LEXICON, 6)]
            yield ("" if lang == "zh" else " ").join(words)


@lru_cache(maxsize=4)
def _train_sentencepiece(langs: tuple[str, ...] = LANGS) -> bytes:
    """A SentencePiece model whose word pieces are the lexicon forms of ``langs``."""
    import sentencepiece as spm

    out = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=_training_lines(langs=langs),
        model_writer=out,
        model_type="unigram",
        vocab_size=400,
        hard_vocab_limit=False,
        character_coverage=1.0,
        normalization_rule_name="identity",
        user_defined_symbols=_user_symbols(langs),
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        num_threads=1,
        minloglevel=2,
    )
    return out.getvalue()


def _token_map(vocab: Sequence[str], source: str, target: str) -> dict[int, int]:
    """Source piece id -> target piece id; pieces outside the word list map to themselves."""
    index = {piece: i for i, piece in enumerate(vocab)}
    si, ti = _column(source), _column(target)
    mapping = {i: i for i in range(len(vocab))}
    for row in LEXICON:
        out_piece = _piece(_forms(row[ti])[0], target)
        for form in _forms(row[si]):
            mapping[index[_piece(form, source)]] = index[out_piece]
    return mapping


def _build_spec(
    vocab: Sequence[str], mapping: Mapping[int, int], offset: int, *, add_source_eos: bool = True
) -> Any:
    """A 1-layer Transformer that copies source position t (mapped) at decoder step t+offset."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    n_vocab, n_pos = len(vocab), _MAX_POSITIONS
    dim = n_pos + n_vocab  # [position one-hot | token one-hot]
    ffn = 4
    zeros = np.zeros
    ones = np.ones

    def layer_norm(ln: Any) -> None:
        ln.gamma = ones(dim, np.float32)
        ln.beta = zeros(dim, np.float32)

    def zero_ffn(spec: Any) -> None:
        layer_norm(spec.layer_norm)
        spec.linear_0.weight = zeros((ffn, dim), np.float32)
        spec.linear_1.weight = zeros((dim, ffn), np.float32)

    # Position codes are one-hot for the first n_pos positions and zero beyond: a
    # query past n_pos matches nothing and the </s> bias below ends the output.
    positions = zeros((_ENCODER_ROWS, dim), np.float32)
    positions[np.arange(n_pos), np.arange(n_pos)] = 1.0

    encoder = transformer_spec.TransformerEncoderSpec(1, 1, pre_norm=True, no_final_norm=True)
    decoder = transformer_spec.TransformerDecoderSpec(1, 1, pre_norm=True, no_final_norm=True)
    spec = transformer_spec.TransformerSpec(encoder, decoder)
    spec.config.add_source_eos = add_source_eos  # converted OPUS-MT / NLLB models: the caller

    emb = zeros((n_vocab, dim), np.float32)
    emb[np.arange(n_vocab), n_pos + np.arange(n_vocab)] = 1.0
    encoder.embeddings[0].weight = emb
    encoder.scale_embeddings = False
    encoder.position_encodings.encodings = positions
    enc_layer = encoder.layer[0]
    layer_norm(enc_layer.self_attention.layer_norm)
    enc_layer.self_attention.linear[0].weight = zeros((3 * dim, dim), np.float32)
    enc_layer.self_attention.linear[1].weight = zeros((dim, dim), np.float32)
    zero_ffn(enc_layer.ffn)

    decoder.embeddings.weight = zeros((n_vocab, dim), np.float32)
    decoder.scale_embeddings = False
    dec_pos = zeros((_DECODER_ROWS + offset, dim), np.float32)
    dec_pos[offset + np.arange(n_pos), np.arange(n_pos)] = 1.0
    decoder.position_encodings.encodings = dec_pos
    dec_layer = decoder.layer[0]
    layer_norm(dec_layer.self_attention.layer_norm)
    dec_layer.self_attention.linear[0].weight = zeros((3 * dim, dim), np.float32)
    dec_layer.self_attention.linear[1].weight = zeros((dim, dim), np.float32)
    cross = dec_layer.attention
    layer_norm(cross.layer_norm)
    query = zeros((dim, dim), np.float32)
    query[np.arange(n_pos), np.arange(n_pos)] = _SCORE
    cross.linear[0].weight = query
    # Every query also half-matches the source's final </s>: past the end of the
    # source, attention falls on </s> and every beam ends, instead of running to
    # the maximum decoding length.
    eos = n_pos + list(vocab).index("</s>")
    query_bias = zeros(dim, np.float32)
    query_bias[eos] = _SCORE * np.sqrt(dim) / 2
    cross.linear[0].bias = query_bias
    key_value = zeros((2 * dim, dim), np.float32)
    key_value[np.arange(n_pos), np.arange(n_pos)] = 1.0  # keys: source position
    key_value[eos, eos] = 1.0  # and "this is the end of the source"
    tokens = n_pos + np.arange(n_vocab)
    key_value[dim + tokens, tokens] = 1.0  # values: source token
    cross.linear[1].weight = key_value
    out = zeros((dim, dim), np.float32)
    out[tokens, tokens] = 1.0
    cross.linear[2].weight = out
    zero_ffn(dec_layer.ffn)

    projection = zeros((n_vocab, dim), np.float32)
    for src, tgt in mapping.items():
        projection[tgt, n_pos + src] = _LOGIT
    decoder.projection.weight = projection

    spec.register_source_vocabulary(list(vocab))
    spec.register_target_vocabulary(list(vocab))
    spec.validate()
    return spec


def _metadata(source: str, target: str, target_prefix: str) -> dict[str, Any]:
    names = {"zh": "Chinese", "en": "English", "ru": "Russian"}
    meta: dict[str, Any] = {
        "package_version": "1.0",
        "argos_version": "1.9",
        "type": "translate",
        "from_code": source,
        "from_name": names[source],
        "to_code": target,
        "to_name": names[target],
        "links": [],
    }
    if target_prefix:
        meta["target_prefix"] = target_prefix
    return meta


def build_fixture_package(
    dest_dir: str | os.PathLike[str],
    source: str = "zh",
    target: str = "en",
    *,
    target_prefix: str = "",
) -> Path:
    """Build ``<dest_dir>/translate-<source>_<target>-1_0.argosmodel`` and return its path.

    ``source`` and ``target`` are two of :data:`LANGS`. The package translates
    :data:`SENTENCES` exactly (see :func:`expected_translation`). With
    ``target_prefix`` (a piece such as ``"__en__"``), the model expects that
    prefix as its first output token, like Argos's multilingual packages.
    Deterministic: the same arguments give byte-identical model files.
    """
    import sentencepiece as spm

    if source == target:
        raise ValueError(f"source and target must differ, got {source!r} twice")
    _column(source), _column(target)
    sp_model = _train_sentencepiece()
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    vocab = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    if target_prefix and target_prefix not in vocab:
        vocab.append(target_prefix)
    spec = _build_spec(vocab, _token_map(vocab, source, target), 1 if target_prefix else 0)

    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    name = fixture_package_name(source, target)
    out_path = dest / f"{name}.argosmodel"
    with tempfile.TemporaryDirectory(prefix="fixture-", dir=dest) as tmp:
        root = Path(tmp) / name
        (root / "model").mkdir(parents=True)
        spec.save(str(root / "model"))
        (root / "sentencepiece.model").write_bytes(sp_model)
        (root / "metadata.json").write_text(
            json.dumps(_metadata(source, target, target_prefix), indent=2, ensure_ascii=False),
            encoding="utf-8",
        )
        (root / "README.md").write_text(
            f"Tiny word-for-word {source}->{target} test package built by polyglot_news.\n",
            encoding="utf-8",
        )
        partial = Path(tmp) / "out.argosmodel"
        _zip_dir(root, partial)
        shutil.move(str(partial), out_path)
    return out_path


def _zip_dir(root: Path, out: Path) -> None:
    """Zip ``root`` as one top-level folder, with fixed timestamps (reproducible bytes)."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            arcname = f"{root.name}/{path.relative_to(root).as_posix()}"
            if path.is_dir():
                info = zipfile.ZipInfo(arcname + "/", date_time=(2020, 1, 1, 0, 0, 0))
                info.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(info, b"")
            else:
                info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())


def _vocab_of(sp_model: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def build_fixture_model_dir(
    dest_dir: str | os.PathLike[str],
    layout: str = "opus-mt",
    source: str = "zh",
    target: str = "en",
    *,
    tokens: str = "nllb",
) -> Path:
    """Build a CTranslate2 model directory of ``layout`` in ``dest_dir``; return its path.

    ``layout="opus-mt"``: ``<dest_dir>/opus-mt-<source>-<target>/``, translating
    :data:`SENTENCES` from ``source`` into ``target`` exactly.
    ``layout="nllb"``: ``<dest_dir>/nllb-fixture-<target>/`` (``m2m-fixture-...``
    with ``tokens="m2m"``), which knows the language tokens of every language
    of :data:`LANGS` (:data:`FIXTURE_LANGUAGE_TOKENS`) and translates each of
    them into ``target`` (``source`` is not used). Deterministic.
    """
    if layout not in ("opus-mt", "nllb"):
        raise ValueError(f"layout must be 'opus-mt' or 'nllb', not {layout!r}")
    _column(source), _column(target)
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    if layout == "opus-mt":
        if source == target:
            raise ValueError(f"source and target must differ, got {source!r} twice")
        source_sp = _train_sentencepiece((source,))
        target_sp = _train_sentencepiece((target,))
        vocab = list(dict.fromkeys([*_vocab_of(source_sp), *_vocab_of(target_sp)]))
        spec = _build_spec(vocab, _token_map(vocab, source, target), 0, add_source_eos=False)
        spec.config.decoder_start_token = "</s>"  # as the converter sets it for Marian
        files = {"source.spm": source_sp, "target.spm": target_sp}
        name = f"opus-mt-{source}-{target}"
    else:
        if tokens not in FIXTURE_LANGUAGE_TOKENS:
            raise ValueError(f"tokens must be one of {', '.join(FIXTURE_LANGUAGE_TOKENS)}")
        sp_model = _train_sentencepiece()
        language_tokens = FIXTURE_LANGUAGE_TOKENS[tokens]
        vocab = [*_vocab_of(sp_model), *(language_tokens[lang] for lang in LANGS)]
        mapping = {i: i for i in range(len(vocab))}
        for lang in LANGS:
            if lang != target:
                mapping.update((k, v) for k, v in _token_map(vocab, lang, target).items() if k != v)
        spec = _build_spec(vocab, mapping, 0, add_source_eos=False)
        spec.config.decoder_start_token = "</s>"
        files = {"sentencepiece.bpe.model": sp_model}
        name = f"{tokens}-fixture-{target}"
    out = dest / name
    with tempfile.TemporaryDirectory(prefix="fixture-", dir=dest) as tmp:
        root = Path(tmp) / name
        root.mkdir()
        spec.save(str(root))
        for file_name, data in files.items():
            (root / file_name).write_bytes(data)
        if out.exists():
            shutil.rmtree(out)
        shutil.move(str(root), out)
    return out
