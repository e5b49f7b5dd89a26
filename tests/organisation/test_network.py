from helhet.organisation.network import silo_index


def test_the_silo_index_is_the_weighted_share_crossing_group_borders():
    weights = {(1, 2): 3.0, (2, 3): 1.0, (1, 9): 5.0}  # 9 is outside the organisation
    assert silo_index(weights, {1: "a", 2: "a", 3: "b"}) == 0.25
    assert silo_index(weights, {1: "a", 2: "b", 3: "b"}) == 0.75


def test_no_collaboration_inside_the_organisation_gives_no_index():
    assert silo_index({(1, 9): 2.0}, {1: "a"}) is None
