"""Bulk sending: the broadcast engine, its rate budget, and the Telegram transport it sends through.

Bulk sends have their own budget (Telegram's ~30/s, or up to 1000/s paid) and their own connection
pool, so a broadcast never makes a citizen's reply wait.
"""
