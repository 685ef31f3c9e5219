"""The cancer finder and the per-cancer summary, checked against counts read straight from the CSV
with the csv module (not through the package's loader)."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict

import pandas as pd
import pytest

from conftest import ROOT
from immunobook.approvals import charts
from immunobook.approvals.data import load_approvals

CSV = ROOT / "data" / "fda_approvals.csv"


@pytest.fixture(scope="module")
def approvals() -> pd.DataFrame:
    return load_approvals()


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    with open(CSV, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def finder(approvals):
    return charts.cancer_finder(approvals)


def _buttons(fig):
    return fig.layout.updatemenus[0].buttons


def test_menu_lists_every_cancer_type_in_the_data_once(finder, raw_rows):
    names = [b.name for b in _buttons(finder)]
    assert sorted(names) == sorted({r["cancer_type"] for r in raw_rows})
    assert len(names) == len(set(names))


def test_menu_is_grouped_by_cancer_group(finder, raw_rows):
    group_of = {r["cancer_type"]: r["cancer_group"] for r in raw_rows}
    groups = [group_of[b.name] for b in _buttons(finder)]
    # Each group forms one unbroken run of the menu.
    runs = [g for i, g in enumerate(groups) if i == 0 or g != groups[i - 1]]
    assert len(runs) == len(set(groups))


def test_default_is_melanoma_and_its_entry_is_active(finder):
    menu = finder.layout.updatemenus[0]
    assert menu.buttons[menu.active].name == "Melanoma"
    assert finder.layout.title.text.startswith("Melanoma:")


def test_each_menu_entry_shows_exactly_that_cancers_actions(finder, raw_rows):
    """Choosing an entry puts exactly its own categories in range: the markers a reader then sees
    are that cancer's actions, as many as the CSV has rows for it, plus one cross per withdrawal."""
    expected = Counter(r["cancer_type"] for r in raw_rows)
    withdrawn = Counter(r["cancer_type"] for r in raw_rows if r["withdrawn_date"])
    for index, button in enumerate(_buttons(finder)):
        relayout = button.args[1]
        shown = charts.finder_view_points(finder, index)
        actions = [p for p in shown if p["symbol"] != charts.WITHDRAWAL_SYMBOL]
        crosses = [p for p in shown if p["symbol"] == charts.WITHDRAWAL_SYMBOL]
        assert len(actions) == expected[button.name], button.name
        assert len(crosses) == withdrawn[button.name], button.name
        # The y range holds this entry's rows and nothing else.
        assert {p["y"] for p in shown} == set(relayout["yaxis.categoryarray"])
        assert relayout["yaxis.range"] == [len(relayout["yaxis.categoryarray"]) - 0.5, -0.5]
        assert relayout["title.text"] == f"{charts.menu_label(button.name)}: {expected[button.name]} action" + (
            "s" if expected[button.name] != 1 else "")


def _data_traces(fig):
    return [t for t in fig.data if t.meta != "key"]


def test_every_action_is_drawn_exactly_once(finder, raw_rows):
    markers = [s for t in _data_traces(finder) for s in t.marker.symbol]
    actions = [s for s in markers if s != charts.WITHDRAWAL_SYMBOL]
    assert len(actions) == len(raw_rows)


def test_rows_are_regimens_and_hover_names_indication_setting_trial(finder, raw_rows):
    rcc = [b.name for b in _buttons(finder)].index("Renal cell carcinoma")
    relayout = _buttons(finder)[rcc].args[1]
    regimens = {r["agents"] for r in raw_rows if r["cancer_type"] == "Renal cell carcinoma"}
    labels = {t.replace("<br>", " ") for t in relayout["yaxis.ticktext"]}
    assert labels == regimens
    hovers = [h for t in _data_traces(finder) for h, y in zip(t.hovertext, t.y) if y.startswith(f"{rcc}:")]
    trial_rows = [r for r in raw_rows if r["cancer_type"] == "Renal cell carcinoma" and r["trial"]]
    for row in trial_rows:
        assert any(f"Trial: {row['trial']}" in h for h in hovers), row["trial"]
    assert all("%{x|%Y-%m-%d}" in t.hovertemplate for t in _data_traces(finder))


