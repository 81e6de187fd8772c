"""The rendering stage: the language table, HTML, PDF, previews and index pages."""
