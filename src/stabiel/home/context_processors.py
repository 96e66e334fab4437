from django.conf import settings

from stabiel.accounts.middleware import second_factor_pending

from .menu import menu_for


def stabiel(request):
    return {
        # No menu until the second factor is verified: every link would lead back to the code.
        "main_menu": menu_for(request.user)
        if hasattr(request, "user") and not second_factor_pending(request)
        else [],
        "theme_css_url": settings.THEME_CSS_URL,
        "theme_class": settings.THEME_CLASS,
    }
