"""Rate limit per partner key: beyond it the API answers 429 with Retry-After (problem+json).

The counters live in the configured cache, which is the database by default, so every
application server behind the load balancer counts the same requests.
"""

from rest_framework.throttling import SimpleRateThrottle


class PartnerKeyRateThrottle(SimpleRateThrottle):
    scope = "partner_key"

    def get_cache_key(self, request, view):
        client = getattr(request, "auth", None)
        if client is None or getattr(client, "pk", None) is None:
            return None  # no key: authentication answers 401 before any counting matters
        return self.cache_format % {"scope": self.scope, "ident": client.pk}
