"""Signals other apps listen to, so that organisation need not import them."""

from django.dispatch import Signal

# Sent inside the merge transaction: old_units (list of Unit), new_unit (Unit), on (date).
units_merged = Signal()
