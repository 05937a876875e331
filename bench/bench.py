"""Benchmark of `report build`: medians of repeated runs, ratios within this one run.

    python bench/bench.py [--runs 5]
    python bench/bench.py --instructions    (needs valgrind)

Measures, on this machine:
- a cold `report build` of one state (a new process: imports, fonts, boundaries), its
  wall time against the same handout made through Jinja2 and WeasyPrint (bench/weasy/,
  where its interpreter is set up; issue 13: <= 0.6x), and its CPU against a process
  that only imports Matplotlib, GeoPandas and ReportLab (issue 13: <= 1.5x);
- the whole example region (6 handouts + booklet) with --jobs 1 and with all cores, and
  the CPU each state after the first adds to the --jobs 1 build, booklet included (issue
  13: <= 0.2 s), timed within the build's process (from its first handout's end to its
  end) and, as before, as the region's CPU less one state's: a difference of two
  processes of some 2 s each, which the machine's load moves the most;
- the 48 contiguous states and their booklet (bench/many.py) with the default jobs
  (issue 13: <= 8 s wall, <= 200 MB a process), and the booklet's assembly alone at 6,
  24 and 48 states (it must grow linearly);
- the CPU cost of each extra state in a warm process;
- each kind of figure brought onto a ReportLab canvas by report.figures.renderer, and
  (where svglib is installed) through SVG and svglib as before it, in the same run;
- the peak memory of the largest process of a region build (a worker, or the main one);
- the heat-map areas for 100,000 located rows, and the whole map drawn from them;
- what tagging (PDF/UA) adds to making a handout (both files with their streams compressed);
- the largest inputs the limits allow (every field at its maximum, 50 laws and links per
  list, a megabyte of locations), built at a quarter, half and all of their size, and a
  megabyte of mistakes refused at a quarter, half and all of it: time grows linearly.
Our package's bytecode is compiled first, as pip compiles the libraries' at install.
With --instructions it counts, instead, the instructions the cold processes execute
(valgrind's cachegrind): unlike their times, the same on a busy machine as on a quiet one.
Earlier targets (issues 3, 5 and 9): region with all cores <= 2x one cold state; an extra
state < 0.5 s CPU; peak memory < 400 MB per worker; the areas for 100,000 rows < 1 s;
tagging adds <= 15% to a handout's layout; any input within the limits built or refused
in < 30 s and < 1 GB, its time growing linearly with its size.
"""

import argparse
import compileall
import io
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from largest import write_region
from many import write_states

ROOT = Path(__file__).resolve().parent.parent
REGION = ROOT / "data" / "region-v"
REPORT = [sys.executable, "-m", "report"]
IMPORTS_ONLY = [sys.executable, "-c", "import matplotlib.pyplot, geopandas, reportlab.platypus"]


def example_states() -> int:
    """How many states the example region has (its folder holds them and region.yaml)."""
    return len(list(REGION.glob("*.yaml"))) - 1


def run_command(args: list[str], check: bool = True) -> tuple[float, float]:
    """Wall and CPU time of one `report` command in a new process (a build's output into
    a fresh folder; a validate's messages discarded)."""
    with tempfile.TemporaryDirectory() as out:
        options = ["--out", out, "-q"] if args[0] == "build" else []
        return timed_process([*REPORT, *args, *options], check)


def timed_process(command: list[str], check: bool = True) -> tuple[float, float]:
    """Wall time and CPU time (user + system, with its children) of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=check, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_of(runs: int, measure) -> float:
    return statistics.median(measure() for _ in range(runs))


def peak_memory_mb(args: list[str], check: bool = True) -> float:
    """The largest resident size of any process of the command (a worker or the main one)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[2:], "
            "check=sys.argv[1] == 'check', capture_output=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    with tempfile.TemporaryDirectory() as out:
        options = ["--out", out, "-q"] if args[0] == "build" else []
        result = subprocess.run([sys.executable, "-c", code, "check" if check else "no",
                                 *REPORT, *args, *options],
                                check=True, cwd=ROOT, capture_output=True, text=True)
    return int(result.stdout.split()[-1]) / 1024


