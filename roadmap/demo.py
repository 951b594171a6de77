"""Demo projects for the demo region: passports in every state of the chain (one waits for the
curator, so his home page shows it right after `make run`), a group composition, indicators with
actual values (one behind schedule), this year's roadmap and risks.

Idempotent: loads only when the demo users exist and no project does yet. Past decisions are
loaded through the approval services (the same checks as in the browser), dated in the past and
without e-mail.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from roadmap.models import IndicatorKind, ItemState, MilestoneKind, Project, RiskLevel, RiskState
from roadmap.services import approvals, groups, indicators, passports, risks
from roadmap.services import roadmap as roadmap_service
from sectors.models import Official, Sector

LOGINS = ("curator", "head", "minister", "executive", "tech")


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _passport_children(year: int, *, target: str, extra_activity: bool = False) -> dict[str, list[dict]]:
    milestones = [
        {"kind": MilestoneKind.ACTIVITY, "title": "Подключение подрядчиков к мониторингу ремонта в портале ЦУР",
         "start_date": date(year, 2, 1), "due_date": date(year, 4, 30), "responsible": "Минтранс"},
        {"kind": MilestoneKind.CONTROL_POINT, "title": "Все объекты ремонта года на карте с фотофиксацией",
         "start_date": None, "due_date": date(year, 6, 30), "responsible": "Дирекция дорфонда"},
        {"kind": MilestoneKind.CONTROL_POINT, "title": "Отчёт о приёмке отремонтированных участков жителями",
         "start_date": None, "due_date": date(year, 11, 30), "responsible": "ЦУР"},
    ]
    if extra_activity:
        milestones.insert(1, {"kind": MilestoneKind.ACTIVITY, "title": "Опрос жителей о качестве ремонта через ПОС",
                              "start_date": date(year, 7, 1), "due_date": date(year, 9, 30), "responsible": "ЦУР"})
    return {
        "goals": [
            {"order": 1, "text": "Сократить число повторных сообщений жителей о ямах на отремонтированных участках"},
            {"order": 2, "text": "Сделать ход ремонта дорог видимым жителям и органам в одном месте"},
        ],
        "indicators": [
            {"order": 1, "name": "Доля сообщений о дорогах, отвеченных в срок", "unit": "%",
             "calculation_method": "Отвеченные в срок / все сообщения блока «Дороги» с истёкшим сроком × 100",
             "base_value": Decimal("72"), "year": year, "target_value": Decimal(target)},
            {"order": 2, "name": "Повторные сообщения о ямах на отремонтированных участках", "unit": "шт.",
             "calculation_method": "Число сообщений категории «Ямы и выбоины» по адресам ремонта года",
             "base_value": Decimal("310"), "year": year, "target_value": Decimal("150")},
        ],
        "tasks": [
            {"year": year, "task": "Вести все объекты ремонта года в портале", "result": "100 % объектов с графиком и фото"},
            {"year": year + 1, "task": "Связать сообщения жителей с объектами ремонта", "result": "Сообщения по адресам ремонта видны подрядчику"},
        ],
        "milestones": milestones,
        "funding": [
            {"year": year, "source": "regional", "amount": Decimal("1850.0")},
            {"year": year + 1, "source": "regional", "amount": Decimal("1200.0")},
        ],
        "participants": [],
    }


@transaction.atomic
def load_demo_projects() -> Counter:
    created: Counter = Counter()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=LOGINS)}
    if set(users) != set(LOGINS) or Project.objects.exists():
        return created
    curator, head, minister = users["curator"], users["head"], users["minister"]
    roads, transport = Sector.objects.get(code="roads"), Sector.objects.get(code="transport")
    people = {o.user.username: o for o in Official.objects.filter(user__in=users.values()).select_related("user")}
    # The roads sector lead takes part in the roads projects (any other official will do).
    director = (
        Official.objects.filter(role_assignments__role__code="sector_lead", role_assignments__sectors=roads).exclude(user__in=users.values()).first()
        or people["executive"]
    )
    today = timezone.localdate()
    year = today.year
    common = {"curator": people["curator"], "project_head": people["minister"], "administrator": people["head"], "background": ""}

    # 1. «Дороги»: version 1 approved in spring, version 2 agreed by the head and waiting for the curator.
    children = _passport_children(year, target="85")
    children["participants"] = [{"official": people["executive"], "role_in_project": "Участник: связь с муниципалитетами"}]
    v1 = passports.passport_create(sector=roads, by=minister, children=children, fields={
        **common, "title": "Прозрачный ремонт дорог", "period_start": date(year, 1, 15), "period_end": date(year + 1, 12, 31),
        "background": "Положение о ЦУР, п.11: ответственный за отраслевой блок обеспечивает разработку паспортов проектов.",
    })
    start = today - timedelta(days=200)
    approvals.approval_submit(document=v1, by=minister, at=_moment(start, 10), notify=False)
    approvals.approval_decide(document=v1, by=head, action="return", at=_moment(start + timedelta(days=2), 11), notify=False,
                              comment="Добавьте методику расчёта для повторных сообщений: по каким адресам считаем.")
    approvals.approval_submit(document=v1, by=minister, at=_moment(start + timedelta(days=4), 9), notify=False,
                              comment="Методика уточнена: адреса из перечня объектов ремонта года.")
    approvals.approval_decide(document=v1, by=head, action="forward", at=_moment(start + timedelta(days=5), 15), notify=False)
    approvals.approval_decide(document=v1, by=curator, action="forward", at=_moment(start + timedelta(days=7), 12), notify=False,
                              comment="Утверждаю.")
    v1.refresh_from_db()
    v2 = passports.passport_new_version(version=v1, by=minister)
    passports.passport_update(version=v2, by=minister, children=_passport_children(year, target="90", extra_activity=True) | {
        "participants": children["participants"] + [{"official": director, "role_in_project": "Участник: подрядные работы"}],
    }, fields={
        **common, "title": "Прозрачный ремонт дорог", "period_start": date(year, 1, 15), "period_end": date(year + 1, 12, 31),
        "background": v1.background,
        "change_reason": "Цель по ответам в срок поднята до 90 % по итогам полугодия; добавлен опрос жителей о качестве ремонта.",
    })
    approvals.approval_submit(document=v2, by=minister, at=_moment(today - timedelta(days=3), 10), notify=False)
    approvals.approval_decide(document=v2, by=head, action="forward", at=_moment(today - timedelta(days=1), 16), notify=False,
                              comment="Согласовано. Опрос провести через ПОС.")
    created["паспорта"] += 2
    project = v1.project

    # 2. «Транспорт»: submitted, waiting for the head.
    smart = passports.passport_create(sector=transport, by=minister, children=_passport_children(year, target="80"), fields={
        **common, "title": "Расписание без догадок: онлайн-табло на остановках", "period_start": date(year, 3, 1),
        "period_end": date(year + 1, 6, 30),
    })
    approvals.approval_submit(document=smart, by=minister, at=_moment(today - timedelta(days=2), 12), notify=False)
    # 3. «Дороги»: returned by the head with remarks, waiting for the minister.
    snow = passports.passport_create(sector=roads, by=minister, children=_passport_children(year, target="75"), fields={
        **common, "title": "Зимнее содержание: карта уборки снега", "period_start": date(year, 10, 1), "period_end": date(year + 1, 4, 30),
    })
    approvals.approval_submit(document=snow, by=minister, at=_moment(today - timedelta(days=6), 9), notify=False)
    approvals.approval_decide(document=snow, by=head, action="return", at=_moment(today - timedelta(days=4), 14), notify=False,
                              comment="Нет финансирования на следующий год и ответственных за контрольные точки.")
    # 4. A draft nobody has seen yet.
    passports.passport_create(sector=transport, by=minister, children=_passport_children(year, target="70"), fields={
        **common, "title": "Безналичная оплата проезда в пригородных автобусах", "period_start": date(year + 1, 1, 1),
        "period_end": date(year + 1, 12, 31),
    })
    created["паспорта"] += 3

    # A working group proposed for the curator.
    group = groups.group_propose(project=project, by=minister, kind="working", name="Мониторинг ремонта дорог", members=[
        {"official": people["minister"], "role_in_group": "руководитель группы"},
        {"official": people["head"], "role_in_group": "заместитель руководителя"},
        {"official": director, "role_in_group": "член группы"},
    ])
    approvals.approval_submit(document=group, by=minister, at=_moment(today - timedelta(days=1), 11), notify=False)
    created["составы групп"] += 1

    # Indicators: a mandatory one behind schedule, a mandatory one on track, an additional one approved.
    behind = indicators.indicator_create(sector=roads, kind=IndicatorKind.MANDATORY, by=head, fields={
        "project": project, "name": "Доля сообщений о дорогах, отвеченных в срок", "unit": "%",
        "federal_result": "Федеральный проект «Цифровое государственное управление»: обратная связь с гражданами",
        "quantitative": "не менее 85 % сообщений с истёкшим сроком ответа", "qualitative": "ответ по существу, принятый ЦУР",
        "calculation_method": "Отвеченные в срок / сообщения с истёкшим сроком × 100", "higher_is_better": True,
        "responsible": people["minister"],
    }, plans=[
        {"year": year - 1, "deadline": date(year - 1, 12, 31), "target": Decimal("80")},
        {"year": year, "deadline": min(date(year, 10, 1), today - timedelta(days=1)) if today > date(year, 1, 2) else date(year, 12, 31),
         "target": Decimal("85")},
    ])
    plans = {p.year: p for p in behind.plans.all()}
    indicators.indicator_enter_actual(plan=plans[year - 1], by=minister, value=Decimal("78.4"))
    indicators.indicator_enter_actual(plan=plans[year], by=minister, value=Decimal("71.2"))
    on_track = indicators.indicator_create(sector=transport, kind=IndicatorKind.MANDATORY, by=head, fields={
        "name": "Доля инцидентов о транспорте с первым откликом за 8 рабочих часов", "unit": "%",
        "federal_result": "Федеральный проект «Цифровое государственное управление»: реагирование на инциденты",
        "quantitative": "не менее 90 % инцидентов", "calculation_method": "С откликом в срок / все инциденты × 100",
        "responsible": people["minister"],
    }, plans=[{"year": year, "deadline": date(year, 12, 31), "target": Decimal("90")}])
    indicators.indicator_enter_actual(plan=on_track.plans.get(), by=minister, value=Decimal("93.5"))
    extra = indicators.indicator_create(sector=roads, kind=IndicatorKind.ADDITIONAL, by=minister, fields={
        "project": project, "name": "Объекты ремонта года с фотофиксацией в портале", "unit": "%",
        "federal_result": "Национальный проект «Безопасные качественные дороги»: отремонтированные участки",
        "quantitative": "100 % объектов к 30.06", "qualitative": "фото до и после ремонта", "responsible": people["minister"],
    }, plans=[{"year": year, "deadline": date(year, 12, 31), "target": Decimal("100")}])
    approvals.approval_submit(document=extra, by=minister, at=_moment(start + timedelta(days=10), 10), notify=False)
    approvals.approval_decide(document=extra, by=curator, action="forward", at=_moment(start + timedelta(days=12), 10), notify=False)
    indicators.indicator_enter_actual(plan=extra.plans.get(), by=minister, value=Decimal("96"))
    created["показатели"] += 3

    # This year's roadmap.
    version = roadmap_service.roadmap_start_year(year=year, by=head)
    items = [
        ("Соглашение о сотрудничестве с Центром компетенций ЦУР", "tech", (1, 15), (2, 28), 3, ItemState.DONE, "https://cur.example/docs/soglashenie"),
        ("Подключение всех органов к ПОС и порталу ЦУР", "tech", (1, 10), (4, 30), 3, ItemState.DONE, "https://cur.example/docs/pos"),
        ("Актуализация перечня категорий региональных проблем", "head", (2, 1), (3, 31), 1, ItemState.DONE, "https://cur.example/docs/categories"),
        ("Ежемесячный рейтинг органов и муниципалитетов", "head", (1, 1), (12, 31), 2, ItemState.IN_PROGRESS, ""),
        ("Обучение сотрудников органов работе с сообщениями", "executive", (3, 1), (9, 30), 2, ItemState.IN_PROGRESS, ""),
        ("Паспорта проектов по всем отраслевым блокам", "minister", (2, 1), (10, 31), 2, ItemState.IN_PROGRESS, ""),
        ("Интеграция с системой «Безопасный город»", "tech", (6, 1), (11, 30), 3, ItemState.PLANNED, ""),
        ("Социологический опрос об удовлетворённости работой ЦУР", "executive", (10, 1), (12, 20), 1, ItemState.PLANNED, ""),
    ]
    for order, (title, login, (sm, sd), (dm, dd), weight, state, url) in enumerate(items, 1):
        item = roadmap_service.roadmap_item_save(version=version, by=head, fields={
            "order": order, "title": title, "responsible": people[login], "start_date": date(year, sm, sd),
            "deadline": date(year, dm, dd), "weight": weight,
        })
        if state != ItemState.PLANNED:
            roadmap_service.roadmap_item_report(item=item, by=head, state=state, evidence_url=url,
                                                note="Подтверждено руководителем ЦУР" if url else "")
    created["мероприятия дорожной карты"] += len(items)

    # Risks: one the head escalated to the curator, one being mitigated.
    risk = risks.risk_create(project=project, by=minister, fields={
        "title": "Подрядчики не загружают фото объектов в срок", "probability": RiskLevel.HIGH, "impact": RiskLevel.MEDIUM,
        "owner": director, "mitigation": "Условие о фотофиксации в контрактах; еженедельная сверка", "state": RiskState.OPEN,
    })
    risks.risk_create(project=smart.project, by=minister, fields={
        "title": "Задержка поставки табло", "probability": RiskLevel.MEDIUM, "impact": RiskLevel.MEDIUM,
        "owner": people["minister"], "mitigation": "Резервный поставщик", "state": RiskState.MITIGATING,
    })
    risks.risk_escalate(risk=risk, by=head, comment="Нужно решение о штрафных санкциях к подрядчикам по контрактам года.", notify=False)
    created["риски"] += 2
    return created
