// Draws the book's Plotly figures from the JSON that immunobook/plotly_renderer.py put in the page,
// and keeps their text readable when the reader switches between light and dark mode.
(function () {
  "use strict";

  // Chart text follows the page's light or dark theme (menus keep their own colours).
  function textColor() {
    var css = getComputedStyle(document.documentElement);
    var value = css.getPropertyValue("--pst-color-text-base").trim();
    return value || "#2b2b2b";
  }

  function figures() {
    return Array.prototype.slice.call(document.querySelectorAll(".immunobook-plotly"));
  }

  function recolour() {
    var color = textColor();
    figures().forEach(function (div) {
      if (div.data) {
        Plotly.relayout(div, { "font.color": color });
      }
    });
  }

  function draw() {
    var scripts = document.querySelectorAll("script.immunobook-plotly-data");
    Array.prototype.forEach.call(scripts, function (script) {
      var div = document.getElementById(script.getAttribute("data-target"));
      if (!div) {
        return;
      }
      var figure = JSON.parse(script.textContent);
      var layout = figure.layout || {};
      layout.font = Object.assign({}, layout.font, { color: textColor() });
      var config = Object.assign(
        { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"] },
        figure.config || {}
      );
      Plotly.newPlot(div, { data: figure.data || [], layout: layout, frames: figure.frames || [], config: config });
    });
    new MutationObserver(recolour).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-theme"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
