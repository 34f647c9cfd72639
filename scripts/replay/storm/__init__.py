"""A randomised replay: two events over overlapping places, from a seed."""
