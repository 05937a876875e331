"""Printable PDF state profiles "<State>: Efforts to Combat Human Trafficking"."""
