from urllib.parse import urlparse

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """A strict CSP: templates use no inline script or style, so none is allowed."""

    def __init__(self, get_response):
        self.get_response = get_response
        style_sources = ["'self'"]
        theme = urlparse(settings.THEME_CSS_URL)
        if theme.scheme and theme.netloc:
            style_sources.append(f"{theme.scheme}://{theme.netloc}")
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "img-src 'self' data:",
                f"style-src {' '.join(style_sources)}",
                "script-src 'self'",
                "frame-ancestors 'none'",
                "form-action 'self'",
                "base-uri 'self'",
            ]
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
