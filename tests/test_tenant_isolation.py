"""Cross-tenant writes are impossible: every write endpoint of the API, walked as another organization.

The endpoints are discovered from the URL resolver (every route under /api/v1/
whose DRF view accepts POST, PUT, PATCH or DELETE), so endpoints that other
apps add later are walked too. Each is called as an administrator with 2FA,
as an editor and with a write API key of organization A against organization
B: B's slug in the URL, B's objects as the looked-up object, B's slug in the
body. Every answer must be a refusal, and no row of any table may change.
"""

import hashlib
from collections import deque
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import ForeignKey, Model, OneToOneField
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from model_bakery import baker
from rest_framework.views import APIView

from municipalities.models import ApiKey, Membership, Organization
from tests.factories import MembershipFactory
from tours.models import TourOffering

API_PREFIX = "api/v1/"
WRITE_METHODS = ("post", "put", "patch", "delete")
# URL arguments that name the tenant itself in nested routes.
TENANT_KWARGS = {"organization_slug", "org_slug", "organization"}
# Bookkeeping a refused request may still write: when a key or a login was last used.
IGNORED_COLUMNS = {"last_used_at", "last_login"}
IGNORED_MODELS = {Session}
# A body a careless endpoint could accept: the victim as owner plus fields common across the hub's inputs.
PLAUSIBLE_FIELDS = {"role": "admin", "name": "intruder", "scope": "write", "email": "intruder@example.ge", "title_ka": "შემოჭრა"}

# Write endpoints that exist today; the walk must have reached each of them with a real object of the victim.
KNOWN_WRITE_ENDPOINTS = {
    ("api:organization-member-detail", "patch"),
    ("api:organization-member-detail", "delete"),
    ("api:organization-invitation-list", "post"),
    ("api:organization-invitation-revoke", "post"),
    ("api:organization-api-key-list", "post"),
    ("api:organization-api-key-revoke", "post"),
    ("api:invitation-accept", "post"),
}


@dataclass
class Route:
    name: str
    view_class: type[APIView]
    methods: list[str]
    actions: dict[str, str]
    kwarg_names: list[str]
    initkwargs: dict = field(default_factory=dict)

    def action_for(self, method: str) -> str | None:
        return self.actions.get(method)


def _callback_view(callback) -> tuple[type | None, dict, dict]:
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return view_class, getattr(callback, "actions", None) or {}, getattr(callback, "initkwargs", None) or {}


