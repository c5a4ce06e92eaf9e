// The site's shared behaviour: charts from JSON specs, the offline search, the funnel plot with one council
// picked out. Plotly is loaded before this file (assets/plotly.min.js); nothing is fetched from the network.
"use strict";

function lgoTitled(part) {  // plotly.js 3 takes titles as {text: ...}
  if (part && typeof part.title === "string") { part.title = {text: part.title}; }
  return part;
}

function lgoPlot(id, data, layout) {
  var base = {template: "plotly_white", height: 380, margin: {l: 60, r: 20, t: 50, b: 50}};
  layout = lgoTitled(Object.assign(base, layout));
  lgoTitled(layout.xaxis);
  lgoTitled(layout.yaxis);
  Plotly.newPlot(id, data, layout, {displaylogo: false, responsive: true});
}

function lgoFold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function lgoSearch(inputId, listId, countId) {
  var input = document.getElementById(inputId);
  var items = Array.prototype.slice.call(document.querySelectorAll("#" + listId + " li"));
  var names = items.map(function (item) { return lgoFold(item.getAttribute("data-name")); });
  function filter() {
    var words = lgoFold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item, i) {
      var match = words.every(function (word) { return names[i].indexOf(word) >= 0; });
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    document.getElementById(countId).textContent = shown + " of " + items.length;
  }
  input.addEventListener("input", filter);
  filter();
}

// The funnel plots (assets/funnel.js, written with every build): window.LGO_FUNNELS holds the latest complete
// year's first, then all years'. The index draws each; an organisation's page draws the first with its council
// picked out (`highlight`, an organisation id, or null).
function lgoFunnel(id, which, highlight) {
  var f = (window.LGO_FUNNELS || [])[which];
  if (!f) { return; }
  var grey = {dash: "dash", color: "grey"}, dotted = {dash: "dot", color: "grey"};
  var most = Math.max.apply(null, f.limits.n.concat([1]));
  var national = "all councils held: " + Math.round(f.national * 100) + "%";
  var data = [
    {x: f.limits.n, y: f.limits.upper_99_8, mode: "lines", name: "99.8% limits", line: dotted},
    {x: f.limits.n, y: f.limits.lower_99_8, mode: "lines", showlegend: false, line: dotted},
    {x: f.limits.n, y: f.limits.upper_95, mode: "lines", name: "95% limits", line: grey},
    {x: f.limits.n, y: f.limits.lower_95, mode: "lines", showlegend: false, line: grey},
    {x: [1, most], y: [f.national, f.national], mode: "lines", name: national, line: {color: "black"}},
    {x: f.councils.n, y: f.councils.rate, text: f.councils.name, customdata: f.councils.upheld, mode: "markers",
     name: "councils", marker: {color: highlight ? "#bbb" : "#1f77b4", size: 7, opacity: 0.75},
     hovertemplate: "%{text}<br>%{customdata} upheld of %{x} investigations (%{y:.0%})<extra></extra>"}
  ];
  var i = f.councils.id.indexOf(highlight);
  if (i >= 0) {
    data.push({x: [f.councils.n[i]], y: [f.councils.rate[i]], text: [f.councils.name[i]], mode: "markers+text",
               name: f.councils.name[i], textposition: "top center", marker: {color: "#c00", size: 12},
               hovertemplate: "%{text}<br>%{y:.0%} of %{x} investigations<extra></extra>"});
  }
  lgoPlot(id, data, {title: "Uphold rate by council, " + f.label + " (" + national + ")", height: 520,
                     xaxis: Object.assign({title: "detailed investigations", rangemode: "tozero"}, lgoCountAxis(most)),
                     yaxis: {title: "uphold rate", tickformat: ".0%", range: [0, 1.02]}});
}

function lgoCountAxis(most) {  // whole numbers only: never a tick at 0.2 investigations
  return most < 10 ? {tickformat: "d", dtick: 1} : {tickformat: ",d"};
}

// When the site was built and from how many decisions (assets/build.js, written with every build): a page
// reused unchanged from an earlier build still says when the figures around it were made.
function lgoFillBuild() {
  var build = window.LGO_BUILD, element = document.getElementById("build");
  if (build && element) {
    element.textContent = "Built " + build.built + " from " + build.decisions.toLocaleString("en-GB") +
                          " decisions.";
  }
}

// Benchmarks (national and peer rates, national time to decision) come from assets/benchmarks.js, shared by
// every page: a page holds its own organisation's figures only.
function lgoBenchmark(name, key) {
  var table = (window.LGO_BENCHMARKS || {})[name] || {};
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : null;
}

function lgoFormat(name, value) {
  if (value === null) { return "–"; }
  return name === "median_days" ? String(Math.round(value)) : Math.round(value * 100) + "%";
}

function lgoFillBenchmarks() {
  document.querySelectorAll("[data-benchmark]").forEach(function (cell) {
    var name = cell.getAttribute("data-benchmark");
    cell.textContent = lgoFormat(name, lgoBenchmark(name, cell.getAttribute("data-key")));
  });
}
document.addEventListener("DOMContentLoaded", lgoFillBenchmarks);
document.addEventListener("DOMContentLoaded", lgoFillBuild);

function lgoRateChart(id, own, peerGroup) {
  var data = [{x: own.years, y: own.rate, name: "this organisation", mode: "markers+lines",
               marker: {size: 9, color: "#c00"},
               error_y: {type: "data", symmetric: false,
                         array: own.high.map(function (h, i) { return h - own.rate[i]; }),
                         arrayminus: own.low.map(function (l, i) { return own.rate[i] - l; })}}];
  if (peerGroup) {
    data.push({x: own.years, y: own.years.map(function (y) { return lgoBenchmark("peer", y + "|" + peerGroup); }),
               name: "similar councils", mode: "lines", line: {dash: "dash", color: "#555"}});
  }
  data.push({x: own.years, y: own.years.map(function (y) { return lgoBenchmark("national", y); }),
             name: "all councils", mode: "lines", line: {dash: "dot", color: "#555"}});
  lgoPlot(id, data, {title: "Uphold rate by financial year", yaxis: {tickformat: ".0%", range: [0, 1.05]},
                     xaxis: {type: "category"}});
}

function lgoTimeChart(id, own) {
  lgoPlot(id, [
    {type: "bar", x: own.years, y: own.median_days, name: "this organisation", marker: {color: "#c00"}},
    {type: "bar", x: own.years, y: own.years.map(function (y) { return lgoBenchmark("median_days", y); }),
     name: "all organisations", marker: {color: "#bbb"}}
  ], {title: "Median days to decision", barmode: "group", xaxis: {type: "category"}});
}
