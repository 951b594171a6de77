def home_context(user) -> dict:
    return {}
