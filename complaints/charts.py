"""Server-side SVG charts (pygal): no script, nothing loaded from other sites."""

import re

import pygal
from django.utils.safestring import mark_safe
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    font_family='"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    colors=(
        "#b3261e",
        "#0b57d0",
        "#1e8e3e",
        "#f9a825",
        "#6a1b9a",
        "#00838f",
        "#5d4037",
        "#455a64",
        "#c2185b",
    ),
    title_font_size=16,
    label_font_size=12,
    legend_font_size=12,
)


def _config(title):
    return {
        "title": title,
        "style": STYLE,
        "js": [],  # pygal's tooltips load a script from the web: not here
        "disable_xml_declaration": True,
        "width": 640,
        "height": 360,
        "explicit_size": False,
        "print_values": True,
        "legend_at_bottom": True,
    }


SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def _svg(chart):
    # pygal embeds its tooltip settings as an inline script even with no tooltip script to
    # read them; the charts need no script at all, so it goes.
    return mark_safe(SCRIPT.sub("", chart.render(is_unicode=True)))  # noqa: S308 (pygal escapes labels)


def bar(title, rows):
    chart = pygal.HorizontalBar(**_config(title), show_legend=False)
    chart.x_labels = [str(label) for label, _ in reversed(rows)]
    chart.add(str(title), [value for _, value in reversed(rows)])
    return _svg(chart)


def pie(title, rows):
    chart = pygal.Pie(**_config(title), inner_radius=0.4)
    for label, value in rows:
        if value:
            chart.add(str(label), value)
    return _svg(chart)


def line(title, months, series):
    chart = pygal.Line(**_config(title), x_label_rotation=30)
    chart.x_labels = [month.strftime("%Y-%m") for month in months]
    for name, values in series:
        chart.add(str(name), values)
    return _svg(chart)
