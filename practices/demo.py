"""Demo practices and adoptions drawn from seeds 002 (Rustavi), 003 (Tsalenjikha) and 004 (Akhaltsikhe, Kutaisi).

The Georgian texts are the seeds' own, copied here so nothing outside the
project is read at run time; English titles are ours. Contacts are invented
(seed 002's personal names, phones and e-mails are not used). Generated
practices give the other municipalities some volume. `seed()` is idempotent:
items are looked up by organization and slug and left alone when present.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from municipalities.actors import SEED_ACTOR
from municipalities.models import Organization

from . import demo_library
from .models import Adoption, ContentStatus, Practice
from .services.adoption import adoption_create
from .services.content import content_publish
from .services.practice import practice_create

RUSTAVI_CENTRE = {
    "slug": "reform-and-service-development-centre",
    "title_ka": "რუსთავის მუნიციპალური რეფორმებისა და სერვისების განვითარების ცენტრი",
    "title_en": "Rustavi Municipal Reforms and Services Development Centre",
    "themes": ["inter-municipal-cooperation", "efficiency", "hr-training"],
    "initiator_ka": "რუსთავის მუნიციპალიტეტი",
    "initiator_en": "Rustavi Municipality",
    "period_start": date(2024, 1, 15),
    "period_end": date(2025, 9, 1),
    "population": 125000,
    "municipality_profile_ka": (
        "- რუსთავის მუნიციპალიტეტი მდებარეობს ქვემო ქართლის რეგიონში, თბილისიდან 25 კილომეტრში.\n"
        "- რუსთავი არის თვითმმართველი ქალაქი. ქალაქის წარმომადგენლობითი ორგანოა ქალაქის საკრებულო, ხოლო აღმასრულებელი ორგანო — მერია.\n"
        "- ადმინისტრაციულად რუსთავი იყოფა 10 ტერიტორიულ ერთეულად."
    ),
    "internal_factors_ka": (
        "მუნიციპალიტეტის მაღალკვალიფიციური საჯარო მოხელეები, ფინანსური რესურსი, განსაკუთრებით კი საკუთარი შემოსავალი, "
        "ტექნიკური ბაზა და ძლიერი პარტნიორული ურთიერთობები ადგილობრივ და საერთაშორისო ორგანიზაციებთან."
    ),
    "external_factors_ka": "რუსთავის ეკონომიკური და სოციალური განვითარების მაღალი ტემპი, ინოვაციური მუნიციპალიტეტის ჩამოყალიბება.",
    "challenge_ka": (
        "რუსთავის მუნიციპალიტეტისთვის ერთ-ერთ მთავარ გამოწვევად და მიზნად იქცა მუნიციპალური სერვისების სისტემური განვითარება "
        "და მათი ეფექტიანობის უზრუნველყოფა. სხვადასხვა სამსახურში ცვლილებები ხორციელდებოდა დამოუკიდებლად, კოორდინაციისა და "
        "მონიტორინგის ერთიანი მექანიზმის გარეშე."
    ),
    "challenge_en": "Service changes happened in each department separately, without one mechanism for coordination and monitoring.",
    "short_description_ka": (
        "შეიქმნა „რუსთავის მუნიციპალური რეფორმებისა და სერვისების განვითარების ცენტრი“ — ინოვაციური სტრუქტურული ერთეული, "
        "რომლის მიზანი არა მხოლოდ საკუთარი მუნიციპალიტეტის სერვისების მოდერნიზაციაა, არამედ ინტერმუნიციპალური "
        "თანამშრომლობის ქსელის ჩამოყალიბება და გამოცდილების გაზიარების საერთო პლატფორმის შექმნა."
    ),
    "short_description_en": (
        "Rustavi created a centre that modernises its own services and builds a network for sharing experience with other municipalities."
    ),
    "detailed_description_ka": (
        "ცენტრის შექმნის მიზანია მუნიციპალური მმართველობისა და სერვისების მოდერნიზაცია და ტრანსფორმაცია, ინოვაციური "
        "მიდგომების დანერგვის საშუალებით. თანამშრომელთა გადამზადება და პროფესიული ხელშეწყობა. წარმატებული გამოცდილების "
        "გაზიარება და მუნიციპალიტეტებს შორის თანამშრომლობის ქსელის ჩამოყალიბება."
    ),
    "activities": [
        {"stage_ka": "I ეტაპი", "stage_en": "Stage I", "activity_ka": "ცენტრის შექმნის სამართლებრივი და ორგანიზაციული პროცესი",
         "result_ka": "ახალი სტრუქტურული ერთეულის ჩამოყალიბება"},
        {"stage_ka": "II ეტაპი", "stage_en": "Stage II", "activity_ka": "თანამშრომელთა შერჩევა და ინსტიტუციური ჩარჩოს ფორმირება",
         "result_ka": "კომპეტენტური გუნდის ჩამოყალიბება"},
        {"stage_ka": "III ეტაპი", "stage_en": "Stage III", "activity_ka": "სერვისების ანალიზი, მოსახლეობის საჭიროებების კვლევა",
         "result_ka": "მონაცემთა ბაზის შექმნა და რეკომენდაციები"},
        {"stage_ka": "IV ეტაპი", "stage_en": "Stage IV",
         "activity_ka": "ტრენინგებისა და სასწავლო კურსების ორგანიზება და მუნიციპალიტეტთაშორისი თანამშრომლობის განვითარება",
         "result_ka": "თანამშრომელთა პროფესიული განვითარება, გამოცდილების გაზიარების ქსელის ჩამოყალიბება"},
        {"stage_ka": "V ეტაპი", "stage_en": "Stage V",
         "activity_ka": "ინოვაციური სერვისების შექმნა, საინფორმაციო ტურებისა და ტრენინგების ორგანიზება",
         "result_ka": "მოქალაქეებზე ორიენტირებული სერვისების გაუმჯობესება"},
    ],  # fmt: skip
    "resources_human_ka": "რუსთავის მერიის აპარატის თანამშრომლები და სპეციალისტები",
    "resources_financial_ka": "მუნიციპალური ბიუჯეტი",
    "resources_technical_ka": "ადმინისტრაციული ინფრასტრუქტურა და ანალიტიკური ინსტრუმენტები",
    "problems_solutions_ka": (
        "მსგავსი ტიპის ინსტიტუციური მოდელი საქართველოში აქამდე პრაქტიკაში არ არსებობდა.\n\n"
        "- შეიქმნა სამუშაო ჯგუფები, რომლებმაც მოამზადეს საჭირო სამართლებრივი და სტრუქტურული დოკუმენტები;\n"
        "- თანამშრომლებისთვის ჩატარდა მიზნობრივი ტრენინგები და სამუშაო შეხვედრები საუკეთესო პრაქტიკის საფუძველზე."
    ),
    "results_ka": (
        "- ცენტრის ტრენინგებში და სასწავლო კურსებში აქტიურად ჩაერთნენ სხვა მუნიციპალიტეტების წარმომადგენლები.\n"
        "- ცენტრმა ორგანიზება გაუწია საინფორმაციო ტურებს სხვადასხვა მუნიციპალიტეტების წარმომადგენლებისთვის.\n"
        "- ფორმირდება საერთო სამუშაო ქსელი, რომელიც უზრუნველყოფს გამოცდილების რეგულარულ გაცვლას."
    ),
    "success_factors_ka": (
        "რუსთავი გახდა ერთ-ერთი პირველი ქალაქი, რომელმაც დაიწყო მუნიციპალური სერვისების განვითარების ინსტიტუციური მოდელის დანერგვა."
    ),
    "sustainability_service_delivery_ka": "პროექტმა გააუმჯობესა მომსახურების ხარისხი და ეფექტიანობა, ოპტიმიზირდა პროცესები და გაიზარდა ხელმისაწვდომობა.",
    "sustainability_budget_ka": "ახალი სამსახურის შესაქმნელად გამოიყო ბიუჯეტი.",
    "sustainability_public_support_ka": "პროექტს აქვს მაღალი საზოგადოებრივი მხარდაჭერა და პოზიტიური უკუკავშირი.",
    "sustainability_next_year_budget_ka": "ინიციატივა შეტანილია მომავალი წლის ბიუჯეტში და უზრუნველყოფილია მისი დაფინანსება.",
    "council_role_ka": "საკრებულომ მხარი დაუჭირა ბიუჯეტის ცვლილებას მოცემული პროექტის განვითარებისთვის.",
    "council_selection_ka": "მონაწილეობა არ მიუღია.",
    "council_factions_ka": "დადებითი.",
    "future_plans_ka": (
        "ცენტრი გეგმავს ახალი პროექტების ინიცირებას, მოქალაქეთა კმაყოფილების გამოკვლევის გაფართოებას, ციფრული სერვისების "
        "განვითარებას, სხვა მუნიციპალიტეტებთან თანამშრომლობას და ცენტრის ტრენინგების აკრედიტაციას."
    ),
    # Invented: the seed's real names and numbers are not reused.
    "contact_name": "საკონტაქტო პირი (დემო)",
    "contact_position": "ცენტრის დირექტორი",
    "contact_email": "centre@demo.rustavi.example",
    "contact_phone": "+995 32 200 00 00",
    "project_contacts_ka": "ცენტრის პროექტების კოორდინატორი — projects@demo.rustavi.example",
}

TSALENJIKHA_DOCUMENT_FLOW = {
    "slug": "electronic-document-flow",
    "title_ka": "დოკუმენტბრუნვის ელექტრონული სისტემა წალენჯიხის მერიაში",
    "title_en": "Electronic document flow at Tsalenjikha City Hall",
    "themes": ["e-governance", "efficiency"],
    "initiator_ka": "წალენჯიხის მუნიციპალიტეტის მერიის ადმინისტრაციული სამსახური",
    "period_start": date(2018, 4, 16),
    "challenge_ka": "ქაღალდზე დაფუძნებული საქმისწარმოება ანელებდა მოქალაქეთა განცხადებებზე რეაგირებას.",
    "short_description_ka": (
        "2018 წლის 16 აპრილიდან საჯარო რეესტრის ეროვნულ სააგენტოსა და წალენჯიხის მუნიციპალიტეტს შორის გაფორმებული "
        "ხელშეკრულების შესაბამისად განხორციელდა დოკუმენტბრუნვის ელექტრონული სისტემის საწარმოო ექსპლოატაციაში გაშვება."
    ),
    "detailed_description_ka": (
        "დოკუმენტბრუნვა ხორციელდება საქმისწარმოების ელექტრონული პროგრამის მეშვეობით, რაც გულისხმობს დოკუმენტის "
        "მიღებიდან/შექმნიდან მისი საბოლოო შესრულებამდე წარმოების ყველა სტადიის ასახვას პროგრამაში. "
        "დამტკიცებულია (18.11.2019) „წალენჯიხის მუნიციპალიტეტის მერიის ელექტრონული საქმისწარმოების წესი“."
    ),
    "activities": [
        {"stage_ka": "2018", "activity_ka": "სისტემის საწარმოო ექსპლოატაციაში გაშვება", "result_ka": "ელექტრონული რეგისტრაცია ყველა სამსახურში"},
        {"stage_ka": "2019", "activity_ka": "ელექტრონული საქმისწარმოების წესის დამტკიცება", "result_ka": "ერთიანი წესი"},
        {"stage_ka": "2020", "activity_ka": "კვალიფიციური ელექტრონული შტამპის სერთიფიკატის მიღება", "result_ka": "ელექტრონული დოკუმენტების იურიდიული ძალა"},
    ],  # fmt: skip
    "partners_ka": "საჯარო რეესტრის ეროვნული სააგენტო",
    "results_ka": "2020 წელს რეგისტრირებულია 3090 დოკუმენტი; დოკუმენტებზე რეაგირება განხორციელდა დადგენილი წესით.",
    "results_en": "3,090 documents were registered in 2020 and handled within the rules.",
    "contact_name": "ადმინისტრაციული სამსახური (დემო)",
    "contact_email": "office@demo.tsalenjikha.example",
}


def _open_data_strategy(city_ka: str, city_en: str) -> dict:
    return {
        "slug": "open-data-strategy",
        "title_ka": f"{city_ka}ს მუნიციპალიტეტის მერიის ღია მონაცემების სტრატეგია",
        "title_en": f"Open data strategy of {city_en} City Hall",
        "themes": ["open-data", "transparency"],
        "initiator_ka": f"{city_ka}ს მუნიციპალიტეტის მერია",
        "period_start": date(2024, 3, 1),
        "period_end": date(2024, 8, 31),
        "challenge_ka": "მონაცემები იქმნება, მაგრამ არ ქვეყნდება მანქანურად წაკითხვად ფორმატებში.",
        "short_description_ka": (
            "ღია მონაცემების შეგროვებასთან, დამუშავებასა და გამოქვეყნებასთან დაკავშირებით სიტუაციის ყოვლისმომცველი ანალიზი, "
            "სტრატეგია და სამოქმედო გეგმა; მონაცემთა ბაზების გამოქვეყნება პორტალზე www.data.gov.ge და მერიის ვებგვერდზე."
        ),
        "activities": [
            {"stage_ka": "1–2 კვირა", "activity_ka": "დეტალური მეთოდოლოგიისა და სამუშაო გეგმის შემუშავება", "result_ka": "მეთოდოლოგია"},
            {"stage_ka": "3–6 კვირა", "activity_ka": "სიტუაციური ანალიზი, მათ შორის ფოკუს ჯგუფები დაინტერესებულ მხარეებთან", "result_ka": "ანგარიში რეკომენდაციებით"},
            {"stage_ka": "7–10 კვირა", "activity_ka": "ღია მონაცემების ლიცენზია, ფორმატები, სტანდარტები და უნიკალური იდენტიფიკატორები", "result_ka": "სტრატეგია და სამოქმედო გეგმა"},
            {"stage_ka": "11–14 კვირა", "activity_ka": "სასწავლო მოდული და სახელმძღვანელო, საბოლოო ანგარიში ქართულად და ინგლისურად", "result_ka": "გადამზადებული თანამშრომლები"},
        ],  # fmt: skip
        "contact_email": f"opendata@demo.{city_en.lower()}.example",
    }


THEMES = ["inter-municipal-cooperation", "transparency", "efficiency", "inclusion-civic-participation", "e-governance",
          "open-data", "social-services", "hr-training", "procurement-finance", "urban-services"]  # fmt: skip
GENERATED_TOPICS = [
    ("მოქალაქეთა მომსახურების ცენტრი", "Citizen service centre"),
    ("ელექტრონული პეტიციები", "E-petitions"),
    ("მონაწილეობითი ბიუჯეტი", "Participatory budgeting"),
    ("ონლაინ ჩაწერა თანამდებობის პირებთან", "Online appointments with officials"),
    ("ცხელი ხაზი", "Citizen hotline"),
    ("გარე განათების ენერგოეფექტურობა", "Energy-efficient street lighting"),
    ("სოციალური დახმარების ელექტრონული რეესტრი", "Electronic register of social assistance"),
    ("შესყიდვების გამჭვირვალობის პორტალი", "Procurement transparency portal"),
    ("ახალგაზრდული საბჭო", "Youth council"),
    ("თანამშრომელთა საჭიროებების შეფასება", "Staff training needs assessment"),
]
GENERATED_COUNT = 150


def _ensure(organization: Organization, spec: dict, *, publish: bool = True) -> Practice:
    spec = dict(spec)
    existing = Practice.objects.filter(organization=organization, slug=spec["slug"]).first()
    if existing is not None:
        return existing
    practice = practice_create(organization=organization, actor=SEED_ACTOR, **spec)
    if publish:
        content_publish(item=practice, actor=SEED_ACTOR)
    return practice


def _adopt(adopter: Organization, practice: Practice, status: str, when: date, notes_ka: str = "") -> None:
    if not Adoption.objects.filter(organization=adopter, practice=practice).exists():
        adoption_create(organization=adopter, practice=practice, status=status, date=when, notes_ka=notes_ka, actor=SEED_ACTOR)


@transaction.atomic
def seed() -> dict:
    """Load the demo practices and adoptions, then the library's action plans, training and services."""
    municipalities = {organization.slug: organization for organization in Organization.objects.filter(kind=Organization.Kind.MUNICIPALITY)}
    rustavi, tsalenjikha = municipalities["rustavi"], municipalities["tsalenjikha"]
    centre = _ensure(rustavi, RUSTAVI_CENTRE)
    document_flow = _ensure(tsalenjikha, TSALENJIKHA_DOCUMENT_FLOW)
    akhaltsikhe_data = _ensure(municipalities["akhaltsikhe"], _open_data_strategy("ახალციხი", "Akhaltsikhe"))
    kutaisi_data = _ensure(municipalities["kutaisi"], _open_data_strategy("ქუთაისი", "Kutaisi"))

    _adopt(municipalities["gardabani"], centre, Adoption.Status.ADOPTING, date(2025, 3, 10), "საინფორმაციო ტურის შემდეგ.")
    _adopt(municipalities["marneuli"], centre, Adoption.Status.PLANNED, date(2025, 6, 1))
    _adopt(municipalities["zugdidi"], document_flow, Adoption.Status.ADOPTED, date(2021, 2, 15))
    _adopt(municipalities["khobi"], document_flow, Adoption.Status.ADOPTED, date(2021, 5, 20))
    _adopt(municipalities["chkhorotsku"], document_flow, Adoption.Status.ABANDONED, date(2022, 1, 12))
    _adopt(municipalities["kutaisi"], akhaltsikhe_data, Adoption.Status.ADOPTING, date(2024, 9, 1))
    _adopt(municipalities["akhaltsikhe"], kutaisi_data, Adoption.Status.ADOPTING, date(2024, 9, 1))
    _adopt(municipalities["batumi"], kutaisi_data, Adoption.Status.PLANNED, date(2025, 1, 20))

    generated = _generate(municipalities)
    demo_library.seed()
    return {"practices": Practice.objects.count(), "adoptions": Adoption.objects.count(), "generated": generated}


