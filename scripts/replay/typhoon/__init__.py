"""Typhoon 9117's landfall over 东礁区 (13-16 Sep 1991, the night summer time ended): ~60 reports, 4 briefs."""
