"""Importing: read Word and text files of legal documents and write them out as data files.

May import legal_text and everything below it; independent of render and publish.
"""