def _generate(municipalities: dict[str, Organization]) -> int:
    """Volume across the other municipalities: deterministic, so re-running creates nothing new."""
    others = sorted(slug for slug in municipalities if slug not in {"rustavi", "tsalenjikha"})
    created = 0
    practices = []
    for number in range(GENERATED_COUNT):
        organization = municipalities[others[number % len(others)]]
        topic_ka, topic_en = GENERATED_TOPICS[number % len(GENERATED_TOPICS)]
        slug = f"demo-{number + 1:03d}"
        existing = Practice.objects.filter(organization=organization, slug=slug).first()
        if existing is not None:
            practices.append(existing)
            continue
        # One generator per item, so re-running picks the same values whatever already exists.
        rng = random.Random(slug)
        start = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 6 * 365))
        practice = _ensure(
            organization,
            {
                "slug": slug,
                "title_ka": f"{topic_ka} — {organization.name_ka}",
                "title_en": f"{topic_en} in {organization.name_en}" if number % 3 else "",
                "themes": rng.sample(THEMES, k=rng.randint(1, 3)),
                "initiator_ka": f"მერია ({organization.name_ka})",
                "period_start": start,
                "period_end": start + timedelta(days=rng.randrange(90, 720)),
                "challenge_ka": f"{topic_ka}: მოქალაქეები ითხოვდნენ უფრო სწრაფ და გამჭვირვალე მომსახურებას.",
                "short_description_ka": f"მერიამ დანერგა „{topic_ka}“ და გაუზიარა გამოცდილება მეზობელ მუნიციპალიტეტებს.",
                "budget_gel": Decimal(rng.randrange(5_000, 400_000, 500)),
                "activities": [
                    {"stage_ka": "I ეტაპი", "activity_ka": "საჭიროებების კვლევა", "result_ka": "ანგარიში"},
                    {"stage_ka": "II ეტაპი", "activity_ka": "პილოტირება", "result_ka": "პირველი მომხმარებლები"},
                ],
            },
            publish=number % 10 != 0,
        )
        practices.append(practice)
        created += 1
    published = [practice for practice in practices if practice.status == ContentStatus.PUBLISHED]
    for practice in published[: len(published) // 3]:
        rng = random.Random(f"adoption/{practice.slug}")
        adopter = municipalities[rng.choice(others)]
        if adopter.pk != practice.organization_id:
            _adopt(adopter, practice, rng.choice(list(Adoption.Status.values)), date(2025, 1, 1) + timedelta(days=rng.randrange(0, 300)))
    return created


