"""Baseline for issue 13: one state handout through Jinja2 + WeasyPrint.

    python bench/weasy/handout.py data/region-v/wisconsin.yaml OUT.pdf [--pdfua]

Reads the same YAML as `report`, draws the same figures with Matplotlib (bar
charts as SVG, the county heat map as SVG from the project's shapefiles), fills
handout.html.j2 and writes a two-page US Letter PDF with WeasyPrint. A yardstick,
not a product: no privacy merging, no fitting, no translations. Needs only
weasyprint, jinja2, matplotlib, pyyaml, pyogrio and shapely (see README.md).
"""

import argparse
import base64
import csv
import io
import math
from datetime import date
from pathlib import Path

import matplotlib
import yaml

matplotlib.use("Agg")
from matplotlib import font_manager, pyplot as plt  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FONTS = ROOT / "report" / "fonts"
SHAPES = ROOT / "shapefiles"
NAVY, RED, RED_DARK, INK, GREY, GREY_LIGHT = ("#1a4480", "#d83933", "#8b0a03", "#1b1b1b",
                                             "#565c65", "#a9aeb1")
HEAT = [("2–8", "#f8dfe2", 2), ("8–18", "#f2938c", 8), ("18–40", RED, 18), ("40+", RED_DARK, 40)]
WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def in_words(n: int) -> str:
    if n < 20:
        return WORDS[n]
    return TENS[n // 10 - 2] + (f"-{WORDS[n % 10]}" if n % 10 else "") if n < 100 else str(n)


def month(text: str) -> str:
    year, mon = map(int, str(text).split("-"))
    return date(year, mon, 1).strftime("%B %Y")


def svg(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", transparent=True)
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()


def bars(counts: dict, width: float, title: str | None = None):
    """Horizontal bars with their numbers: labels above the bars (demographics,
    with a title) or to their left (call types)."""
    labels, values = list(counts), list(counts.values())
    stacked = title is not None
    rows = len(labels) * (2 if stacked else 1)
    fig, ax = plt.subplots(figsize=(width, 0.18 * rows + (0.3 if stacked else 0.1)))
    ys = [2 * i + 1 for i in range(len(labels))] if stacked else list(range(len(labels)))
    ax.barh(ys, values, height=0.7 if stacked else 0.6, color=NAVY)
    top = max(values)
    for y, label, value in zip(ys, labels, values):
        ax.text(value + top * 0.02, y, str(value), va="center", fontsize=8)
        if stacked:
            ax.text(0, y - 1, label, va="center", fontsize=8)
    ax.set_xlim(0, top * 1.15)
    ax.set_ylim(rows - 0.5 if stacked else len(labels) - 0.5, -0.5)
    ax.set_xticks([])
    ax.set_yticks([] if stacked else ys, [] if stacked else labels)
    for side in ax.spines.values():
        side.set_visible(False)
    if not stacked:
        ax.spines["left"].set_visible(True)
    ax.tick_params(length=0)
    if stacked:
        ax.set_title(title, loc="left", color=NAVY, fontweight="bold", fontsize=9)
    fig.tight_layout(pad=0.3)
    return svg(fig)


def heat_map(state: dict, csv_path: Path, width=3.4, height=2.8) -> str:
    """Counties shaded by cases per 1,000 sq mi, the state outline on top."""
    import pyogrio.raw
    import shapely

    _, _, _, (fips, _) = pyogrio.raw.read(SHAPES / "us_states.shp", columns=["fips", "name"],
                                    read_geometry=False, where=f"name = '{state['state']}'")
    _, _, wkb, (names, _) = pyogrio.raw.read(SHAPES / "us_counties.shp",
                                          columns=["name", "state_fips"],
                                       where=f"state_fips = '{fips[0]}'")
    shapes = shapely.from_wkb(wkb)
    with open(csv_path, newline="", encoding="utf-8") as f:
        cases = {row["county"]: int(row["cases"]) for row in csv.DictReader(f)}
    fig, ax = plt.subplots(figsize=(width, height))
    for name, shape in zip(names, shapes):
        y = shapely.centroid(shape).y
        sq_mi = shapely.area(shape) * 69.1 ** 2 * math.cos(math.radians(y))
        density = cases.get(name, 0) / sq_mi * 1000
        fill = next((c for _, c, low in reversed(HEAT) if density >= low), "white")
        for poly in shapely.get_parts(shape):
            xy = shapely.get_coordinates(poly.exterior)
            ax.fill(xy[:, 0], xy[:, 1], facecolor=fill, edgecolor=GREY_LIGHT, linewidth=0.4)
    outline = shapely.union_all(shapes)
    for poly in shapely.get_parts(outline):
        xy = shapely.get_coordinates(poly.exterior)
        ax.plot(xy[:, 0], xy[:, 1], color=NAVY, linewidth=0.9)
    ax.set_aspect(1 / math.cos(math.radians(shapely.centroid(outline).y)))
    ax.set_axis_off()
    for i, (label, colour, _) in enumerate(HEAT):  # the legend, under the map
        ax.add_patch(plt.Rectangle((0.2 + 0.15 * i, -0.08), 0.15, 0.03, color=colour,
                                   transform=ax.transAxes, clip_on=False))
        ax.text(0.275 + 0.15 * i, -0.13, label, transform=ax.transAxes, ha="center", fontsize=6)
    ax.text(0.5, -0.03, "Cases reported per 1,000 sq mi", transform=ax.transAxes,
            ha="center", fontsize=6, color=GREY)
    fig.subplots_adjust(0, 0.15, 1, 1)
    return svg(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("state_yaml", type=Path)
    parser.add_argument("out_pdf", type=Path)
    parser.add_argument("--pdfua", action="store_true", help="write PDF/UA-1 (tagged)")
    args = parser.parse_args()

    state = yaml.safe_load(args.state_yaml.read_text(encoding="utf-8"))
    region = yaml.safe_load((args.state_yaml.parent / "region.yaml").read_text(encoding="utf-8"))
    name = state["state"]

    for face in FONTS.glob("*.ttf"):
        font_manager.fontManager.addfont(str(face))
    matplotlib.rcParams.update({"font.family": "Public Sans", "font.size": 8, "text.color": INK,
                                "ytick.color": INK, "axes.edgecolor": GREY_LIGHT,
                                "svg.fonttype": "none", "figure.dpi": 300})
    demo_titles = {"citizenship": "Citizenship", "gender": "Gender", "age": "Age"}
    charts = [bars(counts, 2.25, demo_titles.get(key, key.title()))
              for key, counts in state["demographics"].items()]
    calls = bars(state["call_types"]["counts"], 3.3)
    heat = state["heat_map"]
    map_src = heat_map(state, args.state_yaml.parent / heat["locations"])

    import jinja2
    from weasyprint import HTML

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True)
    html = env.get_template("handout.html.j2").render(
        s=state, r=region, name=name,
        title=region["title"].format(state=name), intro=region["intro"].format(state=name),
        start=month(state["period"]["start"]), end=month(state["period"]["end"]),
        charts=charts, calls=calls, map_src=map_src,
        agencies=in_words(state["efforts"]["referral_directory"]["agencies"]).capitalize())
    options = {"pdf_variant": "pdf/ua-1"} if args.pdfua else {}
    HTML(string=html, base_url=str(HERE)).write_pdf(args.out_pdf, **options)


if __name__ == "__main__":
    main()
