"""Events this app announces. ``review_finding_shared`` is answered by the aggregate door
(`stabiel.insights.receivers`), which turns a finding without names into a plan flag or measure:
this execution app never imports a policy app."""

from django.dispatch import Signal

# Sent inside the sharing transaction with: municipality, actor, year, kind ("flag"/"measure"),
# title, text. A receiver returns a short label of what it made ("Maatregel in Plan 2026").
review_finding_shared = Signal()

# Sent after commit with municipality_id and household_ids when a care worker of an involved
# organisation was recorded or changed: the rules app evaluates the rule about many changes of
# care worker for those households (the rules read this app's history; this app imports no rule).
care_workers_changed = Signal()
