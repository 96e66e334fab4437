"""How a published cell reads: a number, a share or a median; a hidden cell is one mark."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from stabiel.insights.suppression import Duration, Share

register = template.Library()

HIDDEN = "x"


def cell_text(cell) -> str:
    """Plain text (CSV and the chart's labels)."""
    if cell is None:
        return HIDDEN
    if isinstance(cell, Share):
        return _("%(percent)s%% (%(part)s van %(whole)s)") % {
            "percent": number_format(round(cell.percent), 0),
            "part": cell.part,
            "whole": cell.whole,
        }
    if isinstance(cell, Duration):
        return _("%(days)s dagen (%(count)s keer)") % {
            "days": number_format(cell.median_days, 1),
            "count": cell.count,
        }
    return str(cell)


@register.filter
def figure_cell(cell):
    """HTML for a table cell. Counts sit in <data> so tests and readers can find them."""
    if cell is None:
        return format_html(
            '<abbr title="{}" class="stabiel-hidden-cell">{}</abbr>',
            _(
                "verborgen: te klein om te tonen, of zo gekozen dat een klein getal niet terug te "
                "rekenen is"
            ),
            HIDDEN,
        )
    if isinstance(cell, Share):
        return format_html(
            '{}% <span class="stabiel-muted">(<data value="{}" class="stabiel-count">{}</data> '
            '{} <data value="{}" class="stabiel-count">{}</data>)</span>',
            number_format(round(cell.percent), 0),
            cell.part,
            cell.part,
            _("van"),
            cell.whole,
            cell.whole,
        )
    if isinstance(cell, Duration):
        return format_html(
            '{} {} <span class="stabiel-muted">(<data value="{}" class="stabiel-count">{}</data> '
            "{})</span>",
            number_format(cell.median_days, 1),
            _("dagen"),
            cell.count,
            cell.count,
            _("keer"),
        )
    return format_html('<data value="{}" class="stabiel-count">{}</data>', cell, cell)


@register.filter
def euro_cents(cents) -> str:
    """Whole cents as an amount in euro: 125050 -> "€ 1.250,50"."""
    return "€ " + number_format(int(cents or 0) / 100, 2, force_grouping=True)
