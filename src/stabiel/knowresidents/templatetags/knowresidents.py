"""Small template helpers for "Ken je inwoners", and the summary on action 1's worksheet."""

from django import template

from stabiel.knowresidents.exports import worksheet_context

register = template.Library()


@register.filter
def cell_for(cells: dict, code: str):
    return cells.get(code)


@register.inclusion_tag("knowresidents/_worksheet_summary.html")
def residents_picture(municipality, *, links: bool = True):
    """What the municipality knows of its residents, for worksheet 1 of a work session."""
    if municipality is None:
        return {"context": None}
    return {"context": worksheet_context(municipality=municipality, year=None), "links": links}
