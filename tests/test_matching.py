"""One-to-one maximum-weight matching: the pairing of student marks with key items."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.matching import max_weight_matching


def total(edges, matching):
    return sum(edges[left, right] for left, right in matching.items())


def best_total(edges):
    """The optimum by brute force over every one-to-one assignment."""
    lefts = sorted({left for left, _ in edges})
    rights = sorted({right for _, right in edges})
    best = 0.0
    for k in range(min(len(lefts), len(rights)) + 1):
        for chosen in itertools.combinations(lefts, k):
            for perm in itertools.permutations(rights, k):
                pairs = list(zip(chosen, perm))
                if all(p in edges for p in pairs):
                    best = max(best, sum(edges[p] for p in pairs))
    return best


def test_no_edges_no_pairs():
    assert max_weight_matching({}) == {}


def test_single_edge_is_taken():
    assert max_weight_matching({(3, 7): 0.5}) == {3: 7}


def test_independent_edges_are_all_taken():
    assert max_weight_matching({(0, 0): 1.0, (1, 1): 0.6, (2, 5): 0.7}) == {0: 0, 1: 1, 2: 5}


def test_maximum_total_beats_greedy_choice_of_the_best_edge():
    # Greedy takes 0→0 (0.9) and leaves 1 without a partner: total 0.9.
    edges = {(0, 0): 0.9, (0, 1): 0.8, (1, 0): 0.7}
    assert max_weight_matching(edges) == {0: 1, 1: 0}  # total 1.5


def test_maximum_total_beats_list_order():
    edges = {(0, 0): 0.6, (0, 1): 0.6, (1, 0): 1.0}
    assert max_weight_matching(edges) == {0: 1, 1: 0}


def test_each_node_is_used_at_most_once():
    edges = {(0, 0): 1.0, (1, 0): 1.0, (2, 0): 1.0}
    matching = max_weight_matching(edges)
    assert len(matching) == 1


def test_ties_go_to_the_lower_index():
    assert max_weight_matching({(0, 0): 1.0, (1, 0): 1.0}) == {0: 0}
    assert max_weight_matching({(0, 0): 1.0, (0, 1): 1.0}) == {0: 0}


def test_ties_do_not_depend_on_insertion_order():
    forward = {(0, 0): 1.0, (0, 1): 1.0, (1, 0): 1.0, (1, 1): 1.0, (2, 1): 1.0}
    backward = dict(reversed(list(forward.items())))
    assert max_weight_matching(forward) == max_weight_matching(backward)


def test_more_lefts_than_rights():
    edges = {(0, 0): 0.5, (1, 0): 0.9, (2, 0): 0.7, (2, 1): 0.6}
    matching = max_weight_matching(edges)
    assert total(edges, matching) == best_total(edges) == 0.9 + 0.6


def test_separate_components_are_each_solved():
    edges = {(0, 0): 0.9, (0, 1): 0.8, (1, 0): 0.7, (5, 9): 0.3}
    assert max_weight_matching(edges) == {0: 1, 1: 0, 5: 9}


weights = st.sampled_from([0.25, 0.5, 0.6667, 0.75, 1.0, 2.0])
graphs = st.dictionaries(st.tuples(st.integers(0, 4), st.integers(0, 4)), weights,
                         max_size=12)


@settings(max_examples=300, deadline=None)
@given(graphs)
def test_matching_reaches_the_brute_force_optimum(edges):
    matching = max_weight_matching(edges)
    assert abs(total(edges, matching) - best_total(edges)) < 1e-9


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_matching_is_one_to_one_over_existing_edges(edges):
    matching = max_weight_matching(edges)
    assert len(set(matching.values())) == len(matching)
    assert all((left, right) in edges for left, right in matching.items())


@settings(max_examples=200, deadline=None)
@given(graphs, st.randoms(use_true_random=False))
def test_matching_does_not_depend_on_edge_order(edges, rng):
    items = list(edges.items())
    rng.shuffle(items)
    assert max_weight_matching(dict(items)) == max_weight_matching(edges)
