"""Demo Best Practice Programme: a finished call with its winners in the library, and an open call with applications.

Everything goes through the services, as NALA's demo manager and reviewers
(invented people); one open application comes from NALA's form filled in Word.
Idempotent: a call already there (by slug) is left as it is.
"""

import datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from municipalities.actors import Actor
from municipalities.models import Membership, Organization, User

from .models import Application, Assignment, Call
from .services import (
    application_create,
    application_decide,
    application_submit,
    assignments_auto,
    call_advance,
    call_create,
    call_results_publish,
    call_update,
    review_save,
    review_submit,
)
from .wordform import filled_form_docx, parse_form_docx

RULES = (
    "კონკურსში მონაწილეობა შეუძლია საქართველოს ნებისმიერ მუნიციპალიტეტს. განაცხადი ივსება ნალას ფორმით; "
    "მოკლე აღწერა არ უნდა აღემატებოდეს ერთ გვერდს.\n\n"
    "- თითო თემაში მუნიციპალიტეტს შეუძლია წარადგინოს ერთი განაცხადი\n"
    "- თითო განაცხადს აფასებს სამი შემფასებელი, ინტერესთა კონფლიქტის გარეშე"
)
CRITERIA = [
    {"name_ka": "ინოვაციურობა", "name_en": "Innovation", "weight": 2, "min_score": 1, "max_score": 10},
    {"name_ka": "შედეგები და გავლენა", "name_en": "Results and impact", "weight": 3, "min_score": 1, "max_score": 10},
    {"name_ka": "მდგრადობა", "name_en": "Sustainability", "weight": 2, "min_score": 1, "max_score": 10},
    {"name_ka": "გაზიარებადობა", "name_en": "Transferability", "weight": 1, "min_score": 1, "max_score": 10},
    {"name_ka": "მოქალაქეთა ჩართულობა", "name_en": "Citizen engagement", "weight": 1, "min_score": 1, "max_score": 10},
    {"name_ka": "რესურსების ეფექტიანი გამოყენება", "name_en": "Efficient use of resources", "weight": 1, "min_score": 1, "max_score": 10},
]
THEMES = [
    {"term": "inter-municipal-cooperation", "limit_per_applicant": 1},
    {"term": "e-governance", "limit_per_applicant": 1},
    {"term": "transparency", "limit_per_applicant": 1},
]


def _form(title_ka: str, challenge: str, done: str, results: str, contact: str) -> dict:
    """Every required section of NALA's form, with invented contacts (never the seed's)."""
    return {
        "title_ka": title_ka,
        "initiator_ka": "მუნიციპალიტეტის მერია",
        "municipality_profile_ka": "თვითმმართველი ერთეული; მერიის სამსახურები და ტერიტორიული ორგანოები.",
        "internal_factors_ka": "გუნდის მზაობა ცვლილებებისთვის, ხელმძღვანელობის მხარდაჭერა.",
        "external_factors_ka": "დონორი ორგანიზაციების ტექნიკური დახმარება, ცენტრალური ხელისუფლების რეფორმები.",
        "challenge_ka": challenge,
        "short_description_ka": done,
        "detailed_description_ka": done + " პროექტი განხორციელდა ეტაპობრივად, მოქალაქეებთან კონსულტაციებით.",
        "engagement_ka": "საჯარო შეხვედრები, ონლაინ გამოკითხვა, სამოქალაქო საზოგადოების ორგანიზაციების ჩართვა.",
        "results_ka": results,
        "success_factors_ka": "მკაფიო მიზანი, თანამშრომლების გადამზადება, საკრებულოს მხარდაჭერა.",
        "council_role_ka": "საკრებულომ დაამტკიცა ბიუჯეტი და ადევნებდა თვალს შესრულებას.",
        "future_plans_ka": "გამოცდილების გაზიარება მეზობელ მუნიციპალიტეტებთან.",
        "contact_name": "განაცხადის კოორდინატორი",
        "contact_email": contact,
    }


