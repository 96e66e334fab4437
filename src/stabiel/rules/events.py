"""Events the rules announce, so downstream apps (cases) react without importing back."""

import django.dispatch

# Sent inside the rule run's transaction with municipality_id and household_ids whenever new
# alerts were raised: the cases app routes them to the lead of an open case in the same commit.
alerts_raised = django.dispatch.Signal()
