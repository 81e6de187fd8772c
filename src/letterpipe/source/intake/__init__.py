"""Bringing signatories in from a signature form's export: read, map, clean (with a human), merge.

``read`` decodes CSV in whatever encoding and delimiter the form tool used, and XLSX; ``mapping``
says which export column is which field; ``clean`` suggests fixes without applying them; ``plan``
decides what to add, change or skip; ``write`` updates ``signatories.csv`` in place, atomically.
"""
