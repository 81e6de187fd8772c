"""Gettext catalogs: reading, writing, merging, compiling, checking and looking translations up."""
