"""Publish: write the generated sources, run MkDocs and Pagefind, swap the finished site into place.

May import render and everything below it.
"""
