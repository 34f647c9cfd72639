"""Backup and restore: one versioned archive of the whole log, restorable on SQLite or PostgreSQL."""
