"""letterpipe: publish one joint letter in many languages, with the same signatories in each."""

__version__ = "0.1.0"
