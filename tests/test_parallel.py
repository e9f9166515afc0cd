"""``process_parallel``: documents come back whole and in order, from forked warm workers."""

from __future__ import annotations

import pickle

from polyglot_news import parallel
from polyglot_news.parallel import _chunk_size, process_parallel
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
    assert _chunk_size(32) == 32 * parallel.CHUNK_BATCHES
    assert _chunk_size(1) == 1


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
