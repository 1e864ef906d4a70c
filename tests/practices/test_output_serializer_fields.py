"""Output serializers introspect their model once per class, and represent items exactly as a plain one would."""

import pytest
from rest_framework import serializers

from hub.api.serializers import BuiltFieldsOnceMixin
from practices.serializers.practice import PracticeOutputSerializer

pytestmark = pytest.mark.django_db


def test_fields_are_built_once_per_class_and_copied_per_instance(monkeypatch):
    BuiltFieldsOnceMixin._built_fields.pop(PracticeOutputSerializer, None)
    calls = []
    original = serializers.ModelSerializer.get_fields

    def counting(self):
        calls.append(type(self).__name__)
        return original(self)

    monkeypatch.setattr(serializers.ModelSerializer, "get_fields", counting)
    first, second = PracticeOutputSerializer(), PracticeOutputSerializer()
    assert first.fields.keys() == second.fields.keys()
    assert first.fields["title_en"] is not second.fields["title_en"]
    assert calls.count("PracticeOutputSerializer") == 1


def test_the_representation_is_the_plain_serializers(published_practice):
    plain = type("PlainPractice", (serializers.ModelSerializer,), {
        **{name: field for name, field in PracticeOutputSerializer._declared_fields.items()},
        "Meta": PracticeOutputSerializer.Meta, "get_url": PracticeOutputSerializer.get_url,
    })  # fmt: skip
    from practices.apis.practice import PracticeViewSet

    item = PracticeViewSet()._with_relations(type(published_practice).objects.filter(pk=published_practice.pk)).get()
    assert PracticeOutputSerializer(item).data == plain(item).data
