"""The study tours' OpenAPI descriptions are translated: the schema read in Georgian describes the booking key in Georgian."""

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


def booking_create(language: str) -> dict:
    with translation.override(language):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    return schema["paths"]["/api/v1/tour-bookings/"]["post"]


@pytest.mark.parametrize(
    ("language", "key", "again"),
    [
        ("en", "A key of at most 64 characters", "The same request again: the booking it made."),
        ("ka", "არაუმეტეს 64 სიმბოლოს გასაღები", "იგივე მოთხოვნა ხელახლა: მის მიერ გაკეთებული ჯავშანი."),
    ],
)
def test_the_idempotency_key_and_the_repeated_answer_are_described_in_the_readers_language(language, key, again):
    operation = booking_create(language)
    (parameter,) = [parameter for parameter in operation["parameters"] if parameter["name"] == "Idempotency-Key"]
    assert parameter["description"].startswith(key)
    assert operation["responses"]["200"]["description"] == again
