import pytest
from django.http import Http404

from cur.access import access_for
from cur.roles import RoleCode
from feedback.access import can_see_personal_data, get_message_for_user, personal_data_for, visible_messages
from feedback.models import PersonalDataView


@pytest.fixture
def messages(region, make_message):
    roads_cat = region.categories["Ямы и выбоины"]
    health_cat = region.categories["Запись к врачу"]
    return {
        "roads_city": make_message(region, sector=region.roads, category=roads_cat, agency=region.city),
        "roads_ministry": make_message(region, sector=region.roads, category=roads_cat, agency=region.transport),
        "health": make_message(region, sector=region.health, category=health_cat, agency=region.minzdrav),
        "unclassified": make_message(region),
    }


def test_it_lets_operators_and_head_see_every_message(region, messages, make_user):
    for role in (RoleCode.OPERATOR, RoleCode.HEAD, RoleCode.CURATOR):
        user = make_user(role)
        assert set(visible_messages(user)) == set(messages.values())


def test_it_limits_a_sector_lead_to_his_sectors(region, messages, make_user):
    lead = make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads])
    assert set(visible_messages(lead)) == {messages["roads_city"], messages["roads_ministry"]}
    with pytest.raises(Http404):
        get_message_for_user(lead, messages["health"].pk)


def test_it_limits_agency_staff_to_their_agency(region, messages, make_user):
    clerk = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city)
    assert list(visible_messages(clerk)) == [messages["roads_city"]]
    assert get_message_for_user(clerk, messages["roads_city"].pk) == messages["roads_city"]
    for other in ("roads_ministry", "health", "unclassified"):
        with pytest.raises(Http404):
            get_message_for_user(clerk, messages[other].pk)


def test_it_joins_the_scopes_of_several_roles(region, messages, make_user):
    user = make_user(RoleCode.SECTOR_LEAD, RoleCode.AGENCY_EXECUTOR, sectors=[region.health], agency=region.city)
    assert set(visible_messages(user)) == {messages["health"], messages["roads_city"]}


def test_it_shows_nothing_to_roles_without_message_access(region, messages, make_user):
    for role in (RoleCode.GOVERNOR_OFFICE, RoleCode.MEDIA, RoleCode.TECHNICAL_EXECUTIVE):
        assert not visible_messages(make_user(role)).exists()
    assert not visible_messages(make_user()).exists()


def test_it_shows_nothing_to_anonymous_users(region, messages):
    from django.contrib.auth.models import AnonymousUser

    assert access_for(AnonymousUser()).roles == frozenset()
    assert not visible_messages(AnonymousUser()).exists()


def test_it_ignores_roles_of_an_inactive_official(region, messages, make_user):
    user = make_user(RoleCode.OPERATOR)
    user.official.is_active = False
    user.official.save(update_fields=["is_active"])
    user = type(user).objects.get(pk=user.pk)
    assert not visible_messages(user).exists()


def test_it_answers_404_for_a_malformed_id(region, make_user):
    with pytest.raises(Http404):
        get_message_for_user(make_user(RoleCode.OPERATOR), "abc")


def test_it_shows_personal_data_only_to_those_who_need_it(region, messages, make_user):
    message = messages["roads_city"]
    assert can_see_personal_data(make_user(RoleCode.OPERATOR), message)
    assert can_see_personal_data(make_user(RoleCode.HEAD), message)
    assert can_see_personal_data(make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city), message)
    assert not can_see_personal_data(make_user(RoleCode.AGENCY_EXECUTOR, agency=region.transport), message)
    assert not can_see_personal_data(make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads]), message)
    assert not can_see_personal_data(make_user(RoleCode.GOVERNOR_OFFICE), message)
    assert personal_data_for(make_user(RoleCode.CURATOR), message) is None


def test_it_logs_each_view_of_personal_data_by_agency_staff(region, messages, make_user):
    message = messages["roads_city"]
    clerk = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city)
    data = personal_data_for(clerk, message)
    assert data is not None and set(data) == {"name", "email", "phone", "address", "handle"}
    personal_data_for(clerk, message)
    assert PersonalDataView.objects.filter(user=clerk, message=message).count() == 2
    personal_data_for(make_user(RoleCode.OPERATOR), message)
    assert PersonalDataView.objects.count() == 2


def test_it_reads_roles_with_one_query_and_caches_them(region, make_user, django_assert_num_queries):
    user = make_user(RoleCode.SECTOR_LEAD, RoleCode.OPERATOR, sectors=[region.roads, region.health])
    user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        access = access_for(user)
        access_for(user)
    assert access.roles == {RoleCode.SECTOR_LEAD, RoleCode.OPERATOR}
    assert access.sector_ids == {region.roads.id, region.health.id}
