"""The report tests' fixtures (the seeded event, areas by name, forms with their tokens), for the outbox tests."""

from tests.reports.conftest import area_id, event, forms  # noqa: F401
