"""Outsiders' replays of real disasters over the HTTP API, each brief's figures worked out independently."""