ACTIVITIES = [
    {"stage_ka": "I ეტაპი", "activity_ka": "საჭიროებების შეფასება", "result_ka": "ანგარიში და რეკომენდაციები"},
    {"stage_ka": "II ეტაპი", "activity_ka": "სერვისის დანერგვა", "result_ka": "სერვისი ხელმისაწვდომია მოქალაქეებისთვის"},
    {"stage_ka": "III ეტაპი", "activity_ka": "მონიტორინგი და შეფასება", "result_ka": "შედეგების ანგარიში"},
]

FINISHED = [
    ("vani", "e-governance", _form(
        "ელექტრონული სერვისების ერთობლივი სამოქმედო გეგმა", "მოქალაქეებს მერიაში მისვლა უწევდათ ყველა საკითხზე.",
        "მერიამ და სამოქალაქო საზოგადოებამ ერთად შეიმუშავეს ელექტრონული სერვისების გეგმა: ცხელი ხაზი, ელექტრონული "
        "საჩივრები და პეტიციები, შეხვედრების ონლაინ დაჯავშნა.", "ელექტრონული მიმართვების წილი 40%-მდე გაიზარდა.",
        "bp@demo.vani.example")),
    ("tsalenjikha", "transparency", _form(
        "საჯარო ინფორმაციის პროაქტიული გამოქვეყნება", "საჯარო ინფორმაციის გაცემას კვირები სჭირდებოდა.",
        "ადმინისტრაციულმა სამსახურმა ელექტრონული დოკუმენტბრუნვა და საჯარო ინფორმაციის რეესტრი დანერგა.",
        "2020 წელს დარეგისტრირდა 3 090 დოკუმენტი; პასუხის საშუალო ვადა 10 დღიდან 3 დღემდე შემცირდა.",
        "bp@demo.tsalenjikha.example")),
    ("gardabani", "inter-municipal-cooperation", _form(
        "მეზობელ მუნიციპალიტეტებთან ერთობლივი ნარჩენების მართვა", "ნარჩენების გატანა არარეგულარული იყო.",
        "სამმა მუნიციპალიტეტმა ერთობლივი ხელშეკრულებით გააერთიანა ტექნიკა და მარშრუტები.",
        "მომსახურებით მოცული სოფლების რაოდენობა გაორმაგდა.", "bp@demo.gardabani.example")),
]
OPEN = [
    ("kutaisi", "transparency", _form(
        "ღია მონაცემების სტრატეგია", "მუნიციპალიტეტის მონაცემები არ იყო ხელმისაწვდომი ღია ფორმატში.",
        "შემუშავდა ღია მონაცემების სტრატეგია, ლიცენზია და რეკომენდებული ფორმატები; მონაცემები ქვეყნდება data.gov.ge-ზე.",
        "გამოქვეყნდა 25 მონაცემთა ნაკრები.", "bp@demo.kutaisi.example")),
    ("akhaltsikhe", "e-governance", _form(
        "მუნიციპალური მართვის სისტემის დანერგვა", "ქაღალდის დოკუმენტბრუნვა ანელებდა მომსახურებას.",
        "თანამშრომლებმა გაიარეს გადამზადება ელექტრონულ საქმისწარმოებასა და მუნიციპალიტეტების მართვის სისტემაში.",
        "გადამზადდა 40 თანამშრომელი; ნებართვების გაცემის ვადა შემცირდა.", "bp@demo.akhaltsikhe.example")),
]
# Filled in Word and uploaded: the draft is read from the document and not yet submitted.
FROM_WORD = ("zugdidi", "inter-municipal-cooperation", _form(
    "ერთი ფანჯრის სერვისცენტრი სოფლებისთვის", "სოფლის მცხოვრებლებს მომსახურებისთვის ქალაქში ჩასვლა უწევდათ.",
    "მობილური სერვისცენტრი კვირაში ორჯერ სტუმრობს თემებს და იღებს განცხადებებს.",
    "ორი ათასზე მეტი განცხადება მიღებულია ადგილზე.", "bp@demo.zugdidi.example"))


def _person(email: str, name: str, role: str, nala: Organization) -> User:
    user, _created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    Membership.objects.update_or_create(user=user, organization=nala, defaults={"role": role})
    return user


