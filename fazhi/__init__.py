"""Fazhi (法治): the platform on which a district Justice Bureau runs and measures its rule-of-law work."""

__version__ = "0.1.0"
