"""One module a command's core: what each command builds from the document."""
