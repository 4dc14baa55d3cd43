"""Province: a province's units built, checked and published together (province.yaml,
`congkhai province build | assemble | units`), and the province portal's own pages.

Sits between the command line and publish: imports publish, render, law, data, paths and domain;
only cli.py imports it."""