def _call(*, nala: Organization, manager: Actor, edition: str, title_ka: str, title_en: str, opens, closes) -> Call:
    return call_create(
        organization=nala,
        fields={"edition": edition, "title_ka": title_ka, "title_en": title_en, "rules_ka": RULES, "opens_at": opens,
                "closes_at": closes, "reviewers_per_application": 3, "disagreement_threshold": 20},
        themes=THEMES, criteria=CRITERIA, actor=manager,
    )  # fmt: skip


def _apply(call: Call, spec: tuple, *, submit: bool, activities: list[dict] = ACTIVITIES) -> Application | None:
    slug, theme_slug, fields = spec
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        return None
    applicant = Actor.system(name="seed_demo", organization=organization)
    fields = dict(fields)
    application = application_create(
        call=call, organization=organization, theme=call.themes.get(term__slug=theme_slug),
        title_ka=fields.pop("title_ka"), activities=activities, actor=applicant, **fields,
    )  # fmt: skip
    return application_submit(application=application, actor=applicant) if submit else application


@transaction.atomic
def seed() -> dict:
    nala = Organization.objects.get(slug="nala")
    manager = Actor.for_user(_person("competitions@demo.hub.ge", "კონკურსის მენეჯერი", Membership.Role.COMPETITION_MANAGER, nala))
    reviewers = [
        _person(f"reviewer{number}@demo.hub.ge", f"შემფასებელი {number}", Membership.Role.REVIEWER, nala) for number in range(1, 6)
    ]
    now = timezone.now()
    made = {"calls": 0, "applications": 0, "winners": 0}
    if not Call.objects.filter(edition="2024–2025", organization=nala).exists():
        finished = _call(
            nala=nala, manager=manager, edition="2024–2025", title_ka="საუკეთესო პრაქტიკის პროგრამა",
            title_en="Best Practice Programme", opens=now - datetime.timedelta(days=90), closes=now + datetime.timedelta(hours=1),
        )  # fmt: skip
        applications = [a for a in (_apply(finished, spec, submit=True) for spec in FINISHED) if a is not None]
        finished = call_update(call=finished, fields={"closes_at": timezone.now()}, actor=manager)
        finished = call_advance(call=finished, actor=manager)
        assignments_auto(call=finished, actor=manager)
        for assignment in Assignment.objects.filter(call=finished).select_related("call", "application"):
            strength = {a.pk: 9 - 2 * i for i, a in enumerate(applications)}[assignment.application_id]
            actor = Actor.for_user(assignment.reviewer)
            scores = {c.pk: {"value": max(1, strength - index % 2), "comment": "დასაბუთებულია."}
                      for index, c in enumerate(finished.criteria.all())}  # fmt: skip
            review_save(assignment=assignment, scores=scores, comment="საინტერესო პრაქტიკა.", actor=actor)
            review_submit(assignment=assignment, actor=actor)
        finished = call_advance(call=finished, actor=manager)
        for application in applications[:2]:
            application_decide(application=application, decision=Application.Decision.WINNER, actor=manager)
        call_results_publish(call=finished, actor=manager)
        made["calls"] += 1
        made["applications"] += len(applications)
        made["winners"] += min(2, len(applications))
    if not Call.objects.filter(edition="2025–2026", organization=nala).exists():
        current = _call(
            nala=nala, manager=manager, edition="2025–2026", title_ka="საუკეთესო პრაქტიკის პროგრამა",
            title_en="Best Practice Programme", opens=now - datetime.timedelta(days=10), closes=now + datetime.timedelta(days=60),
        )  # fmt: skip
        opened = [a for a in (_apply(current, spec, submit=True) for spec in OPEN) if a is not None]
        slug, theme_slug, fields = FROM_WORD
        imported = parse_form_docx(filled_form_docx(fields, ACTIVITIES, language="ka"))
        values = {name: value for name, value in imported.values.items() if name != "themes"}
        word = _apply(current, (slug, theme_slug, values), submit=False, activities=imported.activities)
        made["calls"] += 1
        made["applications"] += len(opened) + (word is not None)
    made["reviewers"] = len(reviewers)
    return made