def test_colours_are_the_class_colours_and_symbols_the_approval_types(finder, raw_rows):
    for trace in finder.data:
        if trace.name in dict(charts.SYMBOL_KEY):
            continue
        assert trace.marker.color == charts.class_color(trace.name)
    symbols = Counter(s.removesuffix("-open") for t in _data_traces(finder)
                      for s in t.marker.symbol if s != charts.WITHDRAWAL_SYMBOL)
    accelerated = sum(1 for r in raw_rows if r["approval_type"] == "accelerated"
                      and r["action"] not in charts.ACTION_SYMBOLS)
    assert symbols["diamond"] == accelerated


def test_withdrawn_actions_are_open_and_crossed(finder, raw_rows):
    opened = [s for t in _data_traces(finder)
              for s in t.marker.symbol if s.endswith("-open") and s != charts.WITHDRAWAL_SYMBOL]
    crosses = [s for t in _data_traces(finder) for s in t.marker.symbol if s == charts.WITHDRAWAL_SYMBOL]
    n_withdrawn = sum(1 for r in raw_rows if r["withdrawn_date"])
    assert len(opened) == len(crosses) == n_withdrawn


def test_unknown_and_restriction_actions_are_drawn_not_rejected(approvals):
    rows = approvals[approvals["cancer_type"] == "Urothelial carcinoma"].copy()
    rows["action"] = rows["action"].astype(str)
    rows.iloc[0, rows.columns.get_loc("action")] = "label restriction"
    rows.iloc[1, rows.columns.get_loc("action")] = "a kind of action not invented yet"
    fig = charts.cancer_finder(rows, "Urothelial carcinoma")
    symbols = [s for t in _data_traces(fig) for s in t.marker.symbol]
    assert any(s.startswith("triangle-down") for s in symbols)
    hovers = [h for t in _data_traces(fig) for h in t.hovertext]
    assert any("a kind of action not invented yet" in h for h in hovers)
    assert charts.action_symbol("a kind of action not invented yet", "regular") == "circle"
    assert charts.action_symbol("anything", "an approval type not known") == charts.FALLBACK_SYMBOL


def test_empty_selection_gives_an_empty_state(approvals):
    empty = approvals.iloc[0:0]
    fig = charts.cancer_finder(empty)
    assert len(fig.data) == 0
    assert "No approvals" in fig.layout.annotations[0].text
    assert charts.cancer_summary(empty).empty
    assert list(charts.cancer_summary(empty).columns) == charts.SUMMARY_COLUMNS_BY_CANCER


def test_bad_input_is_named(approvals):
    with pytest.raises(ValueError, match="Atlantis carcinoma"):
        charts.cancer_finder(approvals, "Atlantis carcinoma")
    with pytest.raises(ValueError, match="trial"):
        charts.cancer_finder(approvals.drop(columns=["trial"]))
    with pytest.raises(ValueError, match="one cancer type"):
        charts.cancer_finder(approvals, ["Melanoma", "Renal cell carcinoma"])


def test_static_view_of_one_cancer_has_no_menu_and_only_its_actions(approvals, raw_rows):
    fig = charts.cancer_finder(approvals, "Renal cell carcinoma", menu=False, detail=False)
    assert not fig.layout.updatemenus
    shown = [p for p in charts.finder_view_points(fig, 0) if p["symbol"] != charts.WITHDRAWAL_SYMBOL]
    assert len(shown) == sum(1 for r in raw_rows if r["cancer_type"] == "Renal cell carcinoma")
    assert all("Trial:" not in h for t in _data_traces(fig) for h in t.hovertext)


def test_static_view_of_several_cancers_names_each_row_cancer(approvals, raw_rows):
    lymphomas = ["Classical Hodgkin lymphoma", "Large B-cell lymphoma"]
    fig = charts.cancer_finder(approvals, lymphomas, menu=False)
    shown = [p for p in charts.finder_view_points(fig, 0) if p["symbol"] != charts.WITHDRAWAL_SYMBOL]
    assert len(shown) == sum(1 for r in raw_rows if r["cancer_type"] in lymphomas)
    labels = [t.replace("<br>", " ") for t in fig.layout.yaxis.ticktext]
    assert all(label.endswith("(cHL)") or label.endswith("(LBCL)") for label in labels)
    named = charts.cancer_finder(approvals, lymphomas, menu=False, name="Two lymphomas")
    assert named.layout.title.text.startswith("Two lymphomas:")


