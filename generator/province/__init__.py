"""A province's units built, checked and published together (province.yaml, `congkhai province`)."""
