"""Shared form behaviour: NL Design System classes and error texts tied to their fields."""

from typing import Any

from django import forms

_WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.CheckboxSelectMultiple: "stabiel-checkbox-list",
    forms.RadioSelect: "stabiel-radio-list",
    forms.widgets.Input: "utrecht-textbox utrecht-textbox--html-input",
}


class StabielFormMixin:
    """Adds component classes, and aria-describedby pointing at each field's error text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_component_classes()

    def __getitem__(self, name):
        # Forms that add fields after __init__ (the catalogue filters) get the classes too.
        self._add_component_classes()
        return super().__getitem__(name)

    def _add_component_classes(self):
        for field in self.fields.values():
            widget = field.widget
            for widget_class, css in _WIDGET_CLASSES.items():
                if isinstance(widget, widget_class):
                    classes = widget.attrs.get("class", "").split()
                    missing = [name for name in css.split() if name not in classes]
                    if missing:
                        widget.attrs["class"] = " ".join([*classes, *missing])
                    break

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                auto_id = self[name].auto_id
                described = widget.attrs.get("aria-describedby", "")
                if self.fields[name].help_text:
                    described = f"{described} {auto_id}_helptext"
                widget.attrs["aria-describedby"] = f"{described} {auto_id}_error".strip()


class StabielForm(StabielFormMixin, forms.Form):
    pass


class StabielModelForm(StabielFormMixin, forms.ModelForm):
    pass
