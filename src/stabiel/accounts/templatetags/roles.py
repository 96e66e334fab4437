from django import template

from stabiel.accounts.roles import role_label as _role_label

register = template.Library()


@register.filter
def role_label(value: str) -> str:
    return _role_label(value)


@register.filter
def may(user, permission: str) -> bool:
    """`{% if request.user|may:"earlywarning.work" %}`: the same table as the views and menus."""
    from stabiel.accounts.policy import Permission
    from stabiel.accounts.policy import may as _may

    return _may(user, Permission(permission))
