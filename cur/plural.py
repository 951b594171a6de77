"""Russian plural forms: gettext's plural rules follow the source language, and the sources are
Russian strings, so the form is chosen here."""


def plural(n: int, one: str, few: str, many: str) -> str:
    """The form for n: 1 сообщение, 2 сообщения, 5 сообщений, 21 сообщение, 11 сообщений."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many
