"""Georgia's 64 municipalities and NALA, loaded by a data migration.

The CSV ships with the project (copied from the reference data) so the hub
never reads outside its own tree at run time.
"""

import csv
from pathlib import Path

from django.utils.text import slugify

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "municipalities.csv"

NALA = {
    "slug": "nala",
    "kind": "association",
    "name_ka": "საქართველოს ადგილობრივ ხელისუფლებათა ეროვნული ასოციაცია",
    "name_en": "National Association of Local Authorities of Georgia",
    "website": "https://nala.ge",
}


def load_reference_data(Region, Organization) -> None:
    """Idempotent: re-running updates names and regions in place."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    regions = {}
    for row in rows:
        slug = slugify(row["region_en"])
        if slug not in regions:
            regions[slug], _ = Region.objects.update_or_create(
                slug=slug, defaults={"name_en": row["region_en"], "name_ka": row["region_ka"]}
            )
    for row in rows:
        Organization.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "kind": "municipality",
                "name_en": row["name_en"],
                "name_ka": row["name_ka"],
                "region": regions[slugify(row["region_en"])],
                "municipality_kind": row["kind"],
            },
        )
    Organization.objects.update_or_create(slug=NALA["slug"], defaults={k: v for k, v in NALA.items() if k != "slug"})
