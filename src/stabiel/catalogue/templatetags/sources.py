"""{% source_label publication ref %} and {{ ref|section_of }}: a source in words, never a line
reference (see stabiel.catalogue.sources)."""

from django import template

from stabiel.catalogue import sources

register = template.Library()


@register.simple_tag
def source_label(publication, ref=""):
    return sources.source_label(publication, ref or "")


@register.filter
def section_of(ref):
    return sources.section_of(ref or "")
