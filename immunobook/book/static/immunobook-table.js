// Turns the plain HTML preview of a table (immunobook/book/table_renderer.py) into the full
// searchable, sortable DataTables table. The itables bundle and the rows are fetched only when the
// table nears the viewport, and the full table is built out of sight; it replaces the preview when
// the preview is off screen (scroll anchoring keeps the page still) or when the reader taps, clicks
// or tabs into it, so the page never jumps under the reader's eyes.
(function () {
  "use strict";
  var base = (document.currentScript && document.currentScript.src.replace(/[^/]*$/, "")) || "_static/";
  var tables = {};
  var waiting = {};
  window.immunobookTable = function (key, args) {
    tables[key] = args;
    if (waiting[key]) { waiting[key](args); }
  };
  function loadRows(key) {
    if (tables[key]) { return Promise.resolve(tables[key]); }
    return new Promise(function (resolve, reject) {
      waiting[key] = resolve;
      var tag = document.createElement("script");
      tag.src = base + "immunobook-tables/" + key;
      tag.onerror = function () { reject(new Error("could not load table " + key)); };
      document.head.appendChild(tag);
    });
  }
  function stylesheet() {
    if (!document.querySelector('link[href$="itables/dt_bundle.css"]')) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = base + "itables/dt_bundle.css";
      document.head.appendChild(link);
    }
  }

  function prepare(wrapper) {
    if (wrapper.dataset.prepared) { return; }
    wrapper.dataset.prepared = "1";
    stylesheet();
    Promise.all([import(base + "itables/dt_bundle.js"), loadRows(wrapper.dataset.table)]).then(function (loaded) {
      var preview = wrapper.querySelector(".immunobook-table-preview");
      var full = document.createElement("div");
      full.className = "immunobook-table-full";
      full.hidden = true;
      var table = document.createElement("table");
      table.id = preview.querySelector("table").id;
      preview.querySelector("table").removeAttribute("id");
      table.className = "display compact";
      full.appendChild(table);
      wrapper.appendChild(full);
      new loaded[0].ITable(table, Object.assign({ autoWidth: false }, loaded[1]));
      var swapped = false;
      function swap() {
        if (swapped) { return; }
        swapped = true;
        var hadFocus = wrapper.contains(document.activeElement);
        preview.remove();
        full.hidden = false;
        wrapper.classList.add("immunobook-table-ready");
        var search = full.querySelector("input[type=search], input");
        if (hadFocus && search) { search.focus(); }
      }
      wrapper.immunobookSwap = swap;
      if (wrapper.dataset.wanted || !("IntersectionObserver" in window)) { swap(); return; }
      // In view: wait for the reader's own action (or for the table to leave the screen).
      var watcher = new IntersectionObserver(function (entries) {
        if (!entries[0].isIntersecting) { watcher.disconnect(); swap(); }
      });
      watcher.observe(wrapper);
    });
  }

  function start() {
    var wrappers = document.querySelectorAll(".immunobook-table[data-table]");
    if (!("IntersectionObserver" in window)) { wrappers.forEach(prepare); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); prepare(entry.target); }
      });
    }, { rootMargin: "600px 0px" });
    wrappers.forEach(function (w) {
      observer.observe(w);
      // A tap, click or Tab into the preview asks for the full table now (or as soon as it is ready).
      ["pointerdown", "focusin"].forEach(function (type) {
        w.addEventListener(type, function (event) {
          if (event.target.closest && event.target.closest("a")) { return; }  // let a source link open
          w.dataset.wanted = "1";
          if (w.immunobookSwap) { w.immunobookSwap(); } else { prepare(w); }
        });
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
