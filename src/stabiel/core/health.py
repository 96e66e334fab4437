"""Is this application server ready for requests? For the load balancer and the container.

200 when the database answers, 503 with Retry-After when it does not, so the load balancer
sends requests to another server. It says nothing else: it is public.
"""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .unavailable import DATABASE_ERRORS, RETRY_AFTER_SECONDS


@never_cache
@require_safe
def ready(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DATABASE_ERRORS:
        response = HttpResponse("database niet bereikbaar\n", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok\n", content_type="text/plain")
