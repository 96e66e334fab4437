"""Events this app announces after commit, so downstream apps (rules) react without a loop."""

import django.dispatch

# sent with municipality_id and household_ids when new signals or decisions were stored
households_touched = django.dispatch.Signal()
