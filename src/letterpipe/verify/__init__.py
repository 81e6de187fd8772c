"""Verification: reading every output back (HTML, PDF) and comparing it with the sources."""
