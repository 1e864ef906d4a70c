"""Demo action plans, training and service descriptions drawn from seeds 000, 001 and 003.

The Georgian texts are the seeds' own (copied here so nothing outside the
project is read at run time); English titles are ours. No personal names or
contact details: contacts are offices. `seed()` is idempotent: an item that
already exists (by organization and slug or identifier) is left as it is.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from municipalities.actors import SEED_ACTOR
from municipalities.models import Organization

from .models import ActionPlan, ServiceDescription, Term, TrainingModule, Vocabulary
from .services.action_plan import action_plan_create, indicator_value_record
from .services.content import content_publish
from .services.service import service_description_create
from .services.training import training_module_create, training_session_create

LOCAL_GOVERNMENT = "ადგილობრივი თვითმმართველობა (საკრებულო, მერია)"
WEB_COMPANY = "ვებგვერდის დიზაინზე მომუშავე შესაბამისი კომპანია"


def _indicator(name_ka: str, name_en: str, unit: str, baseline: int, target: int, values: tuple = ()) -> dict:
    return {
        "name_ka": name_ka, "name_en": name_en, "unit": unit,
        "baseline": Decimal(baseline), "target": Decimal(target), "values": values,
    }  # fmt: skip


def _task(title_ka, title_en, activities, indicators, *, executors=LOCAL_GOVERNMENT, start, end, frequency="twice_a_year"):
    return {
        "title_ka": title_ka, "title_en": title_en, "executors": executors,
        "starts_on": start, "ends_on": end, "monitoring_frequency": frequency,
        "activities": [{"description_ka": text} for text in activities],
        "indicators": indicators,
    }  # fmt: skip


VANI_GOALS = [
    {
        "title_ka": "ადგილობრივი მმართველობის გამჭირვალობის ხელშეწყობა",
        "title_en": "Promoting the transparency of local government",
        "tasks": [
            _task(
                "მუნიციპალიტეტის ვებგვერდის განახლება და საზოგადოების ინფორმირება საიტის გაზრდილი ფუნქციონალური მონაცემების შესახებ",
                "Renew the municipal website and inform the public about its new functions",
                [
                    "ვებგვერდის დიზაინის სპეციალისტის შერჩევა და ვებგვერდის განახლებული ფორმატის შეთანხმება მუნიციპალიტეტის მერთან და მერიისა და საკრებულოს შესაბამის განყოფილებებთან",
                    "სპეციალისტის გადამზადება, რომელიც უზრუნველყოფს ვებგვერდის ადმინისტრირებას და ადგილობრივი მოქალაქეებისათვის ინსტრუქციების მომზადებას საიტის გამოყენების კუთხით",
                    "ადგილობრივი ბიუჯეტის შესრულების კვარტალური და წლიური ანგარიშების, შესყიდვების გეგმის, მერისა და საკრებულოს ნორმატიული აქტების, აგრეთვე სხვა საჯარო ინფორმაციის განთავსება საიტზე",
                    "საზოგადოების ინფორმირებულობა განახლებული ვებგვერდისა და მისი ფუნქციონალური შესაძლებლობების შესახებ",
                ],
                [
                    _indicator("ვებგვერდის ადმინისტრირებაზე და გამართულ ფუნქციონირებაზე პასუხისმგებელი სპეციალისტების რაოდენობა",
                               "Specialists responsible for running the website", "persons", 0, 2, ((date(2020, 12, 20), 2),)),
                    _indicator("ინფორმირებული მოქალაქეების რაოდენობა", "Citizens informed", "persons", 0, 2000,
                               ((date(2020, 12, 20), 600), (date(2021, 6, 30), 1400))),
                    _indicator("ვებგვერდის მომხმარებელთა რაოდენობა", "Website users per month", "users", 500, 3000,
                               ((date(2020, 12, 20), 900), (date(2021, 6, 30), 1750))),
                ],
                executors=f"{LOCAL_GOVERNMENT}; {WEB_COMPANY}",
                start=date(2020, 6, 1), end=date(2020, 12, 31),
            ),
            _task(
                "ცხელი ხაზის დანერგვა და მისი მუშაობის ტექნიკური უზრუნველყოფა",
                "Set up a hotline and keep it running",
                [
                    "ცხელი ხაზისათვის ცალკე სატელეფონო ხაზის დამონტაჟება",
                    "პერსონალის გადამზადება, რომელიც პასუხისმგებელი იქნება ცხელი ხაზის მუშაობაზე",
                ],
                [
                    _indicator("მიღებული ზარების რაოდენობა", "Calls received", "calls", 0, 600,
                               ((date(2020, 12, 20), 140), (date(2021, 6, 30), 410))),
                    _indicator("ხაზის მუშაობაზე პასუხისმგებელი გადამზადებული პერსონალის რაოდენობა",
                               "Trained hotline staff", "persons", 0, 3, ((date(2020, 12, 20), 3),)),
                ],
                start=date(2020, 9, 1), end=date(2020, 12, 31),
            ),
            _task(
                "ანტიკორუფციული ზომების მიღება",
                "Take anti-corruption measures",
                ["ეთიკის კოდექსის შემუშავება და ვებგვერდზე განთავსება"],
                [
                    _indicator("შემუშავებული დოკუმენტების რაოდენობა", "Documents drafted", "documents", 0, 1,
                               ((date(2021, 6, 30), 1),)),
                    _indicator("ვებგვერდზე განთავსებული დოკუმენტების რაოდენობა", "Documents published on the website", "documents", 0, 1),
                ],
                start=date(2020, 9, 1), end=date(2021, 9, 30),
            ),
        ],
    },
    {
        "title_ka": "ადგილობრივი მმართველობის ეფექტიანობის გაზრდა",
        "title_en": "Making local government more efficient",
        "tasks": [
            _task(
                "პერსონალის გადამზადების/კვალიფიკაციის ამაღლების საკითხის სტანდარტიზაცია და თანმიმდევრული განხორციელება ელექტრონულ სერვისებზე აქცენტის გაკეთებით",
                "Standardise staff training, with the focus on e-services",
                [
                    "მუნიციპალიტეტის თანამშრომელთა შეფასება/საჭიროებების გამოვლენა, რათა დადგინდეს საჭირო ტრენინგებისა და კვალიფიკაციის ასამაღლებელი კურსების ნუსხა",
                    "ჩატარებული მოკვლევის საფუძველზე შეიქმნას საჭირო ტრენინგებისა და კვალიფიკაციის ასამაღლებელი კურსების ჩამონათვალი/თანამშრომელთა განვითარების გეგმა ცალკეული განყოფილებებისა და სამსახურების მიხედვით",
                ],
                [
                    _indicator("მუნიციპალიტეტში გამოკითხული თანამშრომლების რაოდენობა", "Staff surveyed", "persons", 0, 80,
                               ((date(2020, 12, 20), 64),)),
                    _indicator("აუცილებელი ტრენინგებისა და კურსების რაოდენობა", "Required trainings and courses listed", "courses", 0, 10,
                               ((date(2020, 12, 20), 7),)),
                ],
                start=date(2020, 9, 1), end=date(2020, 12, 31),
            ),
            _task(
                "მუნიციპალიტეტის ვებგვერდზე ინფორმაციის განთავსება მერთან, საკრებულოს თავმჯდომარესთან, მოადგილეებთან და სხვა თანამდებობის პირებთან შეხვედრებისათვის გამოყოფილი დღეების შესახებ",
                "Publish the days when the mayor, the council chair and other officials receive citizens",
                [
                    "გადაწყვეტილების მიმღებ კონკრეტულ პირთა მიერ მოქალაქეების მიღების დღეებისა და საათების გრაფიკის შედგენა და საიტზე განთავსებაზე პასუხისმგებელი პირისათვის გადაცემა",
                ],
                [
                    _indicator("ვებგვერდზე განთავსებული გრაფიკის ნახვების რაოდენობა", "Views of the published schedule", "views", 0, 1000,
                               ((date(2020, 9, 30), 320), (date(2021, 6, 30), 870))),
                ],
                start=date(2020, 6, 1), end=date(2020, 9, 30), frequency="yearly",
            ),
            _task(
                "მოქალაქეებისათვის შესაძლებლობის მიცემა ელექტრონულად განათავსონ საჩივრები და პეტიციები; ასევე მოახდინონ წინასწარ ელექტრონულად ჩაწერა თანამდებობის პირთან მიღების დღეზე",
                "Let citizens file complaints and petitions online and book appointments with officials",
                ["ვებგვერდის განახლებისას დაემატოს საჩივრების წარდგენის, პეტიციის და მოქალაქეთა წინასწარ ელექტრონული ჩაწერის ფუნქციები"],
                [
                    _indicator("შეტანილი საჩივრებისა და პეტიციების რაოდენობა", "Complaints and petitions filed", "filings", 0, 50,
                               ((date(2021, 6, 30), 18),)),
                    _indicator("მიღებაზე ჩაწერილ პირთა რაოდენობა", "Appointments booked", "persons", 0, 300,
                               ((date(2021, 6, 30), 95),)),
                ],
                executors=f"{LOCAL_GOVERNMENT}; {WEB_COMPANY}",
                start=date(2021, 1, 1), end=date(2021, 9, 30),
            ),
        ],
    },
    {
        "title_ka": "ადგილობრივი მმართველობის ინკლუზიურობის გაზრდა",
        "title_en": "Making local government more inclusive",
        "tasks": [
            _task(
                "გადაწყვეტილების მიღების პროცესში მოქალაქეთა ჩართულობის გაზრდა ელექტრონული რესურსების გამოყენებით",
                "Involve more citizens in decision-making through electronic tools",
                [
                    "რეგულაციების შემუშავება გადაწყვეტილების მიღების პროცესში მოქალაქეთა მოწყვლადი ჯგუფების ჩართულობის შესახებ",
                    "მოსახლეობის მოწყვლადი ჯგუფების საჭიროებების შეფასება/შესწავლა: სპეციალური კითხვარის შედგენა, ონლაინ კითხვარების ჩათვლით; საინფორმაციო შეხვედრების ჩატარება მოქალაქეებთან",
                    "მოქმედი სოციალური და ჯანდაცვის პროგრამების თაობაზე მოქალაქეთა კმაყოფილების კვლევის ჩატარება, შეფასების/კითხვარების ფორმების შედგენა",
                    "ადგილობრივ თვითმმართველობაში მოქმედი მრჩეველთა და სხვა საბჭოების მუშაობის გაძლიერება",
                ],
                [
                    _indicator("შემუშავებული რეგულაციებისა და აქტების რაოდენობა", "Regulations and acts drafted", "acts", 0, 2),
                    _indicator("გამოკითხული მოსახლეობის რაოდენობა", "Residents surveyed", "persons", 0, 500,
                               ((date(2021, 6, 30), 230),)),
                    _indicator("ჩატარებული შეხვედრების რაოდენობა", "Meetings held", "meetings", 0, 12,
                               ((date(2021, 6, 30), 5),)),
                    _indicator("მრჩეველთა და სხვა საბჭოების მიერ შემუშავებული რეკომენდაციების რაოდენობა",
                               "Recommendations from advisory councils", "recommendations", 0, 10),
                ],
                executors=f"{LOCAL_GOVERNMENT}; კულტურულ-ჰუმანიტარული ფონდი „სოხუმი“; სსო „თანადგომა - 2020“; "
                "„მოქალაქეთა აქტიურობა ეფექტიანი მმართველობისა და სამართლიანობისთვის“",
                start=date(2020, 9, 1), end=date(2021, 9, 30), frequency="yearly",
            ),
        ],
    },
]

VANI_PLAN = {
    "slug": "e-services-joint-action-plan",
    "title_ka": "ადგილობრივი თვითმმართველობისა და სამოქალაქო საზოგადოების ერთობლივი სამოქმედო გეგმა ელექტრონული სერვისების განვითარების მიმართულებით",
    "title_en": "Joint action plan of local government and civil society for developing e-services",
    "period_start": date(2020, 6, 1),
    "period_end": date(2021, 9, 30),
    "description_ka": (
        "ვანის მუნიციპალიტეტში საჯარო მმართველობის რეფორმის სამოქმედო გეგმის განხორციელების ხელშეწყობისთვის "
        "ადგილობრივმა თვითმმართველობამ და სამოქალაქო საზოგადოებამ ერთად შეიმუშავეს გეგმა სამი მიზნით:\n\n"
        "1. **გამჭვირვალობა** — განახლებული ვებგვერდი, ცხელი ხაზი, ეთიკის კოდექსი;\n"
        "2. **ეფექტიანობა** — თანამშრომელთა გადამზადება, ელექტრონული საჩივრები, პეტიციები და ჩაწერა მიღებაზე;\n"
        "3. **ინკლუზიურობა** — მოწყვლადი ჯგუფების ჩართულობა გადაწყვეტილების მიღებაში."
    ),
    "description_en": (
        "To support the public administration reform action plan in Vani, the local government and civil society "
        "drew up a joint plan with three goals: transparency, efficiency and inclusiveness."
    ),
}


def _seed_vani_plan() -> None:
    vani = Organization.objects.get(slug="vani")
    if ActionPlan.objects.filter(organization=vani, slug=VANI_PLAN["slug"]).exists():
        return
    goals = [
        {**goal, "tasks": [{**task, "indicators": [{k: v for k, v in row.items() if k != "values"} for row in task["indicators"]]}
                           for task in goal["tasks"]]}
        for goal in VANI_GOALS
    ]  # fmt: skip
    plan = action_plan_create(organization=vani, fields=VANI_PLAN, goals=goals, actor=SEED_ACTOR)
    indicators = [indicator for goal in plan.goals.all() for task in goal.tasks.all() for indicator in task.indicators.all()]
    planned = [row for goal in VANI_GOALS for task in goal["tasks"] for row in task["indicators"]]
    for indicator, row in zip(indicators, planned, strict=True):
        for recorded_at, value in row["values"]:
            indicator_value_record(indicator=indicator, recorded_at=recorded_at, value=Decimal(value), note="მონიტორინგის ანგარიში", actor=SEED_ACTOR)
    content_publish(item=ActionPlan.objects.get(pk=plan.pk), actor=SEED_ACTOR)


AGENCY = {
    "slug": "public-service-development-agency",
    "kind": Organization.Kind.AGENCY,
    "name_ka": "სახელმწიფო სერვისების განვითარების სააგენტო",
    "name_en": "Public Service Development Agency",
}
TRAINING_CENTRE = {
    "slug": "justice-training-centre",
    "kind": Organization.Kind.TRAINING_PROVIDER,
    "name_ka": "იუსტიციის სასწავლო ცენტრი",
    "name_en": "Justice Training Centre",
}

PROGRAMME = "პროექტი „ელექტრონული მმართველობის დანერგვა ადგილობრივ თვითმმართველობებში“"
MODULES = [
    {
        "slug": "basic-it-skills",
        "direction": "basic-it-skills",
        "title_ka": "საინფორმაციო ტექნოლოგიების საბაზისო უნარები",
        "title_en": "Basic IT skills",
        "duration_value": 10,
        "objectives": "კომპიუტერთან, ელექტრონულ ფოსტასთან და ოფისის პროგრამებთან მუშაობის საბაზისო უნარები, "
        "რომლებიც ელექტრონული საქმისწარმოების სისტემების გამოყენებას სჭირდება.",
        "sessions": [("mtskheta", 40), ("akhmeta", 25), ("khobi", 25), ("kvareli", 22), ("khashuri", 28), ("chkhorotsku", 20), ("kareli", 24)],
    },
    {
        "slug": "electronic-document-flow",
        "direction": "electronic-document-flow",
        "title_ka": "დოკუმენტბრუნვის ელექტრონული საქმისწარმოება",
        "title_en": "Electronic document flow",
        "duration_value": 5,
        "objectives": "დოკუმენტის რეგისტრაცია, ვიზირება, შემსრულებლისთვის გადაცემა და პასუხის გაგზავნა "
        "დოკუმენტბრუნვის ელექტრონულ სისტემაში — ინტენსიური ერთკვირიანი კურსი.",
        "sessions": [("chkhorotsku", 20), ("akhmeta", 24), ("khobi", 26), ("kvareli", 21), ("khashuri", 27), ("kareli", 23)],
    },
    {
        "slug": "municipal-management-system",
        "direction": "municipal-management-system",
        "title_ka": "მუნიციპალიტეტების მართვის სისტემა (მმს)",
        "title_en": "Municipal Management System (MMS)",
        "duration_value": 10,
        "objectives": "მუნიციპალური მომსახურებების — ფულადი სოციალური დახმარების, მშენებლობის ნებართვების, "
        "ქონების პრივატიზაციისა და მიწის ლეგალიზაციის — განაცხადების მიღება და დამუშავება მმს-ში, "
        "რათა მოსახლეობამ ისინი შეფერხების გარეშე, სწრაფად და კომფორტულად მიიღოს.",
        "sessions": [("khobi", 30), ("zugdidi", 35), ("gori", 38), ("mtskheta", 36), ("kareli", 30)],
    },
]


def _organization(data: dict) -> Organization:
    organization, _created = Organization.objects.get_or_create(
        slug=data["slug"], defaults={key: value for key, value in data.items() if key != "slug"}
    )
    return organization


def _seed_training() -> None:
    agency = _organization(AGENCY)
    centre = _organization(TRAINING_CENTRE)
    first_day = date(2015, 9, 7)
    for number, spec in enumerate(MODULES):
        if TrainingModule.objects.filter(organization=agency, slug=spec["slug"]).exists():
            continue
        module = training_module_create(
            organization=agency,
            actor=SEED_ACTOR,
            fields={
                "slug": spec["slug"],
                "title_ka": spec["title_ka"],
                "title_en": spec["title_en"],
                "direction": Term.objects.get(vocabulary=Vocabulary.TRAINING_DIRECTION, slug=spec["direction"]),
                "learning_objectives_ka": f"{spec['objectives']}\n\n{PROGRAMME}.",
                "audience_ka": "მუნიციპალიტეტის მერიისა და საკრებულოს თანამშრომლები",
                "audience_en": "Staff of the City Hall and the council",
                "duration_value": spec["duration_value"],
                "duration_unit": TrainingModule.DurationUnit.DAYS,
                "format": TrainingModule.Format.IN_PERSON,
                "provider": centre,
                "materials_ka": "- სასწავლო პრეზენტაციები\n- პრაქტიკული სავარჯიშოები სისტემის სატესტო გარემოში\n- მომხმარებლის სახელმძღვანელო",
                "accreditation": TrainingModule.Accreditation.ACCREDITED,
            },
        )
        module = content_publish(item=module, actor=SEED_ACTOR)
        for index, (slug, trained) in enumerate(spec["sessions"]):
            host = Organization.objects.get(slug=slug)
            # One direction after another, a session every two weeks; a training week runs Monday to Friday.
            starts_on = first_day + timedelta(weeks=12 * number + 2 * index)
            training_session_create(
                organization=host,
                actor=SEED_ACTOR,
                module=module,
                fields={
                    "starts_on": starts_on,
                    "ends_on": starts_on + timedelta(weeks=spec["duration_value"] // 5, days=-3),
                    "location_ka": f"მუნიციპალიტეტის ადმინისტრაციული შენობა ({host.name_ka})",
                    "location_en": f"{host.name_en} municipality administrative building",
                    "trainers": "იუსტიციის სასწავლო ცენტრის ტრენერები",
                    "capacity": 40,
                },
                participations=[{"organization": host, "count": trained}],
            )


# (municipality, cost in GEL, processing days, channels) per category: real spread, invented figures.
SERVICE_OFFERS = {
    "cash-social-assistance": [
        ("tsalenjikha", "0", 10, ["in_person"]), ("vani", "0", 15, ["in_person", "phone"]), ("zugdidi", "0", 12, ["in_person", "online"]),
        ("khobi", "0", 20, ["in_person"]), ("rustavi", "0", 7, ["in_person", "online", "phone"]),
    ],
    "construction-permit": [
        ("tsalenjikha", "50", 20, ["in_person"]), ("zugdidi", "100", 15, ["in_person", "online"]), ("gori", "80", 20, ["in_person", "online"]),
        ("mtskheta", "120", 12, ["online"]), ("rustavi", "150", 10, ["in_person", "online", "phone"]), ("khobi", "40", 25, ["in_person"]),
    ],
    "property-privatisation": [
        ("tsalenjikha", "0", 45, ["in_person"]), ("kareli", "20", 30, ["in_person"]), ("gori", "50", 40, ["in_person", "online"]),
        ("rustavi", "30", 30, ["online", "in_person"]),
    ],
    "land-legalisation": [
        ("tsalenjikha", "0", 60, ["in_person"]), ("khashuri", "10", 90, ["in_person"]), ("kvareli", "25", 45, ["in_person", "phone"]),
        ("akhmeta", "15", 60, ["in_person"]), ("zugdidi", "20", 30, ["in_person", "online"]),
    ],
}  # fmt: skip

SERVICE_TEXTS = {
    "cash-social-assistance": {
        "title_ka": "ფულადი სოციალური დახმარება",
        "title_en": "Cash social assistance",
        "description_ka": "ადგილობრივი ბიუჯეტით დადგენილი სოციალური პროგრამებით გათვალისწინებული ფულადი დახმარება "
        "(მაგ., ოჯახში ძალადობის მსხვერპლ პირთა ერთჯერადი ფულადი დახმარება — 200 ლარი).",
        "output_ka": "ფულადი დახმარების დანიშვნის ან უარის შესახებ გადაწყვეტილება",
        "output_en": "A decision granting or refusing the assistance",
        "legal_basis_ka": "მუნიციპალიტეტის საკრებულოს დადგენილება სოციალური დახმარების პროგრამების შესახებ",
        "responsible_unit_ka": "სოციალური და ჯანდაცვის სამსახური",
        "documents": ["განცხადება", "პირადობის მოწმობის ასლი", "სოციალური მდგომარეობის ამსახველი დოკუმენტი"],
    },
    "construction-permit": {
        "title_ka": "მშენებლობის ნებართვის გაცემა",
        "title_en": "Construction permit",
        "description_ka": "II კლასის ნაგებობის მშენებლობის ნებართვა; მერია განმცხადებელს აწვდის საჭირო დოკუმენტაციის ჩამონათვალს.",
        "output_ka": "მშენებლობის ნებართვა",
        "output_en": "A construction permit",
        "legal_basis_ka": "საქართველოს მთავრობის დადგენილება მშენებლობის ნებართვის გაცემის წესისა და სანებართვო პირობების შესახებ",
        "responsible_unit_ka": "ურბანული დაგეგმარებისა და ინფრასტრუქტურის სამსახური",
        "documents": ["განცხადება", "საკადასტრო გეგმა", "არქიტექტურული პროექტი", "მოსაკრებლის გადახდის დამადასტურებელი ქვითარი"],
    },
    "property-privatisation": {
        "title_ka": "მუნიციპალური ქონების პრივატიზაცია",
        "title_en": "Privatisation of municipal property",
        "description_ka": "მუნიციპალიტეტის საკუთრებაში არსებული ქონების პრივატიზაცია აუქციონით ან პირდაპირი მიყიდვით; "
        "დაინტერესებული პირები ინფორმაციას იღებენ მერიაში.",
        "output_ka": "ნასყიდობის ხელშეკრულება",
        "output_en": "A sale contract",
        "legal_basis_ka": "საქართველოს ორგანული კანონი „ადგილობრივი თვითმმართველობის კოდექსი“",
        "responsible_unit_ka": "ქონების მართვის სამსახური",
        "documents": ["განცხადება", "პირადობის მოწმობის ასლი", "საკადასტრო ამონაწერი"],
    },
    "land-legalisation": {
        "title_ka": "მიწის ნაკვეთზე საკუთრების უფლების ლეგალიზება",
        "title_en": "Legalisation of land ownership",
        "description_ka": "უძრავი ქონების საკუთრების ლეგალიზება: მერია ეხმარება მოქალაქეს დოკუმენტაციის შეგროვებაში "
        "და აწვდის ინფორმაციას.",
        "output_ka": "საკუთრების უფლების მოწმობა",
        "output_en": "A certificate of ownership",
        "legal_basis_ka": "საქართველოს კანონი „ფიზიკური და კერძო სამართლის იურიდიული პირების მფლობელობაში (სარგებლობაში) არსებულ მიწის ნაკვეთებზე საკუთრების უფლების აღიარების შესახებ“",
        "responsible_unit_ka": "მიწის ნაკვეთებზე საკუთრების უფლების აღიარების კომისია",
        "documents": ["განცხადება", "მიწის ნაკვეთის აზომვითი ნახაზი", "მართლზომიერი მფლობელობის დამადასტურებელი დოკუმენტი"],
    },
}

TSALENJIKHA_NOTE = (
    "\n\nწალენჯიხის მერიის ადმინისტრაციული სამსახური 2020 წელს: დოკუმენტბრუნვის ელექტრონულ სისტემაში "
    "რეგისტრირებულია 3090 დოკუმენტი, გამოიცა 651 ინდივიდუალურ-სამართლებრივი აქტი."
)


def _seed_services() -> None:
    for category_slug, offers in SERVICE_OFFERS.items():
        category = Term.objects.get(vocabulary=Vocabulary.SERVICE_CATEGORY, slug=category_slug)
        texts = SERVICE_TEXTS[category_slug]
        for slug, cost, days, channels in offers:
            organization = Organization.objects.get(slug=slug)
            identifier = f"{slug}-{category_slug}"
            if ServiceDescription.objects.filter(organization=organization, identifier=identifier).exists():
                continue
            description = texts["description_ka"] + (TSALENJIKHA_NOTE if slug == "tsalenjikha" else "")
            service = service_description_create(
                organization=organization,
                actor=SEED_ACTOR,
                fields={
                    "slug": category_slug,
                    "identifier": identifier,
                    "title_ka": texts["title_ka"],
                    "title_en": texts["title_en"],
                    "description_ka": description,
                    "category": category,
                    "output_ka": texts["output_ka"],
                    "output_en": texts["output_en"],
                    "cost_gel": Decimal(cost),
                    "processing_time_days": days,
                    "channels": channels,
                    "legal_basis_ka": texts["legal_basis_ka"],
                    "responsible_unit_ka": texts["responsible_unit_ka"],
                    "contact": "მერიის მოქალაქეთა მომსახურების ცენტრი, სამუშაო დღეებში 09:00–18:00",
                },
                required_documents=[{"name_ka": name} for name in texts["documents"]],
            )
            content_publish(item=service, actor=SEED_ACTOR)


@transaction.atomic
def seed() -> None:
    """Vani's action plan, the e-governance training programme and municipal services (idempotent)."""
    _seed_vani_plan()
    _seed_training()
    _seed_services()
