"""Reports officers send upward and files they download: statistics and duplicates as .xlsx, charts.

Pure writers: they take typed results from ``bot.services`` and return bytes; no SQL, no Telegram.
"""
