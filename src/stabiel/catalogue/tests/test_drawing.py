import pytest

from stabiel.catalogue.drawing import ModelCell, ModelDrawing, layout, wrap_label


def drawing(**kwargs):
    return ModelDrawing(
        caption="Model",
        core=ModelCell("kern", "Minder stress, meer veiligheid"),
        pillars=(
            ModelCell("meedoen", "Meedoen", red=3, green=1),
            ModelCell("bestaanszekerheid", "Bestaanszekerheid", red=10, green=0),
            ModelCell(
                "continuiteit", "Continuïteit van zorg en ondersteuning", red="<5", green=None
            ),
        ),
        **kwargs,
    )


def test_three_pillars_and_a_core_are_drawn():
    shapes = layout(drawing())
    assert [s["kind"] for s in shapes] == ["pillar", "pillar", "pillar", "core"]
    assert [s["code"] for s in shapes] == ["meedoen", "bestaanszekerheid", "continuiteit", "kern"]


def test_counts_become_badges_and_missing_counts_are_left_out():
    shapes = layout(drawing())
    assert [(b["colour"], b["value"]) for b in shapes[0]["badges"]] == [("red", 3), ("green", 1)]
    # a suppressed count is shown as given, an absent one not at all
    assert [(b["colour"], b["value"]) for b in shapes[2]["badges"]] == [("red", "<5")]
    assert shapes[3]["badges"] == []


def test_core_triangle_is_the_middle_of_the_outer_triangle():
    shapes = {s["code"]: s for s in layout(drawing())}
    core_points = [tuple(map(float, p.split(","))) for p in shapes["kern"]["points"].split()]
    assert sorted(core_points) == sorted([(125.0, 210.0), (355.0, 210.0), (240.0, 410.0)])


@pytest.mark.parametrize(
    ("label", "width", "lines"),
    [
        ("Meedoen", 14, ["Meedoen"]),  # short label: one line
        (
            "Continuïteit van zorg en ondersteuning",
            14,
            ["Continuïteit", "van zorg en", "ondersteuning"],
        ),
        (
            "Bestaanszekerheidsbeleid",
            10,
            ["Bestaanszekerheidsbeleid"],
        ),  # never breaks inside a word
    ],
)
def test_labels_wrap_on_words(label, width, lines):
    assert wrap_label(label, width) == lines


def test_wrong_number_of_pillars_is_refused():
    bad = ModelDrawing(caption="x", core=ModelCell("kern", "k"), pillars=(ModelCell("a", "a"),))
    with pytest.raises(ValueError, match="three pillars"):
        layout(bad)
