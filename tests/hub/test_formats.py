"""One format for dates, one for date-times (24-hour), one shape for ranges, in each language."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

MOMENT = datetime.datetime(2026, 12, 2, 14, 5, tzinfo=ZoneInfo("Asia/Tbilisi"))


@pytest.mark.parametrize(
    ("language", "date", "datetime_"),
    [("ka", "2 დეკემბერი 2026", "2 დეკემბერი 2026, 14:05"), ("en", "2 December 2026", "2 December 2026, 14:05")],
)
def test_dates_and_date_times_have_one_shape_each(language, date, datetime_):
    with translation.override(language):
        assert date_format(MOMENT.date(), "DATE_FORMAT") == date
        assert date_format(MOMENT.date(), "SHORT_DATE_FORMAT") == date
        assert date_format(MOMENT, "DATETIME_FORMAT") == datetime_
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == datetime_
        assert "m." not in date_format(MOMENT, "TIME_FORMAT")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (datetime.date(2016, 2, 22), datetime.date(2016, 3, 4), "22 თებერვალი – 4 მარტი 2016"),
        (datetime.date(2016, 2, 22), datetime.date(2016, 2, 28), "22–28 თებერვალი 2016"),
        (datetime.date(2015, 12, 22), datetime.date(2016, 1, 4), "22 დეკემბერი 2015 – 4 იანვარი 2016"),
        (datetime.date(2016, 2, 22), datetime.date(2016, 2, 22), "22 თებერვალი 2016"),
    ],
)
def test_date_ranges_write_the_shared_part_once(start, end, expected):
    template = Template("{% load hub_dates %}{% date_range start end %}")
    with translation.override("ka"):
        assert template.render(Context({"start": start, "end": end})) == expected


def test_date_ranges_in_english():
    template = Template("{% load hub_dates %}{% date_range start end %}")
    with translation.override("en"):
        rendered = template.render(Context({"start": datetime.date(2016, 2, 22), "end": datetime.date(2016, 3, 4)}))
    assert rendered == "22 February – 4 March 2016"
