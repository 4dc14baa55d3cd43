"""Data: read data/**/*.yaml with line numbers, validate it and assemble the Portal (every problem at once).

May import domain, paths and legal_text (to read a pasted body_text).
"""
