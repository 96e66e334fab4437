"""{% stability_model drawing %}: the one way the stability model is drawn anywhere."""

import itertools

from django import template

from stabiel.catalogue.drawing import HEIGHT, WIDTH, ModelDrawing, layout

register = template.Library()
_ids = itertools.count(1)


@register.inclusion_tag("catalogue/stability_model.html")
def stability_model(drawing: ModelDrawing, size: str = "normal"):
    uid = f"stabiliteitsmodel-{next(_ids)}"
    return {
        "drawing": drawing,
        "shapes": layout(drawing),
        "uid": uid,
        "width": WIDTH,
        "height": HEIGHT,
        "size": size,
    }
