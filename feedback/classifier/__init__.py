"""Suggesting a message's sector and category from its text (issue 8).

text.py — the Russian text pipeline; model.py — the scikit-learn pipeline; baseline.py — keyword
rules to compare against; evaluation.py — figures; training.py — versions trained on the portal's
own operators' decisions; storage.py — where model files live; suggest.py — the active version's
suggestion for a message.
"""
