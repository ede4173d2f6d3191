import xml.etree.ElementTree as ET

from lindung.lib.charts import Bar, Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    return [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]


def _bar_widths(svg: str) -> list[float]:
    return [float(r.get("width")) for r in ET.fromstring(svg).iter(f"{SVG}rect")]


def test_bar_chart_writes_each_value_the_indonesian_way_beside_its_bar():
    svg = bar_chart([Bar("Tenggarong", 29884), Bar("Loa Kulu", 1200)], title="Peserta per kecamatan", unit="orang")
    texts = _texts(svg)
    assert "29.884 orang" in texts
    assert "1.200 orang" in texts
    assert "Tenggarong" in texts


def test_bar_lengths_are_proportional_to_the_values():
    widths = _bar_widths(bar_chart([Bar("A", 100), Bar("B", 50)], title="t"))
    assert widths[0] == 2 * widths[1]


def test_labels_cannot_inject_markup():
    svg = bar_chart([Bar('<script>alert(1)</script>"', 3)], title="<b>judul</b>")
    assert "<script>" not in svg
    ET.fromstring(svg)  # still well-formed


def test_an_empty_chart_says_there_is_no_data():
    assert "Belum ada data." in _texts(bar_chart([], title="kosong"))


def test_a_reference_bar_and_a_target_line_are_drawn_behind_the_value():
    svg = bar_chart([Bar("A", 40, reference=100)], title="t", target=80)
    root = ET.fromstring(svg)
    rects = list(root.iter(f"{SVG}rect"))
    assert float(rects[0].get("width")) > float(rects[1].get("width"))  # reference first, value over it
    assert "target 80" in _texts(svg)


def test_fractions_use_a_decimal_comma():
    assert "12,5 %" in _texts(bar_chart([Bar("A", 12.5)], title="t", unit="%"))


def test_line_chart_marks_every_point_with_its_value_and_skips_missing_ones():
    svg = line_chart(["2021", "2022", "2023"], [Series("Peserta", [35440, None, 52000])], title="Pertumbuhan")
    texts = _texts(svg)
    assert "35.440" in texts and "52.000" in texts
    assert len(list(ET.fromstring(svg).iter(f"{SVG}circle"))) == 2
    assert "Peserta" in texts
