"""{% stability_model drawing %}: the one way the stability model is drawn anywhere."""

import itertools

from django import template

from stabiel.catalogue.drawing import HEIGHT, WIDTH, ModelDrawing, layout

register = template.Library()
_ids = itertools.count(1)


@register.inclusion_tag("catalogue/stability_model.html")
def stability_model(drawing: ModelDrawing, size: str = "normal", links=None):
    """``links``: pillar code -> address; each pillar then opens that page (mouse) and a list of
    text links under the drawing does the same for keyboard and screen reader users."""
    uid = f"stabiliteitsmodel-{next(_ids)}"
    links = links or {}
    shapes = [{**shape, "link": links.get(shape["code"], "")} for shape in layout(drawing)]
    return {
        "links": [
            {"label": cell.label, "url": links[cell.code]}
            for cell in drawing.pillars
            if cell.code in links
        ],
        "drawing": drawing,
        "shapes": shapes,
        "uid": uid,
        "width": WIDTH,
        "height": HEIGHT,
        "size": size,
    }
