"""Paraphrased excerpts of real reports (tests/prose_excerpts/*.toml): the share of the
facts a careful reader takes from them that come out, per class of phrasing."""

from __future__ import annotations

from tests.excerpt_scoring import load_excerpts, report, score_all

MIN_SHARE = 0.85
MIN_EXCERPTS = 15


def test_there_are_enough_excerpts_each_with_its_source_and_facts() -> None:
    excerpts = load_excerpts()
    assert len(excerpts) >= MIN_EXCERPTS
    for name, case in excerpts:
        assert case["source"].startswith("http"), name
        assert case["text"].strip() and case["class"], name
        assert {"summary", "projects", "indicators", "amounts"} & case.keys(), name


def test_most_facts_of_the_excerpts_come_out() -> None:
    facts = score_all()
    print("\n" + report(facts))
    share = sum(f.found for f in facts) / len(facts)
    assert share >= MIN_SHARE, [f"{f.excerpt}: {f.what}" for f in facts if not f.found]
