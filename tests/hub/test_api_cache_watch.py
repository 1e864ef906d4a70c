"""Every app of the hub is watched by the API cache: a write to any of its models replaces the generation."""

import tomllib
from pathlib import Path

from django.apps import apps

from hub.api.caching import WATCHED_APPS

ROOT = Path(__file__).resolve().parents[2]


def test_every_app_of_the_hub_with_models_is_watched():
    project = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]) - {"hub"}
    with_models = {config.label for config in apps.get_app_configs() if config.name in project and list(config.get_models())}
    assert with_models, "no app of the hub found"
    assert with_models <= set(WATCHED_APPS)
