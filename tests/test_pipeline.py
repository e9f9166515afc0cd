"""The pipeline: segments tile the original, nothing is lost, translation is batched."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_news import Document, Pipeline
from polyglot_news.document import SCHEMA_VERSION
from polyglot_news.errors import MissingModelError, UsageError
from polyglot_news.translation import Translation


def FakeTranslation(text: str, source: str, target: str) -> Translation:  # noqa: N802
    """What a stand-in translator returns: a model translation by the package ``fake``
    (no ``raw``: the pipeline normalizes the text itself)."""
    return Translation(text, source, target, "model", ("fake",))


@dataclass
class FakeTranslator:
    """Stands in for polyglot_news.translation.Translator to observe batching."""

    pairs: frozenset[str] = frozenset({"zh", "ru"})
    calls: list[list[tuple[str, str]]] = field(default_factory=list)
    closed: bool = False

    def has_pair(self, source: str, target: str | None = None) -> bool:
        return source in self.pairs

    def translate_batch(self, items: Sequence[tuple[str, str]]) -> list[Translation]:
        self.calls.append(list(items))
        return [FakeTranslation(f"<{lang}:{len(text)}>", lang, "en") for text, lang in items]

    def close(self) -> None:
        self.closed = True


def _tiles(doc: Document) -> bool:
    pos = 0
    for seg in doc.segments:
        if seg.start != pos or doc.original[seg.start : seg.end] != seg.text:
            return False
        pos = seg.end
    return pos == len(doc.original)


def test_normalizes_english_and_records_changes() -> None:
    doc = Pipeline(translate=False).process("Sergey Shoygu met Xu Qi-liang.")
    assert doc.text == "Sergei Shoigu met Xu Qiliang."
    ids = [c.entry_id for _, c in doc.changes]
    assert ids == ["sergei_shoigu", "xu_qiliang"]
    assert _tiles(doc)


def test_round_trips_through_dict() -> None:
    doc = Pipeline(translate=False).process("Shoygu said «Путину это важно» 在北京。")
    again = Document.from_dict(doc.to_dict())
    assert again == doc
    assert doc.to_dict()["schema_version"] == SCHEMA_VERSION


def test_from_dict_refuses_other_schema() -> None:
    data = Pipeline(translate=False).process("x").to_dict()
    data["schema_version"] = 99
    with pytest.raises(ValueError, match="schema_version=99"):
        Document.from_dict(data)


def test_translation_is_batched_across_documents() -> None:
    fake = FakeTranslator()
    pipe = Pipeline(translator=fake, flag_boilerplate=False)
    texts = [f"Talks {i}: 双方同意加强合作。 And «Стороны договорились»." for i in range(5)]
    docs = list(pipe.process_many(texts, batch_size=5))
    assert len(fake.calls) == 1  # one call for the whole batch
    assert [d.original for d in docs] == texts
    for doc in docs:
        methods = {s.lang: s.method for s in doc.segments}
        assert methods["zh"] == "model" and methods["ru"] == "model"
        assert "<zh:" in doc.text and "<ru:" in doc.text
        assert _tiles(doc)


def test_batches_follow_batch_size_and_order() -> None:
    fake = FakeTranslator()
    pipe = Pipeline(translator=fake, flag_boilerplate=False)
    texts = [f"{i} 双方同意。" for i in range(7)]
    docs = list(pipe.process_many([(t, {"source": t}) for t in texts], batch_size=3))
    assert [d.original for d in docs] == texts
    assert len(fake.calls) == 3
    # one source (texts naming none count as one) stays in one batch, up to 8 x batch_size
    fake.calls.clear()
    docs = list(pipe.process_many(texts, batch_size=3))
    assert [d.original for d in docs] == texts
    assert len(fake.calls) == 1
    fake.calls.clear()
    list(pipe.process_many(texts * 4, batch_size=3))
    assert len(fake.calls) == 2  # 24 + 4


def test_missing_model_keeps_text_and_says_so() -> None:
    fake = FakeTranslator(pairs=frozenset())
    doc = Pipeline(translator=fake, flag_boilerplate=False).process("He said 双方同意加强合作。")
    zh = [s for s in doc.segments if s.lang == "zh"]
    assert zh and all(s.method == "none" and s.reason == "no-model: zh->en" for s in zh)
    assert "双方同意加强合作" in doc.text
    assert any("zh->en" in note for note in doc.notes)
    assert fake.calls == []


def test_missing_model_error_from_translator_is_reported() -> None:
    class Raising(FakeTranslator):
        def translate_batch(self, items: Sequence[tuple[str, str]]) -> list[Translation]:
            raise MissingModelError("zh", "en")

    doc = Pipeline(translator=Raising(), flag_boilerplate=False).process("He said 双方同意。")
    assert "双方同意" in doc.text
    assert any("zh->en" in n for n in doc.notes)


def test_glossary_only_segment_needs_no_model() -> None:
    fake = FakeTranslator(pairs=frozenset())
    doc = Pipeline(translator=fake, flag_boilerplate=False).process("绍伊古")
    (seg,) = doc.segments
    assert seg.method == "glossary"
    assert doc.text == "Shoigu"
    assert fake.calls == []


def test_no_translate_leaves_foreign_text_with_reason() -> None:
    doc = Pipeline(translate=False).process("He said 双方同意。")
    zh = [s for s in doc.segments if s.lang == "zh"]
    assert zh[0].reason == "translation-disabled"
    assert doc.target is None


def test_bad_drop_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="cannot drop content"):
        Pipeline(drop={"content"})
    with pytest.raises(UsageError, match="batch_size"):
        list(Pipeline(translate=False).process_many(["x"], batch_size=0))


def test_empty_and_whitespace_inputs() -> None:
    pipe = Pipeline(translate=False)
    for text in ["", " ", "\t\n", "123", "😀"]:
        doc = pipe.process(text)
        assert doc.original == text and doc.text == text and _tiles(doc)


def test_close_releases_translator() -> None:
    fake = FakeTranslator()
    with Pipeline(translator=fake) as pipe:
        pipe.process("x")
    assert fake.closed


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_kept_and_tiled(text: str) -> None:
    doc = Pipeline(translate=False, normalize=False, flag_boilerplate=False).process(text)
    assert doc.original == text
    assert doc.text == text
    assert _tiles(doc)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_untouched_segments_are_byte_identical(text: str) -> None:
    doc = Pipeline(translate=False).process(text)
    assert _tiles(doc)
    for seg in doc.segments:
        if not seg.changes and not seg.dropped:
            assert seg.output == seg.text


def test_translated_segment_gets_a_space_only_where_words_would_fuse() -> None:
    class Wordy(FakeTranslator):
        def translate_batch(self, items: Sequence[tuple[str, str]]) -> list[Translation]:
            return [FakeTranslation("to cooperate", lang, "en") for _, lang in items]

    text = "Both sides said that they agreed双方同意加强合作"
    doc = Pipeline(translator=Wordy(), flag_boilerplate=False).process(text)
    assert doc.text == "Both sides said that they agreed to cooperate"
    untouched = Pipeline(translate=False, flag_boilerplate=False).process(text)
    assert untouched.text == text


def test_space_after_sentence_punctuation_only_where_the_target_spaces_words() -> None:
    from polyglot_news.pipeline import _needs_space

    assert _needs_space("Beijing.", "Shoigu", "en")
    assert _needs_space("said:", "Today", "ru")
    assert _needs_space("Beijing.\u201d", "Then", "en")  # after a closing quote
    assert _needs_space("said:", "\u201cToday", "en")  # before an opening quote
    assert not _needs_space("said: ", "Today", "en")  # already spaced
    assert not _needs_space("said:", " Today", "en")
    assert not _needs_space("Beijing.", ", then", "en")
    assert not _needs_space("Beijing.", '"Then', "en")  # an ASCII quote may close: left alone
    assert not _needs_space("北京。", "Shoigu", "en")  # full-width: its own space
    assert not _needs_space("说：", "今天", "zh")
    assert not _needs_space("hi.", "今天", "zh")  # Chinese puts no space after it


def test_translation_into_chinese_does_not_space_after_punctuation() -> None:
    class ToChinese(FakeTranslator):
        def translate_batch(self, items: Sequence[tuple[str, str]]) -> list[Translation]:
            return [FakeTranslation("绍伊古说.", lang, "zh") for _, lang in items]

    text = "Shoigu said hi.今天很好。"
    doc = Pipeline("zh", translator=ToChinese(frozenset({"en"})), flag_boilerplate=False).process(
        text
    )
    assert doc.text == "绍伊古说.今天很好。"  # a model may end in ASCII punctuation


# -- with the real fixture models (tiny Argos packages built at test time) -------------------


def _real_pipeline(models_dir: object, **kw: object) -> Pipeline:
    options = {"models_dir": models_dir, "threads": 1, "compute_type": "float32"}
    return Pipeline(translator_options=options, flag_boilerplate=False, **kw)  # type: ignore[arg-type]


def test_real_model_translates_mixed_text_and_glossary_normalizes(
    fixture_models_dir: object,
) -> None:
    with _real_pipeline(fixture_models_dir) as pipe:
        doc = pipe.process("The agency said: 国防部长绍伊古发表讲话。 Sergey Shoygu smiled.")
    assert (
        doc.text == "The agency said: Defense Minister Shoigu gave a speech. Sergei Shoigu smiled."
    )
    zh = next(s for s in doc.segments if s.lang == "zh")
    assert zh.method == "model" and zh.packages
    assert zh.translation == "Defence Minister Shoigu gave a speech."
    assert [(c.original, c.entry_id) for c in zh.changes] == [("Defence Minister", "t_defmin")]
    assert Document.from_dict(doc.to_dict()) == doc


def test_glossary_work_is_done_once_per_segment(
    fixture_models_dir: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the pipeline asks the glossary once whether a text is glossary terms alone, and
    # records the changes of the translator's normalization instead of normalizing again
    from polyglot_news.glossary import Glossary

    asked: list[str] = []
    normalized: list[str] = []
    terms, norm = Glossary.translate_terms, Glossary.normalize
    monkeypatch.setattr(
        Glossary, "translate_terms", lambda g, t, *a: asked.append(t) or terms(g, t, *a)
    )
    monkeypatch.setattr(
        Glossary, "normalize", lambda g, t, *a, **k: normalized.append(t) or norm(g, t, *a, **k)
    )
    with _real_pipeline(fixture_models_dir) as pipe:
        doc = pipe.process("国防部长绍伊古发表讲话。")
    (zh,) = doc.segments
    assert zh.method == "model" and asked == ["国防部长绍伊古发表讲话。"]
    assert zh.translation == "Defence Minister Shoigu gave a speech."
    assert normalized.count(zh.translation) == 1  # by the translator, not again
    assert [(c.original, c.entry_id, c.lang) for c in zh.changes] == [
        ("Defence Minister", "t_defmin", "en")
    ]
    assert doc.text == "Defense Minister Shoigu gave a speech."


def test_a_translator_of_another_glossary_is_normalized_again(fixture_models_dir: object) -> None:
    from polyglot_news.translation import Translator

    options = {"models_dir": fixture_models_dir, "threads": 1, "compute_type": "float32"}
    with Translator("en", glossary=None, **options) as bare:  # type: ignore[arg-type]
        doc = Pipeline(translator=bare, flag_boilerplate=False).process("国防部长绍伊古发表讲话。")
    assert doc.text == "Defense Minister Shoigu gave a speech."
    assert [c.entry_id for _, c in doc.changes] == ["t_defmin"]


def test_real_model_batches_many_documents(fixture_models_dir: object) -> None:
    texts = [
        "今天绍伊古访问北京。",
        "Шойгу встретил Лаврова.",
        "No foreign text.",
        "明天谈判将继续。",
    ]
    with _real_pipeline(fixture_models_dir) as pipe:
        docs = list(pipe.process_many(texts, batch_size=4))
    assert [d.text for d in docs] == [
        "Today Shoigu visited Beijing.",
        "Shoigu met Lavrov.",
        "No foreign text.",
        "Tomorrow talks will continue.",
    ]


def test_undecodable_bytes_reach_the_model_as_replacement_chars(fixture_models_dir: object) -> None:
    text = "Lead: 今天绍伊古访问北京。\udcff"
    with _real_pipeline(fixture_models_dir) as pipe:
        doc = pipe.process(text)
    assert doc.original == text
    assert "Today Shoigu visited Beijing." in doc.text


def test_languages_the_glossary_does_not_cover_are_left_with_a_reason() -> None:
    fake = FakeTranslator(pairs=frozenset())
    doc = Pipeline(translator=fake, flag_boilerplate=False).process("שלום עולם and Здравствуйте")
    he = [s for s in doc.segments if s.lang == "he"]
    assert he and he[0].reason == "no-model: he->en"
    assert doc.text == "שלום עולם and Здравствуйте"


FOOTER = "Subscribe to the Daily Courier newsletter for updates"
STORIES = [
    "Heavy rain is expected on Monday across the north of the region, forecasters said today.",
    "The town council met on Friday to vote on the new budget for schools and roads in spring.",
    "Ministers from both countries signed a trade agreement after two days of talks in Moscow.",
    "The museum reopened after a long renovation, drawing large crowds on its first weekend.",
]


def test_repetition_is_judged_within_a_batch_and_order_free() -> None:
    docs = [f"{story}\n\n{FOOTER}" for story in STORIES]
    pipe = Pipeline(translate=False)
    out = list(pipe.process_many(docs, batch_size=4))
    # every document of the batch, the first included, sees the footer repeated
    for doc in out:
        footer = [s for s in doc.segments if FOOTER in s.text]
        assert footer and all(s.flag == "boilerplate" for s in footer), doc.segments
        assert any(s.flag == "content" for s in doc.segments)
    # the same batch in another order flags the same way
    again = list(pipe.process_many(list(reversed(docs)), batch_size=4))
    assert [d.to_dict() for d in reversed(again)] == [d.to_dict() for d in out]


def test_drop_removes_flagged_text_but_records_it() -> None:
    text = (
        "Ministers signed a trade agreement after two days of talks.\n\n"
        "Back to top | About Us | Contact Us | Privacy Policy"
    )
    doc = Pipeline(translate=False, drop={"boilerplate", "spam"}).process(text)
    assert "Back to top" not in doc.text
    assert doc.text.startswith("Ministers signed a trade agreement")
    dropped = [s for s in doc.segments if s.dropped]
    assert dropped and all(s.output == "" and s.flag == "boilerplate" for s in dropped)
    assert "Back to top" in "".join(s.text for s in dropped)
    kept = Pipeline(translate=False).process(text)
    assert kept.text == text  # flags alone never change the text


def test_flagged_segments_are_not_translated() -> None:
    fake = FakeTranslator()
    text = (
        "He said the talks went well.\n\n"
        "免费视频在线观看| 最新影院在线播放| 永久免费网站导航| 精品视频免费看| 在线观看高清视频"
    )
    doc = Pipeline(translator=fake).process(text)
    spam = [s for s in doc.segments if s.flag == "spam"]
    assert spam and all(s.method == "none" and s.reason == "flagged: spam" for s in spam)
    assert fake.calls == []
    doc = Pipeline(translator=fake, translate_flagged=True).process(text)
    assert fake.calls


def test_real_translation_does_not_fuse_with_what_follows(fixture_models_dir: object) -> None:
    with _real_pipeline(fixture_models_dir) as pipe:
        after = pipe.process("今天绍伊古访问北京。Shoygu said hi.")
        before = pipe.process("He said:今天绍伊古访问北京。")
    assert after.text == "Today Shoigu visited Beijing. Shoigu said hi."
    assert before.text == "He said: Today Shoigu visited Beijing."
    assert _tiles(after) and _tiles(before)  # the space is in the output only


def test_without_normalize_the_translator_still_renders_glossary_only_text(
    fixture_models_dir: object,
) -> None:
    # `polyglot-news translate` runs with normalize=False: the translator decides then
    with _real_pipeline(fixture_models_dir, normalize=False) as pipe:
        (seg,) = pipe.process("绍伊古").segments
    assert (seg.method, seg.output) == ("glossary", "Shoigu")


def test_a_name_island_is_recorded_on_its_segment() -> None:
    doc = Pipeline(translate=False).process("The defence minister Шойгу spoke to the crew.")
    islands = [s for s in doc.segments if s.island]
    assert [(s.text.strip(), s.lang, s.matrix) for s in islands] == [("Шойгу", "ru", "en")]
    assert all(s.matrix is None for s in doc.segments if s.lang == "en")
    data = doc.to_dict()
    assert [s["island"] for s in data["segments"]] == [s.island for s in doc.segments]
    assert Document.from_dict(data) == doc
