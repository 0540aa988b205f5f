"""Documents cut into runs: contiguous ranges of the partitions' order, bounded in size."""

from pipeline.batching import partition_ranges
from pipeline.dagster_internals import range_tags

ORDER = ["a", "b", "c", "d", "e", "f"]


def test_consecutive_partitions_go_in_one_run():
    assert partition_ranges(ORDER, {"b", "c", "d"}) == [["b", "c", "d"]]


def test_a_gap_in_the_order_starts_a_new_run():
    assert partition_ranges(ORDER, {"a", "b", "d", "f"}) == [["a", "b"], ["d"], ["f"]]


def test_a_run_never_exceeds_the_size_limit():
    assert partition_ranges(ORDER, set(ORDER), max_size=4) == [["a", "b", "c", "d"], ["e", "f"]]


def test_keys_without_a_partition_are_left_out():
    assert partition_ranges(ORDER, {"c", "zz"}) == [["c"]]


def test_nothing_wanted_means_no_run():
    assert partition_ranges(ORDER, set()) == []


def test_range_tags_name_the_first_and_last_partition():
    assert range_tags(["b", "c", "d"]) == {
        "dagster/asset_partition_range_start": "b",
        "dagster/asset_partition_range_end": "d",
    }
