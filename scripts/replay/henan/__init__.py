"""The "7·20" rainstorm (Henan, July 2021): 5 subdistricts and towns, 30 communities, 4 days, ~400 reports."""
