"""The source stage: the letter, its signatory list, inline markup and message extraction."""
