"""congkhai: a static transparency portal generator for Vietnam's communes and wards.

Stages, lowest first (each may import only those below it; see [tool.importlinter] in pyproject.toml):
domain → legal_text → data → law → render → publish, with importing beside publish and cli on top.
"""
