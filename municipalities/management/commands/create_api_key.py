from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from municipalities.actors import Actor
from municipalities.models import ApiKey
from municipalities.selectors import organization_by_slug
from municipalities.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key for an organization and print it once; the hub stores only its hash."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="The organization's slug, e.g. rustavi.")
        parser.add_argument("--name", required=True, help="What the key is for, e.g. 'municipal portal'.")
        parser.add_argument("--scope", required=True, help="read or write.")

    def handle(self, *args, org: str, name: str, scope: str, **options):
        if scope not in ApiKey.Scope.values:
            raise CommandError(f"Unknown scope {scope!r}: use read or write.")
        name = name.strip()
        if not name or len(name) > ApiKey._meta.get_field("name").max_length:
            raise CommandError("The name must have between 1 and 100 characters.")
        organization = organization_by_slug(slug=org)
        if organization is None:
            raise CommandError(f"No organization has the slug {org!r}.")
        try:
            api_key, secret = api_key_create(organization=organization, name=name, scope=scope, actor=Actor.system(name="manage.py create_api_key"))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(f"Created API key {api_key.key_prefix}… ({scope}) for {organization.slug}. It is shown only now:")
        self.stdout.write(secret)
