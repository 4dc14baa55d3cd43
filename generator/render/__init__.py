"""Render: turn the Portal into page Markdown and feed XML; pure, models in and text out.

May import law, data and what lies below them.
"""
