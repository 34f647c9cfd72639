"""Distribution: a brief, reminders and alerts sent to an event's recipients by e-mail and group robots."""