def test_legend_lists_only_the_chosen_cancers_classes(finder, raw_rows):
    key = dict(charts.SYMBOL_KEY)
    for index, button in enumerate(_buttons(finder)):
        # The button restyles the traces listed in its third argument; the others keep their state.
        state = [t.showlegend is not False for t in finder.data]
        for i, shown in zip(button.args[2], button.args[0]["showlegend"]):
            state[i] = shown
        legend = [t.name for t, shown in zip(finder.data, state) if shown and t.name not in key]
        assert sorted(legend) == sorted({r["therapy_class"] for r in raw_rows if r["cancer_type"] == button.name})
        assert all(shown for t, shown in zip(finder.data, state) if t.name in key)
        # Class entries are squares in the class colour, and share a legend group with the data.
        for t, shown in zip(finder.data, state):
            if shown and t.name not in key:
                assert t.meta == "key" and t.marker.symbol == "square" and t.legendgroup == t.name
    assert all(t.showlegend is False for t in _data_traces(finder))
    melanoma = [t.name for t in finder.data if t.showlegend is not False and t.name not in key]
    assert sorted(melanoma) == sorted({r["therapy_class"] for r in raw_rows if r["cancer_type"] == "Melanoma"})


def test_menu_labels_fit_a_phone(finder):
    assert all(len(b.label) <= charts.MENU_LABEL_WIDTH for b in _buttons(finder))


def test_summary_counts_match_the_csv(approvals, raw_rows):
    summary = charts.cancer_summary(approvals).set_index("cancer_type")
    by_cancer = defaultdict(list)
    for row in raw_rows:
        by_cancer[row["cancer_type"]].append(row)
    assert set(summary.index) == set(by_cancer)
    for cancer, rows in by_cancer.items():
        line = summary.loc[cancer]
        dates = sorted(dt.date.fromisoformat(r["approval_date"]) for r in rows)
        agents = {a for r in rows for a in r["agents"].split(" + ")}
        assert line["actions"] == len(rows)
        assert line["agents"] == len(agents)
        assert line["regimens"] == len({r["agents"] for r in rows})
        assert line["first_action"] == dates[0] and line["latest_action"] == dates[-1]
        assert line["withdrawn"] == sum(1 for r in rows if r["withdrawn_date"])


def test_settings_reached_are_in_order_of_first_use(approvals, raw_rows):
    summary = charts.cancer_summary(approvals).set_index("cancer_type")
    for cancer in ("Melanoma", "Non-small cell lung cancer", "Renal cell carcinoma"):
        firsts: dict[str, str] = {}
        for row in sorted((r for r in raw_rows if r["cancer_type"] == cancer), key=lambda r: r["approval_date"]):
            firsts.setdefault(row["setting"], row["approval_date"])
        path = summary.loc[cancer, "settings_reached"].split(" → ")
        assert [p.rsplit(" (", 1)[0] for p in path] == sorted(firsts, key=lambda s: (
            firsts[s], charts.SETTING_ORDER.index(s)))
        assert {p.rsplit(" (", 1)[0]: p[-5:-1] for p in path} == {s: d[:4] for s, d in firsts.items()}


# --- the live explorer --------------------------------------------------------------------------

def test_explorer_filters_by_cancer_setting_and_class(approvals, raw_rows, monkeypatch):
    from immunobook.approvals.finder_explorer import CancerFinderExplorer

    monkeypatch.delenv("IMMUNOBOOK_STATIC_BUILD", raising=False)
    explorer = CancerFinderExplorer(approvals, "Melanoma")
    assert len(explorer.current) == sum(1 for r in raw_rows if r["cancer_type"] == "Melanoma")
    explorer.cancer.value = "Non-small cell lung cancer"
    nsclc = [r for r in raw_rows if r["cancer_type"] == "Non-small cell lung cancer"]
    assert len(explorer.current) == len(nsclc)
    assert explorer.figure.layout.title.text.startswith("Non-small cell lung cancer:")
    explorer.settings.value = ("first line",)
    assert len(explorer.current) == sum(1 for r in nsclc if r["setting"] == "first line")
    explorer.classes.value = ("Checkpoint inhibitor",)
    assert len(explorer.current) == sum(1 for r in nsclc if r["setting"] == "first line"
                                        and r["therapy_class"] == "Checkpoint inhibitor")
    assert f"<b>{len(explorer.current)}</b>" in explorer.summary.value
    explorer.cancer.value = "Renal cell carcinoma"  # a new cancer clears the old filters
    assert explorer.settings.value == () and len(explorer.current) == sum(
        1 for r in raw_rows if r["cancer_type"] == "Renal cell carcinoma")


