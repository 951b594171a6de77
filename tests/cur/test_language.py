def test_it_speaks_russian_to_an_english_browser(client, db):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="ru"' in page
    assert "Пароль" in page


def test_it_switches_to_english_when_the_user_asks(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    page = client.get("/login/").content.decode()
    assert 'lang="en"' in page
    assert "Password" in page


def test_it_ignores_an_unknown_language_cookie(client, db):
    client.cookies["django_language"] = "de"
    assert 'lang="ru"' in client.get("/login/").content.decode()
