"""What is looked up in a document: words (search) and people."""
