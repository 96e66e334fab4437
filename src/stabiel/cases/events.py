"""Events this app announces, for apps that build on cases (it imports none of them)."""

import django.dispatch

# Sent inside `services.case_close`, before the case is closed, with actor and case. A receiver
# that returns a message refuses the closing (the message is shown to the worker as it is); one
# that returns None lets it through. The safety app answers it: closing a case while there are
# safety concerns is a core decision, confirmed by a second person.
case_closing = django.dispatch.Signal()
