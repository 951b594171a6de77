"""The demo region: Тверская область as the Tver acts in shared/seeds/001 describe it.

Municipality names are the region's real ones, populations rounded. OKTMO codes follow the
region's 28xxx000 pattern; apart from Тверь (28701000) they are illustrative, not official.
People are fictional: the acts name positions, not persons, and the demo must not impersonate
anyone.
"""

# (name, kind, population)
MUNICIPALITIES = [
    ("Тверь", "urban_district", 414000),
    ("Ржев", "urban_district", 55000),
    ("Вышневолоцкий городской округ", "urban_district", 62000),
    ("Кимры", "urban_district", 42000),
    ("Торжок", "urban_district", 43000),
    ("Осташковский городской округ", "urban_district", 24000),
    ("Удомельский городской округ", "urban_district", 36000),
    ("Конаковский район", "municipal_area", 80000),
    ("Калининский муниципальный округ", "municipal_district", 60000),
    ("Бежецкий муниципальный округ", "municipal_district", 31000),
    ("Бологовский муниципальный округ", "municipal_district", 35000),
    ("Кашинский городской округ", "urban_district", 25000),
    ("Нелидовский городской округ", "urban_district", 25000),
    ("Лихославльский муниципальный округ", "municipal_district", 24000),
    ("Старицкий муниципальный округ", "municipal_district", 20000),
    ("Торопецкий муниципальный округ", "municipal_district", 18000),
    ("Калязинский муниципальный округ", "municipal_district", 19000),
    ("Зубцовский муниципальный округ", "municipal_district", 16000),
    ("Западнодвинский муниципальный округ", "municipal_district", 13000),
    ("Кувшиновский муниципальный округ", "municipal_district", 14000),
    ("Спировский муниципальный округ", "municipal_district", 10000),
    ("Максатихинский муниципальный округ", "municipal_district", 12000),
    ("Селижаровский муниципальный округ", "municipal_district", 11000),
    ("Весьегонский муниципальный округ", "municipal_district", 10000),
    ("Андреапольский муниципальный округ", "municipal_district", 9000),
    ("Оленинский муниципальный округ", "municipal_district", 9000),
    ("Пеновский муниципальный округ", "municipal_district", 6000),
    ("Фировский муниципальный округ", "municipal_district", 7000),
]

# Regional executive bodies named in the seeds: (name, short name, sector codes)
MINISTRIES = [
    ("Министерство здравоохранения Тверской области", "Минздрав", ["health"]),
    ("Министерство энергетики и жилищно-коммунального хозяйства Тверской области", "Минэнерго ЖКХ", ["zhkh", "energy"]),
    ("Министерство имущественных и земельных отношений Тверской области", "Минимущество", ["tko"]),
    ("Министерство транспорта Тверской области", "Минтранс", ["roads", "transport"]),
    ("Министерство образования Тверской области", "Минобразования", ["education"]),
    ("Министерство социальной защиты населения Тверской области", "Минсоцзащиты", ["social"]),
    ("Министерство демографической и семейной политики Тверской области", "Миндемографии", ["social"]),
    ("Министерство региональной политики Тверской области", "Минрегполитики", []),
    ("Главное управление «Государственная жилищная инспекция» Тверской области", "ГЖИ", ["zhkh"]),
]

# (name, short name, kind, parent short name, sector codes)
OTHER_AGENCIES = [
    ("ГКУ Тверской области «Центр информационных технологий»", "ГКУ ЦИТ", "subordinate", "Минрегполитики", []),
    ("ГКУ «Дирекция территориального дорожного фонда Тверской области»", "Дирекция дорфонда", "subordinate", "Минтранс", ["roads"]),
    ("ГБУЗ «Тверская станция скорой медицинской помощи»", "Станция СМП", "subordinate", "Минздрав", ["health"]),
    ("ГКУ «Центр социальной поддержки населения» Тверской области", "ЦСПН", "subordinate", "Минсоцзащиты", ["social"]),
    ("ГКУ «Центр организации перевозок Тверской области»", "Центр перевозок", "subordinate", "Минтранс", ["transport"]),
    ("АО «Региональный оператор по обращению с ТКО Тверской области»", "Регоператор ТКО", "state_company", None, ["tko"]),
    ("АО «Газораспределение Тверской области»", "Газораспределение", "state_company", None, ["energy"]),
    ("АО «Тверская областная электросетевая компания»", "Облэлектросети", "state_company", None, ["energy"]),
    ("Управление Роспотребнадзора по Тверской области", "Роспотребнадзор", "federal_territorial", None, ["health", "zhkh"]),
    ("Управление Госавтоинспекции УМВД России по Тверской области", "Госавтоинспекция", "federal_territorial", None, ["roads"]),
]

# Sectors that the local administrations answer for in their municipality.
LOCAL_SECTORS = ["zhkh", "tko", "roads", "transport", "education"]

