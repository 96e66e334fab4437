"""The letter as HTML with every mark in place. Marks carry a number and a word, not only a
colour (WCAG 1.4.1): the number links to the explanation below the letter."""

from dataclasses import dataclass
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .checker import check

SENTENCE_KINDS = (check.LONG_SENTENCE, check.LEGAL_OPENING)
KIND_LABELS = {
    check.LONG_SENTENCE: _("lange zin"),
    check.LEGAL_OPENING: _("juridische tekst vooraan"),
    check.PASSIVE: _("lijdende vorm"),
    check.JARGON: _("ambtelijk woord"),
    check.RARE_WORD: _("moeilijk woord"),
    check.LONG_WORD: _("lang woord"),
}


@dataclass(frozen=True)
class NumberedMark:
    number: int
    mark: check.Mark

    @property
    def label(self):
        return KIND_LABELS[self.mark.kind]

    @property
    def css(self) -> str:
        return f"pl-{self.mark.kind}"


def numbered(marks) -> list[NumberedMark]:
    return [NumberedMark(i, mark) for i, mark in enumerate(marks, start=1)]


def _ref(item: NumberedMark) -> str:
    return (
        f'<sup class="pl-ref"><a class="utrecht-link" href="#uitleg-{item.number}">'
        f'{item.number}<span class="stabiel-visually-hidden"> {escape(item.label)}</span>'
        f"</a></sup>"
    )


def _inline(text: str, start: int, end: int, items: list[NumberedMark]) -> str:
    """Text from start to end with the word and phrase marks; overlaps are split into pieces."""
    cuts = {start, end}
    for item in items:
        cuts.update((max(start, item.mark.start), min(end, item.mark.end)))
    points = sorted(cuts)
    html = []
    for left, right in pairwise(points):
        covering = [i for i in items if i.mark.start <= left and right <= i.mark.end]
        piece = escape(text[left:right])
        if covering:
            classes = " ".join(sorted({i.css for i in covering}))
            piece = f'<mark class="pl-mark {classes}">{piece}</mark>'
        html.append(piece)
        html.extend(_ref(i) for i in items if i.mark.end == right and left >= i.mark.start)
    return "".join(html)


def marked_html(text: str, items: list[NumberedMark]) -> SafeString:
    sentence_items = [i for i in items if i.mark.kind in SENTENCE_KINDS]
    inline_items = [i for i in items if i.mark.kind not in SENTENCE_KINDS]
    spans = sorted({(i.mark.start, i.mark.end) for i in sentence_items})
    html = []
    position = 0
    for start, end in spans:
        html.append(_inline(text, position, start, _within(inline_items, position, start)))
        own = [i for i in sentence_items if (i.mark.start, i.mark.end) == (start, end)]
        classes = " ".join(sorted({i.css for i in own}))
        labels = "".join(
            f'<span class="pl-sentence-label">{escape(i.label)} {_ref(i)}</span>' for i in own
        )
        inner = _inline(text, start, end, _within(inline_items, start, end))
        html.append(f'<span class="pl-sentence {classes}">{labels}{inner}</span>')
        position = end
    html.append(_inline(text, position, len(text), _within(inline_items, position, len(text))))
    return mark_safe("".join(html))  # noqa: S308 - every piece of the letter is escaped above


def _within(items: list[NumberedMark], start: int, end: int) -> list[NumberedMark]:
    return [i for i in items if i.mark.start < end and i.mark.end > start]
