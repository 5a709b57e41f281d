"""The parsed document: model, loader, text normalisation, where files are."""
