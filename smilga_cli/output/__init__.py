"""Writing results: one format chosen once, Rich, plain text, markdown or JSON."""
