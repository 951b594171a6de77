"""Signing in through the login page, as a person does, for the browser tests."""

PASSWORD = "pass-Тверь-2026"


def log_in(page, live_server, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{live_server.url}/")