def test_explorer_empty_selection_and_static_note(approvals, monkeypatch):
    from immunobook.approvals import finder_explorer

    monkeypatch.delenv("IMMUNOBOOK_STATIC_BUILD", raising=False)
    explorer = finder_explorer.CancerFinderExplorer(approvals, "Renal cell carcinoma")
    rows = explorer.current
    pairs = {(str(s), str(c)) for s, c in zip(rows["setting"], rows["therapy_class"])}
    empty = [(s, c) for s in explorer.settings.options for c in explorer.classes.options if (s, c) not in pairs]
    assert empty, "kidney cancer should have a setting and class that never occur together"
    explorer.settings.value, explorer.classes.value = (empty[0][0],), (empty[0][1],)
    assert explorer.current.empty and "No approval actions" in explorer.summary.value
    assert "No approvals" in explorer.figure.layout.annotations[0].text
    with pytest.raises(ValueError, match="Atlantis"):
        finder_explorer.CancerFinderExplorer(approvals, "Atlantis")
    monkeypatch.setenv("IMMUNOBOOK_STATIC_BUILD", "1")
    note = finder_explorer.cancer_finder_explorer(approvals)
    assert "needs a running Python kernel" in note.data


# --- qualitative claims the chapter's prose makes about the data -------------------------------

def test_chapter_claims_hold_in_the_data(raw_rows):
    """Sentences in chapters/cancer-by-cancer.md that depend on the data, checked on the CSV."""
    by_cancer = defaultdict(list)
    for row in raw_rows:
        by_cancer[row["cancer_type"]].append(row)
    counts = {c: len(rows) for c, rows in by_cancer.items()}
    # "Non-small cell lung cancer holds ... more than any other cancer type, all of them for checkpoint inhibitors"
    assert max(counts, key=counts.get) == "Non-small cell lung cancer"
    assert {r["therapy_class"] for r in by_cancer["Non-small cell lung cancer"]} == {"Checkpoint inhibitor"}
    # "Kidney cancer has no PD-L1 threshold in its approvals."
    assert not any("PD-L1" in r["indication"] for r in by_cancer["Renal cell carcinoma"])
    # Bladder cancer has "more withdrawals than in any other of the five cancers".
    five = ["Melanoma", "Non-small cell lung cancer", "Renal cell carcinoma", "Urothelial carcinoma",
            "Classical Hodgkin lymphoma", "Large B-cell lymphoma"]
    withdrawn = {c: sum(1 for r in by_cancer[c] if r["withdrawn_date"]) for c in five}
    assert max(withdrawn, key=withdrawn.get) == "Urothelial carcinoma"
    assert sorted(withdrawn.values())[-2] < withdrawn["Urothelial carcinoma"]
    # Large B-cell lymphoma: "none is a checkpoint inhibitor" and "all its actions are for relapsed or
    # refractory disease" (later line).
    lbcl = by_cancer["Large B-cell lymphoma"]
    assert all(r["therapy_class"] != "Checkpoint inhibitor" and r["setting"] == "later line" for r in lbcl)
    # Melanoma: no approval names a PD-L1 level; interleukin-2 reached kidney cancer six years before melanoma.
    assert not any("PD-L1" in r["indication"] for r in by_cancer["Melanoma"])
    il2 = {r["cancer_type"]: int(r["approval_date"][:4]) for r in raw_rows if r["agents"] == "aldesleukin"}
    assert il2["Melanoma"] - il2["Renal cell carcinoma"] == 6
    # Exercise 1's explanation assumes nivolumab was the fastest to leave melanoma, into lung cancer.
    def first_move(drug):
        mine = sorted((r for r in raw_rows if drug in r["agents"].split(" + ")), key=lambda r: r["approval_date"])
        mel = next(r for r in mine if r["cancer_type"] == "Melanoma")
        other = next(r for r in mine if r["cancer_type"] != "Melanoma")
        return (dt.date.fromisoformat(other["approval_date"]) - dt.date.fromisoformat(mel["approval_date"])).days, other
    moves = {d: first_move(d) for d in ("ipilimumab", "pembrolizumab", "nivolumab")}
    assert min(moves, key=lambda d: moves[d][0]) == "nivolumab"
    assert moves["nivolumab"][1]["cancer_type"] == "Non-small cell lung cancer"
    assert max(moves, key=lambda d: moves[d][0]) == "ipilimumab"
    assert " + " in moves["ipilimumab"][1]["agents"]  # "came only with the nivolumab combination"


