"""What the inbox tells the apps that hand work on: an item was marked done here («Merk som utført»)."""

from django.dispatch import Signal

# Sent inside item_done's transaction with `item` and `acting_user`: the app whose work it was ends what
# the item gave (a forwarded inquiry's access to the person, for one).
item_marked_done = Signal()
