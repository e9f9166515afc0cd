"""``process_parallel``: documents come back whole and in order, from forked warm workers."""

from __future__ import annotations

import pickle

from polyglot_news import parallel
from polyglot_news.parallel import _batches_per_chunk, process_parallel
from polyglot_news.pipeline import Pipeline

LINES = [
    "Sergey Shoygu met Gen. Xu Qi-liang in the capital.",
    "Министр обороны Сергей Шойгу прибыл с визитом.",
    "紹伊古会见了李尚福。",
    "Read more | Share | Back to top",
    "",
    "The committee met on Tuesday and agreed on a budget.",
]


def test_documents_survive_the_process_pickler_exactly() -> None:
    docs = list(Pipeline(translate=False).process_many(LINES))
    data = bytes(parallel.ForkingPickler.dumps(docs))
    assert pickle.loads(data) == docs
    assert [d.to_dict() for d in pickle.loads(data)] == [d.to_dict() for d in docs]


def test_chunks_hold_several_batches_but_one_record_when_interactive() -> None:
    assert _batches_per_chunk(32) == parallel.CHUNK_BATCHES
    assert _batches_per_chunk(1) == 1


def test_two_workers_in_order_across_many_chunks() -> None:
    items = [(LINES[i % len(LINES)], {"n": i}) for i in range(60)]
    options = {"translate": False}
    one = [d.to_dict() for d in process_parallel(items, workers=1, pipeline_options=options)]
    two = [
        d.to_dict()
        for d in process_parallel(items, workers=2, batch_size=2, pipeline_options=options)
    ]
    assert [d["meta"]["n"] for d in two] == list(range(60))
    assert one == two
    assert parallel._PIPELINE is None  # the parent let go of its warm pipeline


def test_batches_keep_a_source_together_up_to_the_cap() -> None:
    from polyglot_news.batch import MAX_BATCH_FACTOR, batches

    items = [(f"p{i}", {"source": "a"}) for i in range(5)] + [
        (f"q{i}", {"source": "b"}) for i in range(30)
    ]
    sizes = [len(b) for b in batches(items, 2)]
    # a's 5 paragraphs stay together; b is cut at the cap
    assert sizes[0] == 5
    assert sizes[1:] == [2 * MAX_BATCH_FACTOR, 2 * MAX_BATCH_FACTOR - 2]
    assert [len(b) for b in batches(["x"] * 5, 2)] == [5]  # texts naming no source: one source


def test_workers_cut_batches_as_one_process_does() -> None:
    # a chunk is whole batches, so a page cut across a chunk boundary in the pool would
    # get other boilerplate context than in one process
    from polyglot_news.batch import SerialRunner, batches, drive

    items = [(f"line {i}", {"source": f"f{i // 7}"}) for i in range(60)]
    seen: list[list[str]] = []

    class Recorder:
        def process_many(self, chunk, batch_size=32):  # type: ignore[no-untyped-def]
            for batch in batches(chunk, batch_size):
                seen.append([t for t, _ in batch])
            return iter(Pipeline(translate=False).process_many(chunk, batch_size))

        def process(self, text, meta=None):  # type: ignore[no-untyped-def]
            raise AssertionError

    runner = SerialRunner(Recorder(), 4)  # type: ignore[arg-type]
    list(drive(items, runner))
    serial = [[t for t, _ in b] for b in batches(items, 4)]
    assert seen == serial
    runner.batches_per_chunk = 3
    seen.clear()
    list(drive(items, runner))
    assert seen == serial