def peak_memory_by_process(folder: Path) -> tuple[float, float]:
    """The largest resident size (MB) of a worker, and of the main process, of a build of
    the folder with all cores (the main one assembles the booklet)."""
    code = ("import os, resource, sys, tempfile; from pathlib import Path; "
            "from report.build import build; "
            "build([Path(sys.argv[1])], Path(tempfile.mkdtemp()), len(os.sched_getaffinity(0))); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", code, str(folder)], check=True, cwd=ROOT,
                            capture_output=True, text=True)
    worker, main = (int(kb) / 1024 for kb in result.stdout.split()[-2:])
    return worker, main


def warm_cpu_per_extra_state(runs: int) -> float:
    """Median CPU seconds of a state built in a process that has built one already."""
    from report.build import Job, build_job, warm_up

    warm_up()
    states = sorted(p.stem for p in REGION.glob("*.yaml") if p.stem != "region")
    with tempfile.TemporaryDirectory() as out:
        jobs = [Job(REGION, REGION / f"{s}.yaml", Path(out) / f"{s}.pdf") for s in states]
        build_job(jobs[0])
        times = []
        for _ in range(runs):
            for job in jobs[1:]:
                started = time.process_time()
                assert build_job(job).ok
                times.append(time.process_time() - started)
    return statistics.median(times)


def tagging_cost(runs: int) -> tuple[float, float]:
    """Median seconds to make the Wisconsin handout untagged and tagged, runs alternating.
    Both are finished files: ReportLab writes the streams uncompressed, and the tagging's
    save compresses them, so the untagged handout is saved by pikepdf as the tagged one is
    (`report.pdf.written`), without the structure tree (before, the untagged one was
    ReportLab's compressed file)."""
    import pikepdf

    from report.build import Job, load_job, warm_up
    from report.layout import document_info
    from report.layout.page import lay_out, tag
    from report.layout.sections import handout
    from report.pdf import written

    warm_up()
    profile = load_job(Job(REGION, REGION / "wisconsin.yaml", Path("unused.pdf")))

    def timed(tagged: bool) -> float:
        started = time.perf_counter()
        story, structure = handout(profile)
        laid = lay_out(story, document_info(profile))
        if tagged:
            tag(laid.pdf, document_info(profile), structure)
        else:
            with pikepdf.open(io.BytesIO(laid.pdf)) as document:
                written(document)
        return time.perf_counter() - started

    timed(True)
    plain, tagged = [], []
    for _ in range(runs):
        plain.append(timed(False))
        tagged.append(timed(True))
    return statistics.median(plain), statistics.median(tagged)


def booklet_seconds(folder: Path, runs: int, sizes=(6, 24, 48)) -> list[tuple[int, float]]:
    """Median seconds to assemble the booklet of the first n states of a region, for each n
    of `sizes`, from handouts made once in this process (as the main process of a build
    assembles it from its workers' handouts)."""
    from report.build import Job, make_job, warm_up

    warm_up()
    made = [make_job(Job(folder, file, Path("unused.pdf")))
            for file in sorted(folder.glob("*.yaml")) if file.stem != "region"]
    assert all(outcome.ok for outcome in made)
    return [(size, booklet_time(made[:size], runs)) for size in sizes]


def booklet_time(made: list, runs: int) -> float:
    from report.pdf.booklet import render_booklet

    def timed() -> float:
        started = time.process_time()
        render_booklet([outcome.profile for outcome in made], [outcome.pdf for outcome in made])
        return time.process_time() - started

    return median_of(runs, timed)


