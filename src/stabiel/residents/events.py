"""Events this app announces after commit, so apps above it react without importing back."""

import django.dispatch

# sent with municipality_id and feed_id after a register feed was applied: residents may have
# arrived, moved, left or died
register_applied = django.dispatch.Signal()
