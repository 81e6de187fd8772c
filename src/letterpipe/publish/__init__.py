"""The publishing stage: where each version stands, and releases."""