def example_figures() -> dict:
    """A maker of each kind of figure, as the Wisconsin handout and the booklet draw them."""
    from report.build import Job, load_job, warm_up
    from report.figures.charts import draw_call_types_chart, draw_demographic_chart
    from report.figures.heatmap import draw_heat_map
    from report.figures.region_map import draw_region_map
    from report.layout.sections import CONTENT_WIDTH, GUTTER
    from report.privacy import handout_disclosure, heat_map_areas

    warm_up()
    profiles = {path.stem: load_job(Job(REGION, path, Path("unused.pdf")))
                for path in sorted(REGION.glob("*.yaml")) if path.stem != "region"}
    wisconsin = profiles["wisconsin"]
    shown = handout_disclosure(wisconsin.state, 3).groups
    cases = {p.geography.fips: p.state.totals.cases for p in profiles.values()}
    return {
        "heat map": lambda: draw_heat_map(wisconsin.geography, heat_map_areas(wisconsin),
                                          width_in=3.4, height_in=2.8),
        "demographic chart": lambda: draw_demographic_chart(
            "Gender", shown["gender"], width_in=(CONTENT_WIDTH - 2 * GUTTER) / 3 / 72,
            threshold=3),
        "call-type chart": lambda: draw_call_types_chart(
            shown["call_types"], width_in=0.44 * (CONTENT_WIDTH - GUTTER) / 72, threshold=3),
        "region map": lambda: draw_region_map(cases, set(), width_in=CONTENT_WIDTH / 72,
                                              height_in=4),
    }


def through_renderer(figure, canvas) -> None:
    """Today's way onto the page: report.figures.renderer's marks, drawn."""
    from report.figures.drawing import to_drawing

    to_drawing(figure).drawOn(canvas, 0, 0)


def through_svg(figure, canvas) -> None:
    """The way before issue 13: the figure as SVG, read back by svglib, drawn by ReportLab."""
    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    svg = io.BytesIO()
    figure.savefig(svg, format="svg", metadata={"Date": None})
    svg.seek(0)
    renderPDF.draw(svg2rlg(svg), canvas, 0, 0)


def register_svglib_fonts() -> bool:
    """Tell svglib which Public Sans face draws each weight, as the theme once did;
    False where svglib is not installed."""
    try:
        from svglib import fonts
    except ImportError:
        return False
    from report import theme

    weights = {"regular": ("normal", "400", "500"), "semibold": ("600",),
               "bold": ("bold", "700", "800", "900")}
    for weight, names in weights.items():
        for name in names:
            fonts.register_font(theme.FONT_FAMILY, str(theme.FONT_DIR / theme.FONT_FILES[weight]),
                                weight=name, rlgFontName=theme.FONT_NAMES[weight])
    return True


def figure_seconds(runs: int) -> list[tuple[str, float, float | None]]:
    """Median seconds to bring each kind of figure onto a canvas through the renderer and
    through SVG (None without svglib), runs alternating, each on a new figure and canvas."""
    from report.layout.page import DocumentInfo, NumberedCanvas

    info = DocumentInfo("bench", "", "", [], "", False)
    old_way = register_svglib_fonts()

    def timed(way, make) -> float:
        figure, canvas = make(), NumberedCanvas(io.BytesIO(), info=info)
        started = time.perf_counter()
        way(figure, canvas)
        return time.perf_counter() - started

    found = []
    for name, make in example_figures().items():
        timed(through_renderer, make)
        new, old = [], []
        for _ in range(runs):
            new.append(timed(through_renderer, make))
            if old_way:
                old.append(timed(through_svg, make))
        found.append((name, statistics.median(new), statistics.median(old) if old else None))
    return found


def heat_map_seconds(runs: int, cases: int = 100_000) -> tuple[float, float]:
    """Median seconds to pool `cases` synthetic located rows into the map's areas
    (the county of each row, then pooling), and to draw the whole map. A 1 MB
    locations file holds fewer than 100,000 rows."""
    import numpy as np

    from report import geo
    from report.figures.heatmap import draw_heat_map
    from report.privacy import map_areas

    wisconsin = geo.find_state("Wisconsin")
    xmin, ymin, xmax, ymax = wisconsin.outline.bounds
    rng = np.random.default_rng(0)
    x, y = rng.uniform(xmin, xmax, cases), rng.uniform(ymin, ymax, cases)
    inside = wisconsin.contains(x, y)
    x, y = x[inside], y[inside]
    weights = rng.integers(1, 5, len(x)).astype(float)

    def areas():
        return map_areas(wisconsin.county_cases(x, y, weights), wisconsin.county_neighbours, 3)

    def timed(work) -> float:
        started = time.perf_counter()
        work()
        return time.perf_counter() - started

    found = areas()
    return (median_of(runs, lambda: timed(areas)),
            median_of(runs, lambda: timed(lambda: draw_heat_map(
                wisconsin, found, width_in=3.4, height_in=2.8).canvas.draw())))


