from django.dispatch import Signal

# Sent (with member=) when a member's time zone changes. What apps keep at local times, like
# plans' weekly time blocks, now falls at other moments.
time_zone_changed = Signal()
