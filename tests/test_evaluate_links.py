"""training.evaluate_links: how events are scored against the link gold."""

from types import SimpleNamespace as NS

from training.evaluate_links import event_counts, gold_sets, predicted_sets

LINK = {
    "officials": [], "documents": [], "aliases": [],
    "agencies": [{"name": "Ủy ban nhân dân tỉnh Gia Lai", "parent": None, "mentions": ["UBND tỉnh Gia Lai", "UBND tỉnh"]},
                 {"name": "Viettel Gia Lai", "parent": None, "mentions": ["Viettel Gia Lai"]}],
    "events": [{"kind": "buổi làm việc", "date": "2024-03-05", "place": None, "chair": "Nguyễn Hữu Quế",
                "bodies": ["UBND tỉnh", "Viettel Gia Lai"]},
               {"kind": "hội nghị", "date": None, "place": None, "chair": None, "bodies": []}],
}


def doc(*events, agencies=()):
    return NS(events=list(events), agencies=list(agencies), text="", officials=[], documents=[], assignments=[])


def ev(kind, date, chair=None, bodies=()):
    return NS(kind=kind, date=date, chair=chair, bodies=list(bodies))


def test_an_event_is_found_by_kind_and_date_then_judged_on_chair_and_bodies():
    # a predicted record's own name («UBND Gia Lai») counts as the gold body its mentions belong to
    agency = NS(name="UBND Gia Lai", mentions=[(0, 9)])
    d = doc(ev("buổi làm việc", "2024-03-05", "Nguyễn Hữu Quế", ["UBND Gia Lai", "Viettel Gia Lai"]), agencies=[agency])
    d.text = "UBND tỉnh làm việc với Viettel Gia Lai"
    c = event_counts(d, LINK)
    assert (c["n"], c["matched"], c["chair"], c["bodies"]) == (2, 1, 1, 1)


def test_a_wrong_date_finds_nothing_and_a_wrong_chair_or_body_set_is_counted_wrong():
    assert event_counts(doc(ev("buổi làm việc", "2024-03-06", "Nguyễn Hữu Quế")), LINK)["matched"] == 0
    c = event_counts(doc(ev("buổi làm việc", "2024-03-05", None, ["Viettel Gia Lai"]), ev("hội nghị", None)), LINK)
    assert (c["matched"], c["chair_n"], c["chair"], c["bodies_n"], c["bodies"]) == (2, 2, 1, 2, 1)


def test_one_predicted_event_matches_one_gold_event():
    link = {**LINK, "events": [LINK["events"][1], LINK["events"][1]]}
    assert event_counts(doc(ev("hội nghị", None)), link)["matched"] == 1


def test_event_sets_are_kind_and_date():
    assert gold_sets(LINK)["events"] == {("buổi làm việc", "2024-03-05"), ("hội nghị", None)}
    assert predicted_sets(doc(ev("hội nghị", None)), {}, LINK)["events"] == {("hội nghị", None)}