def largest_inputs(runs: int) -> list[tuple[str, float, float]]:
    """(what, median seconds, peak MB) for the largest state at 1/4, 1/2 and all of the
    allowed list entries and CSV rows, and for 1/4, 1/2 and 1 MB of mistakes validated."""
    from report.model import MAX_LIST
    from report.read import MAX_FILE_BYTES

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        builds = {}
        for share in (4, 2, 1):
            folder = write_region(Path(scratch) / f"build-{share}", MAX_LIST // share,
                                  MAX_FILE_BYTES // 7 // share, wide=True)
            builds[f"largest state + booklet, 1/{share}"] = ["build", str(folder), "--jobs", "1"]
        validates = {}
        for share in (4, 2, 1):
            folder = write_region(Path(scratch) / f"mistakes-{share}", 3, 10)
            state = folder / "wisconsin.yaml"
            size = MAX_FILE_BYTES // share - state.stat().st_size - 100
            keys = "".join(f"key{i}: {i}\n" for i in range(size // 8))
            with open(state, "a") as file:
                file.write(keys[:size].rsplit("\n", 1)[0] + "\n")
            validates[f"{state.stat().st_size // 1000:,} KB of unknown keys, validated"] = \
                ["validate", str(folder)]
        for commands, check in ((builds, True), (validates, False)):
            taken = in_turn(runs, {name: partial(run_command, args, check)
                                   for name, args in commands.items()})
            rows += [(name, medians(taken[name])[0], peak_memory_mb(args, check))
                     for name, args in commands.items()]
    return rows


def weasyprint_commands(out: str) -> list[list[str]]:
    """The commands that make the Wisconsin handout cold through Jinja2 and WeasyPrint
    (bench/weasy/), plain and PDF/UA; none where no interpreter with WeasyPrint is set up."""
    python = os.environ.get("REPORT_BENCH_WEASY_PYTHON", "/work/venv-weasy/bin/python")
    script = ROOT / "bench" / "weasy" / "handout.py"
    if not (Path(python).exists() and script.exists()):
        return []
    command = [python, str(script), str(REGION / "wisconsin.yaml"), f"{out}/w.pdf"]
    return [command, [*command, "--pdfua"]]


# A cold --jobs 1 build of a region, as the command line makes it (the collector paused
# while the libraries load), that prints the CPU each state after the first added to it,
# booklet included: from the first handout's end to the build's, within the one process.
EXTRA_STATES = ("import gc; gc.disable(); import sys, time; from pathlib import Path; "
                "from report.build import build; done = []; "
                "build([Path(sys.argv[1])], Path(sys.argv[2]), 1, "
                "lambda outcome: done.append(time.process_time())); "
                "print((time.process_time() - done[0]) / (len(done) - 1))")


def cold_cpu_per_extra_state() -> float:
    """The CPU seconds an extra state adds to a cold --jobs 1 build of the example region,
    booklet included, timed within that build's process."""
    with tempfile.TemporaryDirectory() as out:
        printed = subprocess.run([sys.executable, "-c", EXTRA_STATES, str(REGION), out],
                                 check=True, cwd=ROOT, capture_output=True, text=True).stdout
    return float(printed)


def cold_runs(runs: int) -> dict[str, list]:
    """Wall and CPU seconds of each run of the cold processes compared with each other: one
    state, the region with --jobs 1, the libraries' imports alone and the WeasyPrint
    handout (plain and PDF/UA, where set up); and the CPU of an extra state within a cold
    region build."""
    with tempfile.TemporaryDirectory() as out:
        return in_turn(runs, {
            "one": lambda: run_command(["build", str(REGION / "wisconsin.yaml"), "--jobs", "1"]),
            "region": lambda: run_command(["build", str(REGION), "--jobs", "1"]),
            "extra": cold_cpu_per_extra_state,
            "imports": lambda: timed_process(IMPORTS_ONLY),
            **{name: partial(timed_process, command) for name, command in
               zip(("weasy", "weasy_ua"), weasyprint_commands(out))}})


def instructions(command: list[str]) -> int:
    """The instructions a command executes, counted by valgrind's cachegrind (without its
    cache simulation)."""
    ran = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                          "--cachegrind-out-file=/dev/null", *command],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return int(re.search(r"I\s+refs:\s+([\d,]+)", ran.stderr)[1].replace(",", ""))


def count_instructions() -> None:
    """Print the instructions of the cold processes the timed ratios compare, and of an
    extra state, booklet included (the region's count less one state's, over the rest)."""
    with tempfile.TemporaryDirectory() as out:
        build = [*REPORT, "build", "--out", out, "-q", "--jobs", "1"]
        imports, one, region, *through_weasy = map(instructions, [
            IMPORTS_ONLY, [*build, str(REGION / "wisconsin.yaml")], [*build, str(REGION)],
            *weasyprint_commands(out)[:1]])
    states = example_states()
    rows = [("importing the libraries", imports, ""),
            ("cold build, one state", one, f"{one / imports:.2f}x the imports")]
    if through_weasy:
        rows.append(("  the same through Jinja2 + WeasyPrint", through_weasy[0],
                     f"report takes {one / through_weasy[0]:.2f}x"))
    rows += [(f"region, {states} states + booklet, --jobs 1", region, ""),
             ("each extra state, booklet included", (region - one) / (states - 1), "")]
    print("instructions executed (valgrind's cachegrind), one process each")
    for name, count, note in rows:
        print(f"{name:<40} {count / 1e9:6.2f} G  {note}")


def in_turn(runs: int, measures: dict) -> dict[str, list]:
    """What each measure gives in each run, the measures taken in turn round after round,
    so that a change in the machine's load falls on all of them alike."""
    taken = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            taken[name].append(measure())
    return taken


def medians(values: list[tuple[float, ...]]) -> tuple[float, ...]:
    return tuple(map(statistics.median, zip(*values)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (default 5)")
    parser.add_argument("--instructions", action="store_true",
                        help="count the cold processes' instructions instead (needs valgrind)")
    arguments = parser.parse_args()
    runs = arguments.runs
    # Our bytecode compiled, as the libraries' was when pip installed them and as a first
    # run writes it: where PYTHONDONTWRITEBYTECODE is set (this machine sets it), an
    # editable install would otherwise compile every module of report at every start.
    compileall.compile_dir(ROOT / "report", quiet=1)
    if arguments.instructions:
        count_instructions()
        return
    cores = len(os.sched_getaffinity(0))
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, "
          f"{runs} runs per measure (medians)")
    cold = cold_runs(runs)
    (one, one_cpu), (serial, _) = medians(cold["one"]), medians(cold["region"])
    imports_cpu = medians(cold["imports"])[1]
    weasy = (medians(cold["weasy"])[0], medians(cold["weasy_ua"])[0]) if "weasy" in cold \
        else None
    states = example_states()
    per_state = statistics.median(cold["extra"])
    per_state_apart = statistics.median((region[1] - one[1]) / (states - 1) for one, region
                                        in zip(cold["one"], cold["region"]))  # each round
    parallel = median_of(runs, lambda: run_command(["build", str(REGION),
                                                    "--jobs", str(cores)])[0])
    with tempfile.TemporaryDirectory() as scratch:
        usa = write_states(Path(scratch) / "usa")
        usa_wall = median_of(runs, lambda: run_command(["build", str(usa)])[0])
        usa_worker, usa_main = peak_memory_by_process(usa)
        booklets = booklet_seconds(usa, runs)
    extra = warm_cpu_per_extra_state(runs)
    figures = figure_seconds(runs)
    memory = max(peak_memory_mb(["build", str(REGION), "--jobs", str(cores)]) for _ in range(2))
    surface, whole_map = heat_map_seconds(runs)
    plain, tagged = tagging_cost(runs)
    rows = [("cold build, one state (wall)", f"{one:.2f} s", "")]
    if weasy:
        rows += [("  the same through Jinja2 + WeasyPrint", f"{weasy[0]:.2f} s",
                  f"report takes {one / weasy[0]:.2f}x (target <= 0.6x)"),
                 ("  the same, WeasyPrint's PDF/UA variant", f"{weasy[1]:.2f} s",
                  f"report takes {one / weasy[1]:.2f}x")]
    rows += [
        ("cold build, one state (CPU)", f"{one_cpu:.2f} s",
         f"{one_cpu / imports_cpu:.2f}x importing the libraries ({imports_cpu:.2f} s; "
         "target <= 1.5x)"),
        ("CPU per extra state, region --jobs 1", f"{per_state:.3f} s",
         "booklet included (target <= 0.2 s)"),
        (f"  the region's CPU less one state's, / {states - 1}", f"{per_state_apart:.3f} s",
         "two processes apart: the load moves it most"),
        ("48 states + booklet, default jobs (wall)", f"{usa_wall:.2f} s", "target <= 8 s"),
        ("  peak memory of a worker", f"{usa_worker:.0f} MB", "target <= 200 MB"),
        ("  peak memory of the main process", f"{usa_main:.0f} MB",
         "it assembles the booklet"),
    ]
    for size, seconds in booklets:
        rows.append((f"booklet of {size} states assembled (CPU)", f"{seconds:.2f} s",
                     f"{seconds / size * 1000:.1f} ms a state "
                     "(if linear, the same at every size)"))
    rows += [
        ("region, 6 states + booklet, --jobs 1", f"{serial:.2f} s", f"{serial / one:.2f}x one"),
        (f"region, 6 states + booklet, --jobs {cores}", f"{parallel:.2f} s",
         f"{parallel / one:.2f}x one (target <= 2x)"),
        ("CPU per extra state (warm process)", f"{extra:.2f} s", "target < 0.5 s"),
        ("peak memory, largest process", f"{memory:.0f} MB", "target < 400 MB"),
        ("heat-map areas, 100,000 located rows", f"{surface:.3f} s", "target < 1 s"),
        ("whole heat map from its areas", f"{whole_map:.3f} s", ""),
        ("one handout made, untagged", f"{plain:.3f} s", "its streams compressed"),
        ("one handout made, tagged", f"{tagged:.3f} s",
         f"+{(tagged / plain - 1) * 100:.0f}% (target <= 15%)"),
    ]
    largest = largest_inputs(runs)
    for index, (name, seconds, memory) in enumerate(largest):
        rows.append((name, f"{seconds:.2f} s", f"{memory:.0f} MB (target < 30 s, < 1 GB)"))
        if index % 3 == 2:  # per added quarter of the input, from 1/4 to 1/2 and from 1/2 to 1
            quarter, half = (largest[index - 2][1], largest[index - 1][1])
            first, then = half - quarter, (seconds - half) / 2
            rows.append(("  time per added quarter", f"{first:.2f} s",
                         f"then {then:.2f} s: {then / first:.2f}x (linear: 1x)"))
    for name, new, old in figures:
        rows.append((f"{name} onto the page", f"{new * 1000:.1f} ms",
                     f"{new / old:.2f}x through SVG and svglib ({old * 1000:.1f} ms)" if old
                     else "(svglib not installed: the old way not measured)"))
    if all(old for _, _, old in figures):
        new, old = (sum(times) for times in list(zip(*figures))[1:])
        rows.append(("the four figures onto the page", f"{new * 1000:.1f} ms",
                     f"{new / old:.2f}x through SVG and svglib"))
    width = max(len(name) for name, _, _ in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>9}  {note}")
    rusage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"(this benchmark process: {rusage.ru_maxrss / 1024:.0f} MB peak)")


if __name__ == "__main__":
    main()