def test_years_typed_in_the_chapter_match_the_data(raw_rows):
    """The few dates the prose states in words (for readability) agree with the CSV."""
    def years(cancer, agents, where=lambda r: True):
        return sorted(int(r["approval_date"][:4]) for r in raw_rows
                      if r["cancer_type"] == cancer and r["agents"] == agents and where(r))
    assert years("Melanoma", "talimogene laherparepvec") == [2015]
    assert years("Melanoma", "nivolumab + relatlimab") == [2022]
    assert years("Melanoma", "lifileucel") == [2024]
    assert years("Melanoma", "pembrolizumab")[0] == 2014 and years("Melanoma", "nivolumab")[0] == 2014
    combo = sorted((r["approval_date"], r["indication"]) for r in raw_rows
                   if r["cancer_type"] == "Melanoma" and r["agents"] == "nivolumab + ipilimumab")
    assert combo[0][0].startswith("2015") and "wild-type" in combo[0][1]
    assert combo[1][0].startswith("2016") and "regardless of BRAF" in combo[1][1]
    assert years("Melanoma", "atezolizumab", lambda r: "BRAF" in r["indication"]) == [2020]
    assert [r["approval_date"][:7] for r in raw_rows if r["cancer_type"] == "Melanoma"
            and r["setting"] == "first line" and "regardless of BRAF" in r["indication"]] == ["2015-12"]
    assert min(int(r["approval_date"][:4]) for r in raw_rows if r["cancer_type"] == "Melanoma"
               and r["setting"] == "adjuvant" and r["therapy_class"] == "Checkpoint inhibitor") == 2015
    assert years("Non-small cell lung cancer", "durvalumab",
                 lambda r: r["setting"] == "maintenance or consolidation") == [2018]
    assert years("Non-small cell lung cancer", "atezolizumab", lambda r: "IC >=" in r["indication"]) == [2020]
    assert [r["approval_date"] for r in raw_rows if r["cancer_type"] == "Renal cell carcinoma"
            and r["setting"] == "adjuvant"] == ["2021-11-17"]
    assert years("Renal cell carcinoma", "nivolumab + ipilimumab") == [2018]
    assert years("Classical Hodgkin lymphoma", "nivolumab")[0] == 2016
    assert years("Classical Hodgkin lymphoma", "pembrolizumab")[0] == 2017
    assert any(r["cancer_type"] == "Urothelial carcinoma" and r["setting"] == "neoadjuvant or perioperative"
               and r["approval_date"].startswith("2025") for r in raw_rows)


def test_chapter_glues_text_roles_only_to_numbers(monkeypatch):
    """``{glue:text}`` shows a glued string as ``<IPython.core.display.Markdown object>`` (strings are
    glued as Markdown), so every string the chapter glues must be shown with ``{glue:md}``. Runs the
    chapter's own glue cells with ``glue_numbers`` replaced by a recorder."""
    import re

    import immunobook.book.glue as glue_module

    glued: dict = {}
    monkeypatch.setattr(glue_module, "glue_numbers", lambda numbers, title=None: glued.update(numbers))
    text = (ROOT / "chapters" / "cancer-by-cancer.md").read_text(encoding="utf-8")
    namespace: dict = {}
    for cell in re.findall(r"```\{code-cell\} ipython3\n(.*?)```", text, flags=re.S):
        if "glue_numbers(" in cell:
            exec("\n".join(line for line in cell.splitlines() if not line.startswith(":tags:")), namespace)
    roles = re.findall(r"\{glue:(text|md)\}`([^`]+)`", text)
    assert roles and glued
    assert {key for _, key in roles} <= set(glued), "a role names a key the chapter never glues"
    wrong = sorted({key for role, key in roles if role == "text" and isinstance(glued[key], str)})
    assert not wrong, f"strings shown with {{glue:text}} (use {{glue:md}}): {wrong}"
    # The label-restriction sentence follows the data: a count when the data hold such actions.
    restrictions = sum(1 for row in csv.DictReader(open(CSV, newline="", encoding="utf-8"))
                       if row["cancer_type"] == "Urothelial carcinoma" and row["action"] == "label restriction")
    assert (f"records {restrictions} such narrowing" in glued["uc_restriction_text"]) == (restrictions > 0)