def api_write_routes() -> tuple[list[Route], list[str]]:
    """Every named DRF route under /api/v1/ that writes; plus the write routes that cannot be walked."""
    routes, unwalkable = [], []
    pending = deque([(get_resolver().url_patterns, "", "", [])])
    while pending:
        patterns, prefix, namespace, kwarg_names = pending.popleft()
        for pattern in patterns:
            path = prefix + str(pattern.pattern).lstrip("^")
            names = kwarg_names + list(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                inner_namespace = ":".join(filter(None, [namespace, pattern.namespace]))
                pending.append((pattern.url_patterns, path, inner_namespace, names))
                continue
            if not path.startswith(API_PREFIX) or "format" in names:
                continue
            view_class, actions, initkwargs = _callback_view(pattern.callback)
            if view_class is None or not issubclass(view_class, APIView):
                continue
            accepted = [method for method in WRITE_METHODS if method in view_class.http_method_names]
            if actions:
                methods = [method for method in accepted if method in actions]
            else:
                methods = [method for method in accepted if hasattr(view_class, method)]
            if not methods:
                continue
            if not isinstance(pattern, URLPattern) or not pattern.name:
                unwalkable.append(f"{path} (unnamed: give the route a name)")
                continue
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            routes.append(Route(name, view_class, methods, actions, names, initkwargs))
    return routes, unwalkable


def view_model(route: Route, method: str) -> type[Model] | None:
    """The model a view's queryset serves, read the way drf-spectacular reads it."""
    queryset = getattr(route.view_class, "queryset", None)
    if queryset is not None:
        return queryset.model
    view = route.view_class(**route.initkwargs)
    view.swagger_fake_view = True
    view.action, view.kwargs, view.request, view.format_kwarg = route.action_for(method), {}, None, None
    try:
        return view.get_queryset().model
    except Exception:  # noqa: BLE001 - a view that cannot say its model is walked with a made-up id
        return None


def path_to_organization(model: type[Model], depth: int = 3) -> str | None:
    """The shortest foreign-key path from `model` to its owning Organization, e.g. "plan__organization"."""
    queue = deque([(model, "")])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if path.count("__") >= depth:
            continue
        relations = [f for f in current._meta.concrete_fields if isinstance(f, ForeignKey | OneToOneField)]
        # A field called "organization" is the owner; other links to Organization (a provider, a host) come after.
        relations.sort(key=lambda f: f.name != "organization")
        for relation in relations:
            target, step = relation.related_model, f"{path}__{relation.name}" if path else relation.name
            if target is Organization:
                return step
            if target not in seen:
                seen.add(target)
                queue.append((target, step))
    return None


def _link_to_parent(model: type[Model], parent: Model | None) -> dict:
    """Field values that make a nested row (an attachment, a goal) belong to the object it is nested under."""
    if parent is None:
        return {}
    for relation in model._meta.concrete_fields:
        if isinstance(relation, ForeignKey | OneToOneField) and isinstance(parent, relation.related_model):
            return {relation.name: parent}
    for generic in model._meta.private_fields:
        if isinstance(generic, GenericForeignKey):
            return {generic.ct_field: ContentType.objects.get_for_model(parent), generic.fk_field: parent.pk}
    return {}


def _published(model: type[Model]) -> dict:
    """Published rows are readable by everyone, so a refused write is a 403, not merely a 404 for an unseen draft."""
    try:
        status = model._meta.get_field("status")
    except FieldDoesNotExist:
        return {}
    return {"status": "published"} if "published" in dict(status.choices or ()) else {}


def victim_object(model: type[Model] | None, victim: Organization, cache: dict, parent: Model | None = None) -> Model | None:
    """A row of `model` owned by the victim (under `parent` when nested): an existing one, or one model_bakery makes.

    Rows no organization owns (NALA's managed lists) are taken as they are: they are no intruder's to change either.
    """
    if model is None:
        return None
    if model is Organization:
        return victim
    if (model, parent) in cache:
        return cache[model, parent]
    owner_path = path_to_organization(model)
    values = {owner_path: victim} if owner_path else {}
    values |= _link_to_parent(model, parent) | _published(model)
    instance = model._default_manager.filter(**values).first()
    # Random values can break a model's own constraints now and then; a few tries settle it.
    for _attempt in range(5):
        if instance is not None:
            break
        try:
            with transaction.atomic():
                instance = baker.make(model, **values)
        except (DatabaseError, ValidationError, ValueError, TypeError):
            instance = None
    cache[model, parent] = instance
    return instance


def model_named(name: str) -> type[Model] | None:
    """The model an URL argument such as `attachment_id` or `goal_pk` points at, if exactly one has that name."""
    wanted = name.removesuffix("_id").removesuffix("_pk").removesuffix("_slug").replace("_", "")
    matches = [model for model in apps.get_models() if model._meta.model_name == wanted]
    return matches[0] if len(matches) == 1 else None


def fill_kwargs(route: Route, method: str, victim: Organization, cache: dict) -> tuple[dict, bool] | None:
    """URL arguments that point at the victim; and whether every one of them is a real victim object."""
    kwargs, real_object = {}, True
    lookup_kwarg = getattr(route.view_class, "lookup_url_kwarg", None) or getattr(route.view_class, "lookup_field", "pk")
    lookup_field = getattr(route.view_class, "lookup_field", "pk")
    main = None
    for name in route.kwarg_names:
        if name in TENANT_KWARGS:
            kwargs[name] = victim.slug
        elif name == lookup_kwarg:
            main = victim_object(view_model(route, method), victim, cache)
            kwargs[name] = getattr(main, lookup_field) if main is not None else "0"
            real_object &= main is not None
    for name in route.kwarg_names:
        if name in kwargs:
            continue
        nested = victim_object(model_named(name), victim, cache, parent=main)
        field_name = "slug" if name.endswith("_slug") else "pk"
        kwargs[name] = getattr(nested, field_name) if nested is not None else "0"
        real_object &= nested is not None
    try:
        reverse(route.name, kwargs=kwargs)
    except NoReverseMatch:
        return None
    return kwargs, real_object


def database_state() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every table the ORM knows."""
    existing_tables = set(connection.introspection.table_names())
    state = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or model in IGNORED_MODELS or meta.db_table not in existing_tables:
            continue
        columns = [f.attname for f in meta.concrete_fields if f.attname not in IGNORED_COLUMNS]
        rows = list(model._base_manager.order_by("pk").values_list(*columns))
        state[meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before.keys() | after.keys() if before.get(label) != after.get(label))


@pytest.fixture
def victim(other_organization) -> Organization:
    MembershipFactory(organization=other_organization, role=Membership.Role.ADMIN)
    MembershipFactory(organization=other_organization, role=Membership.Role.EDITOR)
    return other_organization


@pytest.fixture
def intruders(organization, admin_user, editor, client_for, api_key_for) -> dict:
    """Organization A's people and key: each allowed to write in A, none in B."""
    return {
        "admin with 2FA": client_for(admin_user),
        "editor": client_for(editor),
        "write API key": api_key_for(organization, ApiKey.Scope.WRITE)[0],
    }


def test_the_walk_finds_the_known_write_endpoints():
    routes, unwalkable = api_write_routes()
    found = {(route.name, method) for route in routes for method in route.methods}
    assert KNOWN_WRITE_ENDPOINTS <= found
    assert unwalkable == []


@pytest.mark.django_db
def test_no_write_endpoint_lets_another_organization_change_anything(victim, intruders):
    routes, _unwalkable = api_write_routes()
    objects: dict = {}
    # Views that find their tenant through a parent named in the body (a tour's dates) get the victim's parent.
    parents = {"offering": victim_object(TourOffering, victim, objects).pk}
    probes = []
    for route in routes:
        for method in route.methods:
            filled = fill_kwargs(route, method, victim, objects)
            assert filled is not None, f"{route.name}: its URL arguments cannot be filled"
            kwargs, real_object = filled
            targets_victim_in_url = bool(kwargs) and real_object
            url = reverse(route.name, kwargs=kwargs)
            bodies = [
                ({"organization": victim.slug, **parents, **PLAUSIBLE_FIELDS}, targets_victim_in_url or hasattr(route.view_class, "get_tenant")),
                ({"organization": victim.pk, **PLAUSIBLE_FIELDS}, False),
            ]
            for body, must_be_refused_by_tenant in bodies:
                probes.append((route, method, url, body, must_be_refused_by_tenant, real_object))

    failures, exercised = [], set()
    for actor, client in intruders.items():
        before = database_state()
        for route, method, url, body, must_be_refused_by_tenant, real_object in probes:
            response = getattr(client, method)(url, body, format="json")
            after = database_state()
            allowed = {403, 404} if must_be_refused_by_tenant else {400, 401, 403, 404}
            changed = changed_tables(before, after)
            if response.status_code not in allowed or changed:
                failures.append(
                    f"{actor} {method.upper()} {url} body={body}: {response.status_code} "
                    f"{response.content[:200]!r} changed={changed}"
                )
            if real_object:
                exercised.add((route.name, method))
            before = after
    assert failures == []
    assert KNOWN_WRITE_ENDPOINTS <= exercised


# --- the web pages: every content type's POST routes, as another organization ----------------------------------

# The pages every content type has (practices/content_urls.py) that write; a type may add more (see EXTRA_WEB_WRITE_PAGES).
WEB_WRITE_PAGES = ("edit", "publish", "archive", "attach")
EXTRA_WEB_WRITE_PAGES = ("record",)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def web_write_pages(model) -> list[str]:
    """The write pages `model` has: the shared four (they must exist) and any extra one its URLconf names."""
    pages = list(WEB_WRITE_PAGES)
    for page in EXTRA_WEB_WRITE_PAGES:
        try:
            reverse(f"{model._meta.model_name}-{page}", args=["x", "y"])
        except NoReverseMatch:
            continue
        pages.append(page)
    return pages


@pytest.fixture
def web_intruders(organization, admin_user, editor) -> dict:
    """Organization A's editor and 2FA admin, signed in on the web; neither may write in B."""
    from django.test import Client

    clients = {}
    for name, user in {"admin with 2FA": admin_user, "editor": editor}.items():
        client = Client()
        client.force_login(user)
        clients[name] = client
    return clients


@pytest.mark.django_db
@pytest.mark.urls("tests.contentapp.root_urls")  # the hub's URLs plus a content type from another app (Note)
def test_no_web_write_page_lets_another_organization_change_anything(victim, web_intruders, tmp_path, monkeypatch):
    from django.core.files.storage import FileSystemStorage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from practices.models import Attachment, content_models

    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path))
    models = content_models()
    assert {model._meta.label for model in models} >= {"practices.Practice", "contentapp.Note"}
    objects: dict = {}
    failures, exercised = [], set()
    for model in models:
        item = victim_object(model, victim, objects)
        assert item is not None, f"{model._meta.label}: no published item of the victim could be made"
        assert item.is_published, f"{model._meta.label}: the victim's item must be readable, so a refusal is a 403"
        with translation.override("en"):
            pages = {page: item.page_url(page) for page in web_write_pages(model)}
        for actor, client in web_intruders.items():
            for page, url in pages.items():
                before = database_state()
                if page == "edit":
                    get = client.get(url)
                    if get.status_code != 403:
                        failures.append(f"{actor} GET {url}: {get.status_code}")
                body = {"version": item.version, "title_ka": "შემოჭრა", "title_en": "Intruder", "title": "შემოჭრა",
                        "file": SimpleUploadedFile("intruder.pdf", PDF, content_type="application/pdf")}  # fmt: skip
                response = client.post(url, body)
                changed = changed_tables(before, database_state())
                if response.status_code != 403 or changed:
                    failures.append(f"{actor} POST {url}: {response.status_code} changed={changed}")
                exercised.add((model._meta.label, page))
    assert failures == []
    for model in models:
        assert {(model._meta.label, page) for page in WEB_WRITE_PAGES} <= exercised
