// Turns the plain HTML preview of a table (immunobook/book/table_renderer.py) into the full
// searchable, sortable DataTables table when it nears the viewport: the itables bundle and the rows
// are fetched only then, so they cost nothing on first load.
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
  function upgrade(wrapper) {
    var table = wrapper.querySelector("table");
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = base + "itables/dt_bundle.css";
    document.head.appendChild(link);
    Promise.all([import(base + "itables/dt_bundle.js"), loadRows(wrapper.dataset.table)]).then(function (loaded) {
      var note = wrapper.querySelector(".immunobook-table-note");
      if (note) { note.remove(); }
      new loaded[0].ITable(table, Object.assign({}, loaded[1]));
    });
  }
  function start() {
    var wrappers = document.querySelectorAll(".immunobook-table[data-table]");
    if (!("IntersectionObserver" in window)) { wrappers.forEach(upgrade); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); upgrade(entry.target); }
      });
    }, { rootMargin: "400px 0px" });
    wrappers.forEach(function (w) { observer.observe(w); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
