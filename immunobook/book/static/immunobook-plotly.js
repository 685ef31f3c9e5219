// Draws the book's Plotly figures (see immunobook/book/plotly_renderer.py) only when they near the
// viewport, so the text paints first and a phone downloads plotly.js only when a chart is wanted.
// It also wires the HTML controls the renderer made from each figure's menus and sliders, adapts the
// layout to narrow screens and touch, and keeps chart text readable in light and dark mode.
(function () {
  "use strict";

  var PLOTLY_FILE = "__PLOTLY_FILE__"; // replaced by immunobook.book.sphinx_ext when copied
  var FIGURES_DIR = "immunobook-figures/";
  var NARROW = "(max-width: 600px)";
  var NARROW_LABEL_SHARE = 0.33; // category labels may take at most this share of a narrow chart
  var base = (document.currentScript && document.currentScript.src.replace(/[^/]*$/, "")) || "_static/";

  var scripts = {};
  function loadScript(url) {
    if (!scripts[url]) {
      scripts[url] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = url;
        tag.async = true;
        tag.onload = resolve;
        tag.onerror = function () { reject(new Error("could not load " + url)); };
        document.head.appendChild(tag);
      });
    }
    return scripts[url];
  }

  // Figure files call window.immunobookFigure(key, figure) when they load.
  // One promise per key, so every caller waiting for a figure is told when it arrives.
  var figures = {};
  var waiting = {};
  var loading = {};
  window.immunobookFigure = function (key, figure) {
    figures[key] = figure;
    if (waiting[key]) { waiting[key](figure); }
  };
  function loadFigure(key) {
    if (figures[key]) { return Promise.resolve(figures[key]); }
    if (!loading[key]) {
      var arrived = new Promise(function (resolve) { waiting[key] = resolve; });
      loading[key] = loadScript(base + FIGURES_DIR + key).then(function () { return arrived; });
    }
    return loading[key];
  }

  function textColor() {
    var value = getComputedStyle(document.documentElement).getPropertyValue("--pst-color-text-base").trim();
    return value || "#2b2b2b";
  }
  function isNarrow() { return window.matchMedia(NARROW).matches; }
  function isTouch() { return window.matchMedia("(pointer: coarse)").matches || isNarrow(); }

  // Set "a.b.c" = value inside a nested object.
  function setPath(target, path, value) {
    var keys = path.split(".");
    var node = target;
    for (var i = 0; i < keys.length - 1; i++) {
      if (typeof node[keys[i]] !== "object" || node[keys[i]] === null) { node[keys[i]] = {}; }
      node = node[keys[i]];
    }
    node[keys[keys.length - 1]] = value;
  }

  function axisNames(layout, letter) {
    var names = Object.keys(layout).filter(function (k) { return new RegExp("^" + letter + "axis\\d*$").test(k); });
    return names.length ? names : [letter + "axis"];
  }

  // Long category labels (cancer types, drug names) are shortened on a phone so the plot keeps its
  // width; hover still shows the full name, which is the category itself.
  function shortenCategories(figure, layout, width) {
    var maxChars = Math.max(10, Math.floor((width * NARROW_LABEL_SHARE) / 6.2));
    axisNames(layout, "y").forEach(function (name) {
      var axis = layout[name] || {};
      var values = axis.tickvals || axis.categoryarray;
      if (!values) {
        var seen = {};
        values = [];
        figure.data.forEach(function (trace) {
          var ys = (trace.orientation === "h" ? trace.y : null) || (axis.type === "category" ? trace.y : null);
          if (Array.isArray(ys)) {
            ys.forEach(function (y) { if (typeof y === "string" && !seen[y]) { seen[y] = 1; values.push(y); } });
          }
        });
      }
      if (!values.length || typeof values[0] !== "string") { return; }
      var longest = Math.max.apply(null, values.map(function (v) { return String(v).length; }));
      if (longest <= maxChars) { return; }
      axis.tickmode = "array";
      axis.tickvals = values;
      axis.ticktext = values.map(function (v) {
        v = String(v);
        return v.length > maxChars ? v.slice(0, maxChars - 1).replace(/[\s:,(]+$/, "") + "\u2026" : v;
      });
      axis.tickfont = Object.assign({}, axis.tickfont, { size: 11 });
      layout[name] = axis;
    });
  }

  function adaptToScreen(div, figure, layout, config) {
    var extras = figure.immunobook || {};
    var phone = extras.phone || {};
    if (isTouch()) {
      // A swipe over the chart scrolls the page; hover and tap still show values.
      layout.dragmode = false;
      axisNames(layout, "x").concat(axisNames(layout, "y")).forEach(function (name) {
        layout[name] = Object.assign({}, layout[name], { fixedrange: true });
      });
    }
    if (!isNarrow()) { return; }
    config.displayModeBar = false;
    layout.height = phone.height || layout.height;
    if (layout.showlegend !== false) {
      layout.legend = Object.assign({}, layout.legend, {
        orientation: "h", x: 0, xanchor: "left", xref: "container", y: 0, yanchor: "bottom", yref: "container",
        font: Object.assign({}, (layout.legend || {}).font, { size: 12 }),
      });
    }
    var hidden = phone.hide || [];
    if (hidden.length) {
      layout.annotations = (layout.annotations || []).filter(function (a) { return hidden.indexOf(a.name) < 0; });
      layout.shapes = (layout.shapes || []).filter(function (s) { return hidden.indexOf(s.name) < 0; });
    }
    shortenCategories(figure, layout, div.clientWidth || window.innerWidth);
    Object.keys(phone.layout || {}).forEach(function (path) { setPath(layout, path, phone.layout[path]); });
  }

  function runCommand(div, method, args) {
    args = args || [];
    if (method === "restyle") { return Plotly.restyle(div, args[0], args[1]); }
    if (method === "relayout") { return Plotly.relayout(div, args[0]); }
    if (method === "update") { return Plotly.update(div, args[0], args[1], args[2]); }
    if (method === "animate") { return Plotly.animate(div, args[0], args[1]); }
    return Promise.resolve();
  }

  // Controls are wired when the page starts, not when the chart is drawn: focusing a control starts
  // loading its chart, and a key pressed before the chart arrives must not be lost. Each control shows
  // its new state at once; the command runs on the chart if it is drawn, and otherwise draw() applies
  // the controls' current state when it finishes.
  function wireControls(div) {
    var wrapper = div.closest(".immunobook-chart");
    if (!wrapper || wrapper.dataset.wired) { return; }
    wrapper.dataset.wired = "1";
    var title = wrapper.querySelector(".immunobook-chart-title-text");
    function extras() { return (figures[div.dataset.figure] || {}).immunobook || {}; }
    // Before the chart is drawn there is nothing to run: draw() applies the controls' state.
    function apply(item) {
      if (drawnNow(div)) { runCommand(div, item.method, item.args); }
    }
    wrapper.querySelectorAll("select[data-menu]").forEach(function (select) {
      select.addEventListener("change", function () {
        whenLoaded(div).then(function () {
          var menu = extras().menus[+select.dataset.menu];
          apply(menu.buttons[+select.value]);
        });
      });
    });
    wrapper.querySelectorAll("[data-menu][role=group]").forEach(function (group) {
      group.querySelectorAll("button").forEach(function (button) {
        button.addEventListener("click", function () {
          group.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
          whenLoaded(div).then(function () {
            var menu = extras().menus[+group.dataset.menu];
            apply(menu.buttons[+button.dataset.index]);
          });
        });
      });
    });
    wrapper.querySelectorAll("input[data-slider]").forEach(function (range) {
      var output = wrapper.querySelector('output[for="' + range.id + '"]');
      var prefix = range.dataset.prefix;
      range.addEventListener("input", function () {
        whenLoaded(div).then(function () {
          var step = extras().sliders[+range.dataset.slider].steps[+range.value];
          output.textContent = step.label;
          range.setAttribute("aria-valuetext", prefix + " " + step.label);
          var frame = step.method === "animate" && step.args && step.args[0] && step.args[0][0];
          if (title && frame && extras().frame_titles[frame]) { title.textContent = extras().frame_titles[frame]; }
          apply(step);
        });
      });
    });
  }

  // The commands the controls' current state asks for, compared with the figure's initial state.
  function pendingCommands(div, figure) {
    var wrapper = div.closest(".immunobook-chart");
    var extras = figure.immunobook || {};
    var pending = [];
    if (!wrapper) { return pending; }
    wrapper.querySelectorAll("input[data-slider]").forEach(function (range) {
      var slider = extras.sliders[+range.dataset.slider];
      if (+range.value !== (slider.active || 0)) { pending.push(slider.steps[+range.value]); }
    });
    wrapper.querySelectorAll("select[data-menu]").forEach(function (select) {
      var menu = extras.menus[+select.dataset.menu];
      if (+select.value !== (menu.active || 0)) { pending.push(menu.buttons[+select.value]); }
    });
    wrapper.querySelectorAll("[data-menu][role=group]").forEach(function (group) {
      var menu = extras.menus[+group.dataset.menu];
      var pressed = group.querySelector("button[aria-pressed=true]");
      if (pressed && +pressed.dataset.index !== (menu.active || 0)) { pending.push(menu.buttons[+pressed.dataset.index]); }
    });
    return pending;
  }

  // Draw one chart at a time, each in its own task, so no single long task blocks the page.
  var queue = Promise.resolve();
  var drawn = new WeakMap();
  function drawnNow(div) { return div.classList.contains("immunobook-plotly-drawn"); }
  // Resolves once the chart's figure file has arrived (drawing may still be under way).
  function whenLoaded(div) {
    whenDrawn(div);
    return loadFigure(div.dataset.figure);
  }
  function whenDrawn(div) {
    if (!drawn.has(div)) {
      drawn.set(div, Promise.all([loadScript(base + PLOTLY_FILE), loadFigure(div.dataset.figure)]).then(function (results) {
        var figure = results[1];
        queue = queue.then(function () {
          return new Promise(function (resolve) { setTimeout(resolve, 0); });
        }).then(function () { return draw(div, figure); });
        return queue;
      }));
    }
    return drawn.get(div);
  }

  function draw(div, figure) {
    var layout = JSON.parse(JSON.stringify(figure.layout || {}));
    layout.font = Object.assign({}, layout.font, { color: textColor() });
    var config = Object.assign(
      { responsive: true, displaylogo: false, displayModeBar: "hover", modeBarButtonsToRemove: ["select2d", "lasso2d"] },
      figure.config || {}
    );
    adaptToScreen(div, figure, layout, config);
    return Plotly.newPlot(div, { data: figure.data || [], layout: layout, frames: figure.frames || [], config: config })
      .then(function () {
        // Controls may have been used before the chart was drawn: apply their current state. The
        // class is set in the same task, so a later change runs its own command instead.
        var pending = pendingCommands(div, figure);
        div.classList.add("immunobook-plotly-drawn");
        return pending.reduce(function (p, item) {
          return p.then(function () { return runCommand(div, item.method, item.args); });
        }, Promise.resolve());
      });
  }

  function recolour() {
    var color = textColor();
    document.querySelectorAll(".immunobook-plotly-drawn").forEach(function (div) {
      Plotly.relayout(div, { "font.color": color });
    });
  }

  function start() {
    var charts = document.querySelectorAll(".immunobook-plotly[data-figure]");
    charts.forEach(function (div) {
      var wrapper = div.closest(".immunobook-chart");
      if (wrapper) {
        // Using a control before the chart is on screen loads the chart first.
        wrapper.addEventListener("focusin", function () { whenDrawn(div); });
        wireControls(div);
      }
    });
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            observer.unobserve(entry.target);
            whenDrawn(entry.target);
          }
        });
      }, { rootMargin: "400px 0px" });
      charts.forEach(function (div) { observer.observe(div); });
    } else {
      charts.forEach(whenDrawn);
    }
    new MutationObserver(recolour).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-theme"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
