"""Managed lists for training directions (seed 001) and service categories (seeds 001, 003).

NALA admins edit the lists afterwards; re-running only fills in missing names.
"""

from django.db import migrations

TERMS = {
    "training_direction": [
        ("basic-it-skills", "საინფორმაციო ტექნოლოგიების საბაზისო უნარები", "Basic IT skills"),
        ("electronic-document-flow", "დოკუმენტბრუნვის ელექტრონული საქმისწარმოება", "Electronic document flow"),
        ("municipal-management-system", "მუნიციპალიტეტების მართვის სისტემა (მმს)", "Municipal Management System (MMS)"),
        ("gender-responsive-budgeting", "გენდერულად გათვლილი ბიუჯეტირება", "Gender-responsive budgeting"),
        ("open-data", "ღია მონაცემები", "Open data"),
    ],
    "service_category": [
        ("cash-social-assistance", "ფულადი სოციალური დახმარება", "Cash social assistance"),
        ("construction-permit", "მშენებლობის ნებართვა", "Construction permit"),
        ("property-privatisation", "ქონების პრივატიზაცია", "Property privatisation"),
        ("land-legalisation", "მიწის ლეგალიზაცია", "Land legalisation"),
        ("public-information", "საჯარო ინფორმაციის გაცემა", "Public information request"),
    ],
}


def add_terms(apps, schema_editor):
    Term = apps.get_model("practices", "Term")
    for vocabulary, rows in TERMS.items():
        for position, (slug, name_ka, name_en) in enumerate(rows):
            Term.objects.get_or_create(
                vocabulary=vocabulary, slug=slug, defaults={"name_ka": name_ka, "name_en": name_en, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_library_types")]

    operations = [migrations.RunPython(add_terms, migrations.RunPython.noop)]
