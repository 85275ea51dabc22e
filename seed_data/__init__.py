"""The reference data the product ships with, as package data (read with importlib.resources)."""