# Routing by category: "local" — the municipality's administration, with the fallback below;
# otherwise the short name of the responsible agency for the whole region.
ROUTING = {
    ("zhkh", "heating"): ("local", "Минэнерго ЖКХ"),
    ("zhkh", "water-outage"): ("local", "Минэнерго ЖКХ"),
    ("zhkh", "water-quality"): (None, "Роспотребнадзор"),
    ("zhkh", "mkd"): ("local", "ГЖИ"),
    ("zhkh", "uk"): (None, "ГЖИ"),
    ("zhkh", "lighting"): ("local", "Минэнерго ЖКХ"),
    ("zhkh", "capital-repair"): (None, "Минэнерго ЖКХ"),
    ("zhkh", "yards"): ("local", "Минэнерго ЖКХ"),
    ("zhkh", "sewerage"): ("local", "Минэнерго ЖКХ"),
    ("zhkh", "other"): ("local", "Минэнерго ЖКХ"),
    ("tko", "dumps"): ("local", "Минимущество"),
    ("tko", "collection"): (None, "Регоператор ТКО"),
    ("tko", "containers"): (None, "Регоператор ТКО"),
    ("tko", "sites"): ("local", "Минимущество"),
    ("tko", "billing"): (None, "Регоператор ТКО"),
    ("tko", "other"): (None, "Минимущество"),
    ("energy", "power-outage"): (None, "Облэлектросети"),
    ("energy", "gas"): (None, "Газораспределение"),
    ("energy", "gasification"): (None, "Газораспределение"),
    ("energy", "voltage"): (None, "Облэлектросети"),
    ("energy", "other"): (None, "Минэнерго ЖКХ"),
    ("education", "process"): (None, "Минобразования"),
    ("education", "school-repair"): ("local", "Минобразования"),
    ("education", "extra"): (None, "Минобразования"),
    ("education", "kindergarten"): ("local", "Минобразования"),
    ("education", "meals"): ("local", "Минобразования"),
    ("education", "school-bus"): ("local", "Минобразования"),
    ("education", "other"): (None, "Минобразования"),
    ("health", "appointment"): (None, "Минздрав"),
    ("health", "staff-shortage"): (None, "Минздрав"),
    ("health", "drugs"): (None, "Минздрав"),
    ("health", "ambulance"): (None, "Станция СМП"),
    ("health", "care-quality"): (None, "Минздрав"),
    ("health", "facilities"): (None, "Минздрав"),
    ("health", "other"): (None, "Минздрав"),
    ("roads", "potholes"): ("local", "Дирекция дорфонда"),
    ("roads", "road-repair"): ("local", "Дирекция дорфонда"),
    ("roads", "sidewalks"): ("local", "Дирекция дорфонда"),
    ("roads", "snow"): ("local", "Дирекция дорфонда"),
    ("roads", "signs"): (None, "Госавтоинспекция"),
    ("roads", "other"): (None, "Минтранс"),
    ("transport", "schedule"): (None, "Центр перевозок"),
    ("transport", "routes"): (None, "Центр перевозок"),
    ("transport", "stops"): ("local", "Минтранс"),
    ("transport", "vehicles"): (None, "Центр перевозок"),
    ("transport", "fares"): (None, "Минтранс"),
    ("transport", "other"): (None, "Минтранс"),
    ("social", "support"): (None, "ЦСПН"),
    ("social", "payments"): (None, "ЦСПН"),
    ("social", "care"): (None, "Минсоцзащиты"),
    ("social", "family"): (None, "Миндемографии"),
    ("social", "accessibility"): (None, "Минсоцзащиты"),
    ("social", "other"): (None, "Минсоцзащиты"),
}

# The structure table of the Tver decree (seeds/001): position → role. Officials without a
# login are listed for completeness; one demo login per role (password «demo»).
# (login or None, full name, position, agency short name or None, role, sector codes)
OFFICIALS = [
    ("curator", "Соколов Андрей Викторович", "Заместитель Председателя Правительства Тверской области, куратор ЦУР", None, "curator", []),
    ("executive", "Орлова Марина Сергеевна", "Министр региональной политики Тверской области", "Минрегполитики", "responsible_executive", []),
    ("tech", "Лебедев Павел Андреевич", "Директор ГКУ Тверской области «Центр информационных технологий»", "ГКУ ЦИТ", "technical_executive", []),
    ("head", "Волков Дмитрий Игоревич", "Руководитель ЦУР Тверской области", None, "head", []),
    ("minister", "Кузнецов Олег Николаевич", "Министр транспорта Тверской области", "Минтранс", "sector_responsible", ["roads", "transport"]),
    (None, "Смирнова Елена Александровна", "Министр здравоохранения Тверской области", "Минздрав", "sector_responsible", ["health"]),
    (None, "Морозов Игорь Васильевич", "Министр энергетики и жилищно-коммунального хозяйства Тверской области", "Минэнерго ЖКХ", "sector_responsible", ["zhkh", "energy"]),
    (None, "Новиков Алексей Петрович", "Заместитель Председателя Правительства – Министр имущественных и земельных отношений Тверской области", "Минимущество", "sector_responsible", ["tko"]),
    (None, "Фёдорова Ольга Михайловна", "Министр образования Тверской области", "Минобразования", "sector_responsible", ["education"]),
    (None, "Павлова Наталья Юрьевна", "Министр социальной защиты населения Тверской области", "Минсоцзащиты", "sector_responsible", ["social"]),
    ("sector", "Козлова Анна Дмитриевна", "Руководитель отраслевого блока «ЖКХ» ЦУР", None, "sector_lead", ["zhkh", "energy"]),
    (None, "Егоров Максим Сергеевич", "Руководитель отраслевого блока «Дороги» ЦУР", None, "sector_lead", ["roads", "transport"]),
    ("direction", "Белова Ирина Олеговна", "Руководитель направления «Обратная связь» ЦУР", None, "direction_lead", []),
    ("media", "Григорьев Артём Валерьевич", "Начальник управления информационной политики", None, "media", []),
    ("operator", "Никитина Юлия Андреевна", "Оператор ЦУР", None, "operator", []),
    ("operator2", "Зайцев Кирилл Романович", "Оператор ЦУР", None, "operator", []),
    ("agency", "Васильева Светлана Игоревна", "Главный специалист отдела по работе с обращениями граждан", "Администрация города Твери", "agency_executor", []),
    ("agency2", "Степанов Роман Евгеньевич", "Консультант отдела организации дорожной деятельности", "Минтранс", "agency_executor", []),
    ("governor", "Тимофеева Мария Викторовна", "Советник Губернатора Тверской области", None, "governor_office", []),
]
