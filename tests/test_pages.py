"""Rules the page types enforce on what editors type."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses.models import CoursePage, CourseSession
from events.models import EventPage


def test_a_course_that_has_ended_is_closed_whatever_its_status_says():
    course = CoursePage(
        title="x",
        status=CoursePage.Status.OPEN,
        ends=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert course.current_status == CoursePage.Status.CLOSED
    course.ends = timezone.localdate()
    assert course.current_status == CoursePage.Status.OPEN


@pytest.mark.django_db
def test_course_dates_and_places_must_make_sense():
    course = CoursePage(
        title="x",
        slug="x",
        starts=datetime.date(2027, 5, 1),
        ends=datetime.date(2027, 4, 1),
        places_total=10,
        places_left=12,
    )
    with pytest.raises(ValidationError) as error:
        course.clean()
    assert set(error.value.message_dict) == {"ends", "places_left"}


def test_a_lesson_must_end_after_it_starts():
    session = CourseSession(weekday=0, start_time=datetime.time(11), end_time=datetime.time(9))
    with pytest.raises(ValidationError):
        session.clean()


@pytest.mark.django_db
def test_an_event_cannot_end_before_it_starts():
    starts = timezone.now()
    event = EventPage(title="x", slug="x", starts=starts, ends=starts - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError):
        event.clean()
