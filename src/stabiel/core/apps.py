from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(sender, using="default", **kwargs):
    """The database cache (the API's rate-limit counters, shared by every application server)
    needs its table; `createcachetable` is idempotent and does nothing for other backends."""
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "stabiel.core"
    verbose_name = "Kern"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="stabiel-cache-table")
