import factory
from django.utils import timezone

from municipalities.models import Membership, Organization, Region, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.ge")
    full_name = factory.Faker("name")
    password = factory.django.Password("correct-horse-battery")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"region-{n}")
    name_ka = factory.Sequence(lambda n: f"რეგიონი {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    kind = Organization.Kind.MUNICIPALITY
    slug = factory.Sequence(lambda n: f"municipality-{n}")
    name_ka = factory.Sequence(lambda n: f"მუნიციპალიტეტი {n}")
    name_en = factory.Sequence(lambda n: f"Municipality {n}")
    region = factory.SubFactory(RegionFactory)
    municipality_kind = Organization.MunicipalityKind.COMMUNITY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.MEMBER


def verified_user(**kwargs) -> User:
    """A user whose e-mail address allauth considers verified, so they can log in."""
    from allauth.account.models import EmailAddress

    user = UserFactory(**kwargs)
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def enable_totp(user: User) -> None:
    """Give the user an activated TOTP authenticator, as allauth stores it."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def now():
    return timezone.now()
