import pytest

from cur import env


@pytest.mark.parametrize(
    ("name", "value", "call", "message"),
    [
        ("X_BOOL", "может быть", lambda: env.get_bool("X_BOOL", False), "логическое значение"),
        ("X_INT", "десять", lambda: env.get_int("X_INT", 1), "целое число"),
        ("X_INT", "-1", lambda: env.get_int("X_INT", 1, minimum=0), "не меньше 0"),
        ("X_TZ", "Europe/Tver", lambda: env.get_time_zone("X_TZ", "Europe/Moscow"), "часовой пояс"),
        ("DATABASE_URL", "mysql://root@localhost/cur", env.database_from_url, "только с PostgreSQL"),
        ("DATABASE_URL", "postgres://localhost:5432/", env.database_from_url, "имя базы"),
        ("DATABASE_URL", "postgres://localhost:99999/cur", env.database_from_url, "порта"),
        ("REDIS_URL", "http://localhost", env.redis_url, "адрес Redis"),
    ],
)
def test_it_explains_a_bad_value_in_russian(monkeypatch, name, value, call, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(env.EnvError, match=message) as error:
        call()
    assert name in str(error.value)


def test_it_names_a_missing_variable(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(env.EnvError, match="DATABASE_URL не задана"):
        env.database_from_url()


def test_it_reads_a_unix_socket_database_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres:@/cur?host=/srv/pg&sslmode=disable")
    config = env.database_from_url()
    assert (config["NAME"], config["HOST"], config["USER"]) == ("cur", "/srv/pg", "postgres")
    assert config["OPTIONS"] == {"sslmode": "disable"}


def test_it_reads_a_tcp_database_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://cur:p%40ss@db.local:6432/portal")
    config = env.database_from_url()
    assert (config["HOST"], config["PORT"], config["PASSWORD"], config["NAME"]) == ("db.local", "6432", "p@ss", "portal")


def test_it_spells_a_unix_socket_redis_for_celery():
    assert env.celery_broker_url("unix:///tmp/r.sock?db=0") == "redis+socket:///tmp/r.sock?db=0"
    assert env.celery_broker_url("redis://h:6379/0") == "redis://h:6379/0"


def test_it_accepts_usual_booleans(monkeypatch):
    for raw, expected in (("yes", True), ("0", False), ("да", True), ("OFF", False)):
        monkeypatch.setenv("X_BOOL", raw)
        assert env.get_bool("X_BOOL", not expected) is expected


def test_it_reads_channel_feeds_and_explains_a_bad_list(monkeypatch):
    kinds = ("pos", "social")
    monkeypatch.setenv("CUR_FEEDS", " pos=https://pos.example/feed.json?a=1 , social=http://monitor.example/x ")
    assert env.get_feeds("CUR_FEEDS", kinds) == {"pos": "https://pos.example/feed.json?a=1", "social": "http://monitor.example/x"}
    monkeypatch.delenv("CUR_FEEDS")
    assert env.get_feeds("CUR_FEEDS", kinds) == {}
    for value, needle in (
        ("https://pos.example/feed.json", "ожидается вид=адрес"),
        ("vk=https://vk.example/", "неизвестный вид ленты «vk»"),
        ("pos=ftp://pos.example/feed", "http:// или https://"),
        ("pos=https://a.example/,pos=https://b.example/", "указана дважды"),
    ):
        monkeypatch.setenv("CUR_FEEDS", value)
        with pytest.raises(env.EnvError, match=needle) as error:
            env.get_feeds("CUR_FEEDS", kinds)
        assert "CUR_FEEDS" in str(error.value)


def test_the_feed_kinds_settings_accept_are_the_adapters():
    from feedback.adapters.feeds import KINDS

    assert set(KINDS) == {"pos", "social"}  # cur/settings/base.py lists them for CUR_FEEDS
