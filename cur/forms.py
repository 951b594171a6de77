from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Неверное имя пользователя или пароль. Проверьте раскладку клавиатуры и Caps Lock."),
        "inactive": _("Учётная запись отключена. Обратитесь к администратору ЦУР."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Имя пользователя")
        self.fields["password"].label = _("Пароль")
        self.fields["username"].widget.attrs.update({"autofocus": True, "autocomplete": "username"})


def mark_invalid(form, names=None) -> None:
    """Outline in red (and tell screen readers about) the fields that have errors, or `names`."""
    for name in form.errors if names is None else names:
        if name in form.fields:
            widget = form.fields[name].widget
            if "is-invalid" not in widget.attrs.get("class", "").split():
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            widget.attrs["aria-invalid"] = "true"


def style_widgets(form) -> None:
    """Bootstrap's small controls for every field of a form, unless a widget chose its own class."""
    from django import forms

    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs.setdefault("class", css)
