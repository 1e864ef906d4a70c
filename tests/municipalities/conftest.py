import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; Georgian is asserted where the language is the point."""
    with translation.override("en"):
        yield
