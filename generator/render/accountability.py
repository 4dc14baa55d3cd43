"""Render the accountability pages: compliance status and consultations (pure, like pages.py)."""

from __future__ import annotations

from .. import paths
from ..data.portal import Portal
from ..domain.rules import deadline
from ..law.compliance import compute_compliance
from .labels import document_label


def render_accountability_pages(portal: Portal, render, feeds: list | None = None) -> dict[str, str]:
    """Render the compliance page and the consultation pages with the shared page renderer."""
    report = compute_compliance(portal)
    consultations = {check.id: check for check in report.consultations}
    pages = {paths.COMPLIANCE: render("compliance.md.j2", paths.COMPLIANCE, portal, report=report, label=document_label, deadline=lambda name, default: deadline(portal.rules, name, default))}
    pages[paths.CONSULTATIONS] = render("consultations.md.j2", paths.CONSULTATIONS, portal, checks=consultations, label=document_label, feeds=feeds or [])
    for item in portal.consultations.values():
        page = paths.consultation_page(item.id)
        pages[page] = render("consultation.md.j2", page, portal, item=item, check=consultations[item.id], draft=portal.documents[item.draft], label=document_label)
    return pages
