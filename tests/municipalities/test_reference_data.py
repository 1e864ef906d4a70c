from municipalities.models import Organization, Region


def test_all_64_municipalities_and_nala_are_loaded(db):
    municipalities = Organization.objects.filter(kind=Organization.Kind.MUNICIPALITY)
    assert municipalities.count() == 64
    assert Region.objects.count() == 11
    tbilisi = municipalities.get(slug="tbilisi")
    assert (tbilisi.name_ka, tbilisi.municipality_kind) == ("თბილისი", "city")
    assert Organization.objects.get(slug="nala").kind == Organization.Kind.ASSOCIATION


def test_reference_data_load_is_idempotent(db):
    from municipalities.reference_data import load_reference_data

    load_reference_data(Region, Organization)
    assert Organization.objects.filter(kind=Organization.Kind.MUNICIPALITY).count() == 64
