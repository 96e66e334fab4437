from django import template

from stabiel.accounts.roles import role_label as _role_label

register = template.Library()


@register.filter
def role_label(value: str) -> str:
    return _role_label(value)
