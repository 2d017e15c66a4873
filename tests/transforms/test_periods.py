"""The one date-window rule that merge, clustering and evaluation share."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.evaluate import in_period
from transforms.periods import overlap, period, widened

D = dt.date


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [
        (D(2016, 5, 15), 1, (D(2016, 5, 15), D(2016, 5, 15))),
        (D(2016, 5, 15), 2, (D(2016, 5, 15), D(2016, 5, 21))),
        (D(2016, 2, 1), 3, (D(2016, 2, 1), D(2016, 2, 29))),
        (D(2016, 3, 20), 3, (D(2016, 3, 20), D(2016, 3, 31))),  # 'late March'
        (D(2016, 9, 1), 4, (D(2016, 9, 1), D(2016, 12, 31))),  # 'late 2016'
        (D(2016, 9, 1), None, (D(2016, 9, 1), D(2016, 12, 31))),
    ],
)
def test_a_period_runs_from_the_date_to_the_end_of_its_precision(date, precision, expected):
    assert period(date, precision) == expected


def test_periods_overlap_when_they_share_a_day():
    march = period(D(2016, 3, 1), 3)
    assert overlap(march, period(D(2016, 3, 31), 1))
    assert not overlap(march, period(D(2016, 4, 1), 1))
    assert overlap(widened(march, after=1), period(D(2016, 4, 1), 1))


@pytest.mark.parametrize(
    ("pred", "gold", "precision", "inside"),
    [
        (D(2016, 3, 28), "2016-03-26", 1, True),
        (D(2016, 3, 29), "2016-03-26", 1, False),
        (D(2016, 4, 2), "2016-03-26", 2, True),
        (D(2016, 4, 3), "2016-03", 3, True),
        (D(2016, 4, 4), "2016-03", 3, False),
        (D(2016, 12, 31), "2016", 4, True),
        (D(2017, 1, 1), "2016", 4, False),
    ],
)
def test_evaluation_reads_the_gold_period_with_the_scorers_slack(pred, gold, precision, inside):
    assert in_period(pred, gold, precision) is inside
