"""Legal text: parse the text of a Vietnamese legal document into its parts (no I/O).

May import domain and paths.
"""
