"""Geometry of the server-rendered SVG charts: horizontal bars and small trend columns.

Only numbers are computed here; templates/hubs/_bar_chart.html and _trend.html draw them, each
beside a table with the same values for screen readers and copying.
"""

BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 260
PLOT_WIDTH = 380


def horizontal_bars(rows: list[dict]) -> dict:
    """Bars for (label, value) rows, scaled to the largest value."""
    maximum = max((row["value"] for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        width = round(PLOT_WIDTH * row["value"] / maximum, 1)
        y = index * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            {
                **row,
                "x": LABEL_WIDTH,
                "y": y,
                "width": width,
                "text_y": y + 13,
                "value_x": LABEL_WIDTH + width + 4,
            }
        )
    height = max(len(rows) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT)
    return {
        "bars": bars,
        "width": LABEL_WIDTH + PLOT_WIDTH + 60,
        "height": height,
        "label_x": LABEL_WIDTH - 6,
    }


def trend_columns(values: list[float | None], width: int = 240, height: int = 60) -> dict:
    """Columns of a small trend chart; missing values leave a gap."""
    present = [value for value in values if value is not None]
    maximum = max(present, default=0) or 1
    step = width / max(len(values), 1)
    columns = []
    for index, value in enumerate(values):
        h = 0 if value is None else round((height - 4) * value / maximum, 1)
        columns.append(
            {
                "x": round(index * step + 1, 1),
                "width": round(step - 2, 1),
                "y": round(height - h, 1),
                "height": h,
                "value": value,
            }
        )
    return {"columns": columns, "width": width, "height": height}
