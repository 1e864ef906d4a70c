"""The ten practice themes of issue 3; NALA admins edit the list afterwards (admin site, /api/v1/themes/)."""

from django.db import migrations

THEMES = [
    ("inter-municipal-cooperation", "ინტერმუნიციპალური თანამშრომლობა", "Inter-municipal cooperation"),
    ("transparency", "გამჭვირვალობა", "Transparency"),
    ("efficiency", "ეფექტიანობა", "Efficiency"),
    ("inclusion-civic-participation", "ინკლუზიურობა და სამოქალაქო ჩართულობა", "Inclusion and civic participation"),
    ("e-governance", "ელექტრონული მმართველობა და ციფრული სერვისები", "E-governance and digital services"),
    ("open-data", "ღია მონაცემები", "Open data"),
    ("social-services", "სოციალური სერვისები", "Social services"),
    ("hr-training", "ადამიანური რესურსები და გადამზადება", "HR and training"),
    ("procurement-finance", "შესყიდვები და ფინანსები", "Procurement and finance"),
    ("urban-services", "ურბანული სერვისები", "Urban services"),
]


def add_themes(apps, schema_editor):
    Term = apps.get_model("practices", "Term")
    for position, (slug, name_ka, name_en) in enumerate(THEMES):
        Term.objects.get_or_create(
            vocabulary="theme", slug=slug, defaults={"name_ka": name_ka, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("practices", "0004_practice_adoption_open_data")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
