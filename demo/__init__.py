"""``python -m bot demo``: the real bot in a browser, on synthetic data, for trying and training.

Demo data lives here, not in the product's packages (``bot``, ``storage``): the generator
(``data``), the seeding through the real services (``seed``), the chat page and its JSON API
(``web``, ``static/``) and the runner that starts everything (``runner``).
"""
