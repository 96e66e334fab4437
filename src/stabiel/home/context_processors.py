from django.conf import settings

from .menu import menu_for


def stabiel(request):
    return {
        "main_menu": menu_for(request.user) if hasattr(request, "user") else [],
        "theme_css_url": settings.THEME_CSS_URL,
        "theme_class": settings.THEME_CLASS,
    }
