from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from competitions.demo import seed as seed_competitions
from municipalities.demo import seed_contacts, seed_people
from practices.demo import seed as seed_content
from sync.demo import seed as seed_sync
from tours.demo import seed as seed_tours


class Command(BaseCommand):
    help = "Load demo data (idempotent) and print the demo administrator's credentials."

    def handle(self, *args, **options):
        # Demo bookings, receipts and results are not news for anyone: the e-mails they trigger go nowhere
        # (the embedded default would print each one, PDFs included, over the credentials below).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            email, password = seed_people()
            seed_contacts()
            counts = seed_content()
            tours = seed_tours()
            competitions = seed_competitions()
            federation = seed_sync()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Practices: {counts['practices']} ({counts['generated']} generated now), adoptions: {counts['adoptions']}.")
        self.stdout.write(f"Study tours: {tours['offerings']} offerings, {tours['slots']} dates, {tours['bookings']} bookings added now.")
        self.stdout.write(
            f"Best Practice Programme: {competitions['calls']} calls, {competitions['applications']} applications, "
            f"{competitions['winners']} winners added now."
        )
        self.stdout.write(f"Federation: {federation['sources']} harvest source with {federation['runs']} runs (from a feed served on 127.0.0.1).")
        self.stdout.write(f"Demo administrator: {email} / {password}")
        self.stdout.write("Set up two-factor authentication after logging in to unlock administrator powers.")
