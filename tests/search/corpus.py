"""A small Georgian + English corpus shaped after the seeds, shared by every backend's contract tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

from search.documents import SearchDocument

TBILISI = ZoneInfo("Asia/Tbilisi")


def _doc(doc_type, object_id, title_ka, title_en, body, organization, region, tags, year, languages, published):
    slug, name = organization
    moment = datetime(*published, 12, 0, tzinfo=TBILISI)
    return SearchDocument(
        doc_type=doc_type,
        object_id=object_id,
        title_ka=title_ka,
        title_en=title_en,
        body=body,
        url=f"/{doc_type}s/{object_id}/",
        organization_slug=slug,
        organization_name=name,
        region_slug=region,
        tags=tags,
        year=year,
        languages=languages,
        published_at=moment,
        updated_at=moment,
    )


VANI = ("vani", "ვანის მუნიციპალიტეტი Vani")
PSDA = ("psda", "სახელმწიფო სერვისების განვითარების სააგენტო")
RUSTAVI = ("rustavi", "რუსთავის მუნიციპალიტეტი Rustavi")
TSALENJIKHA = ("tsalenjikha", "წალენჯიხის მუნიციპალიტეტი")
AKHALTSIKHE = ("akhaltsikhe", "ახალციხის მუნიციპალიტეტი")
KUTAISI = ("kutaisi", "ქუთაისის მუნიციპალიტეტი")
ZUGDIDI = ("zugdidi", "ზუგდიდის მუნიციპალიტეტი")
KARELI = ("kareli", "კარელის მუნიციპალიტეტი")
GORI = ("gori", "გორის მუნიციპალიტეტი")
KHOBI = ("khobi", "ხობის მუნიციპალიტეტი")
JTC = ("jtc", "იუსტიციის სასწავლო ცენტრი")
MTSKHETA = ("mtskheta", "მცხეთის მუნიციპალიტეტი")
AKHMETA = ("akhmeta", "ახმეტის მუნიციპალიტეტი")
KVARELI = ("kvareli", "ყვარლის მუნიციპალიტეტი")
KHASHURI = ("khashuri", "ხაშურის მუნიციპალიტეტი")
CHKHOROTSKU = ("chkhorotsku", "ჩხოროწყუს მუნიციპალიტეტი")
TELAVI = ("telavi", "თელავის მუნიციპალიტეტი")
OZURGETI = ("ozurgeti", "ოზურგეთის მუნიციპალიტეტი")
BATUMI = ("batumi", "ბათუმის მუნიციპალიტეტი")

CORPUS = [
    _doc(
        "practice", "vani-plan",
        "ვანის ელექტრონული სერვისების სამოქმედო გეგმა", "Vani e-services action plan",
        "ადგილობრივი თვითმმართველობისა და სამოქალაქო საზოგადოების ერთობლივი სამოქმედო გეგმა "
        "ელექტრონული სერვისების განვითარებისთვის: ვებგვერდის განახლება, ცხელი ხაზი, "
        "ელექტრონული პეტიციები და საჩივრები. Joint plan of local government and civil society: "
        "website renewal, a hotline, e-petitions and e-complaints.",
        VANI, "imereti", ["e-governance", "transparency"], 2020, ["ka", "en"], (2020, 6, 15),
    ),
    _doc(
        "training", "psda-pilots",
        "ელექტრონული მმართველობის ტრენინგები 9 პილოტ მუნიციპალიტეტში", "",
        "სააგენტოს პროექტი ითვალისწინებს მუნიციპალიტეტებში ელექტრონული საქმისწარმოების სისტემების "
        "დანერგვას. ხობის, ზუგდიდის და გორის თანამშრომლებს ჩაუტარდათ ტრენინგი მუნიციპალიტეტების "
        "მართვის სისტემაში.",
        PSDA, "tbilisi", ["e-governance", "training"], 2019, ["ka"], (2019, 3, 1),
    ),
    _doc(
        "practice", "rustavi-centre",
        "რუსთავის მუნიციპალური რეფორმებისა და სერვისების განვითარების ცენტრი",
        "Rustavi Municipal Reforms and Services Development Centre",
        "ინტერმუნიციპალური თანამშრომლობა: ცენტრი ატარებს ტრენინგებს სხვა მუნიციპალიტეტებისთვის და "
        "მასპინძლობს საინფორმაციო ტურებს. The centre hosts study tours for other municipalities.",
        RUSTAVI, "kvemo-kartli", ["inter-municipal-cooperation", "training"], 2025, ["ka", "en"], (2025, 9, 20),
    ),
    _doc(
        "service", "tsalenjikha-docs",
        "წალენჯიხის მერიის ელექტრონული საქმისწარმოება", "",
        "2020 წელს დოკუმენტბრუნვის ელექტრონულ სისტემაში დარეგისტრირდა 3090 დოკუმენტი, მიღებულია "
        "651 სამართლებრივი აქტი და გაფორმდა 207 ხელშეკრულება.",
        TSALENJIKHA, "samegrelo", ["document-flow"], 2020, ["ka"], (2021, 2, 10),
    ),
    _doc(
        "action_plan", "akhaltsikhe-open-data",
        "ახალციხის ღია მონაცემების სტრატეგია", "Akhaltsikhe open data strategy",
        "სიტუაციური ანალიზი, ღია მონაცემების ლიცენზია, რეკომენდებული ფორმატები და სტანდარტები, "
        "გამოქვეყნება პორტალზე. Situational analysis, an open licence and recommended formats.",
        AKHALTSIKHE, "samtskhe-javakheti", ["open-data"], 2021, ["ka", "en"], (2021, 5, 4),
    ),
    _doc(
        "action_plan", "kutaisi-open-data",
        "ქუთაისის მერიის ღია მონაცემების სამოქმედო გეგმა", "Kutaisi open data action plan",
        "ღია მონაცემების გამოქვეყნება მერიის ვებგვერდზე და სასწავლო მოდული თანამშრომლებისთვის. "
        "Publishing data on the city website and a handbook for staff.",
        KUTAISI, "imereti", ["open-data", "transparency"], 2021, ["ka", "en"], (2021, 7, 30),
    ),
    _doc(
        "practice", "zugdidi-mms",
        "მუნიციპალიტეტების მართვის სისტემის დანერგვა ზუგდიდში", "",
        "მმს აერთიანებს მერიის სამსახურების სამუშაოს ერთ სისტემაში.",
        ZUGDIDI, "samegrelo", ["e-governance"], 2019, ["ka"], (2019, 11, 5),
    ),
    _doc(
        "practice", "kareli-booking",
        "ელექტრონული ჯავშნის სისტემა კარელის მერიაში", "Electronic appointment booking at Kareli City Hall",
        "მოქალაქეები წინასწარ ჯავშნიან შეხვედრას მერიის თანამშრომლებთან. Citizens book appointments online.",
        KARELI, "shida-kartli", ["e-governance", "citizen-services"], 2021, ["ka", "en"], (2021, 10, 12),
    ),
    _doc(
        "service", "gori-permits",
        "მშენებლობის ნებართვის გაცემა გორის მუნიციპალიტეტში", "",
        "მშენებლობის ნებართვის მოთხოვნა მიიღება მერიაში და განიხილება ოცი დღის განმავლობაში.",
        GORI, "shida-kartli", ["citizen-services"], 2022, ["ka"], (2022, 4, 18),
    ),
    _doc(
        "service", "khobi-assistance",
        "ფულადი სოციალური დახმარება ხობის მუნიციპალიტეტში", "",
        "სოციალური დახმარების განაცხადები მიიღება მერიის სოციალურ სამსახურში.",
        KHOBI, "samegrelo", ["social"], 2022, ["ka"], (2022, 8, 1),
    ),
    _doc(
        "training", "jtc-ethics",
        "საჯარო მოხელეების ტრენინგი ეთიკის კოდექსზე", "Ethics code training for public servants",
        "იუსტიციის სასწავლო ცენტრის ტრენერები ატარებენ ორკვირიან კურსს. A two-week course on the ethics code.",
        JTC, "tbilisi", ["training", "transparency"], 2023, ["ka", "en"], (2023, 2, 14),
    ),
    _doc(
        "practice", "mtskheta-hotline",
        "მცხეთის მერიის ცხელი ხაზი მოქალაქეებისთვის", "",
        "ცხელი ხაზი პასუხობს მოქალაქეების კითხვებს სამუშაო დღეებში.",
        MTSKHETA, "mtskheta-mtianeti", ["citizen-services"], 2023, ["ka"], (2023, 6, 6),
    ),
    _doc(
        "practice", "akhmeta-petitions",
        "ელექტრონული პეტიციები ახმეტის საკრებულოში", "E-petitions in the Akhmeta Sakrebulo",
        "მოქალაქეები ელექტრონული პეტიციებით აყენებენ საკითხებს საკრებულოს სხდომაზე. "
        "Citizens raise issues with the council through e-petitions.",
        AKHMETA, "kakheti", ["e-governance", "participation"], 2024, ["ka", "en"], (2024, 3, 3),
    ),
    _doc(
        "practice", "kvareli-land",
        "მიწის ლეგალიზაცია ყვარლის მუნიციპალიტეტში", "",
        "მიწის ნაკვეთების ლეგალიზაციის განაცხადების განხილვა და რეგისტრაცია.",
        KVARELI, "kakheti", ["property"], 2018, ["ka"], (2018, 9, 9),
    ),
    _doc(
        "practice", "khashuri-privatisation",
        "ქონების პრივატიზება ხაშურის მუნიციპალიტეტში", "Property privatisation in Khashuri",
        "მუნიციპალური ქონების პრივატიზების აუქციონები ტარდება ელექტრონულად. Auctions for municipal property.",
        KHASHURI, "shida-kartli", ["property"], 2019, ["ka", "en"], (2019, 7, 7),
    ),
    _doc(
        "training", "chkhorotsku-it",
        "კომპიუტერული უნარების ტრენინგი ჩხოროწყუს მერიაში", "Basic IT skills training in Chkhorotsku",
        "თანამშრომლებმა გაიარეს კომპიუტერული უნარების საბაზისო კურსი. Staff took a basic computer course.",
        CHKHOROTSKU, "samegrelo", ["training"], 2019, ["ka", "en"], (2019, 12, 2),
    ),
    _doc(
        "practice", "telavi-budget",
        "", "Citizen budget consultations in Telavi",
        "Residents discuss the draft budget with the council before it is adopted.",
        TELAVI, "kakheti", ["participation"], 2024, ["en"], (2024, 5, 25),
    ),
    _doc(
        "action_plan", "telavi-youth",
        "ახალგაზრდული სამოქმედო გეგმა თელავში", "",
        "ახალგაზრდების ჩართულობა ადგილობრივ გადაწყვეტილებებში.",
        TELAVI, "kakheti", ["participation"], 2024, ["ka"], (2024, 1, 20),
    ),
    _doc(
        "practice", "ozurgeti-website",
        "ოზურგეთის მერიის ვებგვერდის განახლება", "Ozurgeti City Hall website renewal",
        "ვებგვერდზე ქვეყნდება ბიუჯეტი და <script>alert(1)</script> სხდომების ოქმები. Budgets & minutes online.",
        OZURGETI, "guria", ["transparency"], 2020, ["ka", "en"], (2020, 11, 11),
    ),
    _doc(
        "practice", "batumi-waste",
        "ნარჩენების მართვა ბათუმში", "Waste management in Batumi",
        "ნარჩენების სეპარირება და გადამუშავება ქალაქის უბნებში. Sorting and recycling waste.",
        BATUMI, "adjara", ["environment"], 2024, ["ka", "en"], (2024, 8, 8),
    ),
]

BY_ID = {document.object_id: document for document in CORPUS}
