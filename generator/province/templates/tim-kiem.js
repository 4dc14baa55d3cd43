// Province-wide search over the province's Pagefind index of every unit, filtered by unit (and year)
// when chosen. A large province's index is split by year like a large unit's (generator/province/
// search.py): pagefind/ holds the newest years and the pages without a year, older years are in
// bundles of their own, listed in pagefind/bundles.json. The search reads the newest years first and
// says which; the reader can add the others, or choose a year, which reads that year's bundle.
(function () {
  var form = document.getElementById("tim");
  var status = document.getElementById("trang-thai");
  var scope = document.getElementById("pham-vi");
  var list = document.getElementById("ket-qua");
  var yearSelect = document.getElementById("nam");
  var bundle = new URL(form.dataset.pagefind, document.baseURI);
  // The text under a result, as on a unit's search page: the summary or the page's visible text with
  // the query's words marked, never the hidden part of the indexed text (the theme's excerpt.js).
  var excerpt = import(new URL("excerpt.js", document.currentScript.src).href);
  var everyYear = false;
  var latest = 0;
  var layout = fetch(new URL("bundles.json", bundle))
    .then(function (r) { return r.ok ? r.json() : { years: [], older: [] }; })
    .catch(function () { return { years: [], older: [] }; });
  // A year select when the index is split: every year of every bundle, newest first.
  layout.then(function (found) {
    if (!found.older.length) { return; }
    [].concat(found.years, ...found.older.map(function (b) { return b.years; })).forEach(function (year) {
      var option = document.createElement("option");
      option.textContent = year;
      yearSelect.appendChild(option);
    });
    document.getElementById("chon-nam").hidden = false;
  });
  // One Pagefind module per bundle: a module runs one WebAssembly memory, and two indexes opened in
  // it as separate instances break each other. "Every year" merges the older bundles into the main
  // bundle's engine (Pagefind's mergeIndex), so the engine and the main bundle's metadata, already
  // loaded, are not downloaded again; a year's own bundle gets a module of its own.
  var engines = new Map();
  function engineAt(url) {
    if (!engines.has(url)) {
      engines.set(url, import(url));
    }
    return engines.get(url);
  }
  var everyEngine = null;
  function mergedEngine(paths) {
    if (!everyEngine) {
      everyEngine = (async function () {
        var made = await engineAt(bundle.href);
        for (var i = 0; i < paths.length; i++) {
          await made.mergeIndex(new URL(paths[i], bundle).pathname);
        }
        return made;
      })();
    }
    return everyEngine;
  }
  // Where to search for the chosen year ("" for all years): { engine, years, more }.
  async function searcher(year) {
    var found = await layout;
    var own = found.older.find(function (b) { return b.years.indexOf(year) >= 0; });
    if (own) { return { engine: engineAt(new URL(own.path + "pagefind.js", bundle).href), years: [year], more: false }; }
    // The main bundle for one of its years (a filter on the year: merged bundles, if any, hold none).
    if (year || !found.older.length) { return { engine: everyEngine || engineAt(bundle.href), years: year ? [year] : [], more: false }; }
    if (!everyYear) { return { engine: engineAt(bundle.href), years: found.years, more: true }; }
    return { engine: mergedEngine(found.older.map(function (b) { return b.path; })), years: [], more: false };
  }
  function span(years) {
    var sorted = years.slice().sort();
    return sorted.length === 1 ? "năm " + sorted[0] : "các năm " + sorted[0] + "–" + sorted[sorted.length - 1];
  }
  // Which years were searched, next to the results, with the button that adds the older ones.
  function showScope(where, split) {
    scope.replaceChildren();
    scope.hidden = !split;
    if (!split) { return; }
    if (where.more) {
      var button = document.createElement("button");
      button.type = "button";
      button.id = "tim-ca-cac-nam";
      button.textContent = "Tìm cả các năm trước";
      button.addEventListener("click", function () {
        everyYear = true;
        run();
      });
      scope.append("Đang tìm trong " + span(where.years) + ". ", button);
    } else if (where.years.length) {
      scope.append("Đã tìm trong " + span(where.years) + ".");
    } else {
      scope.append("Đã tìm trong tất cả các năm.");
    }
  }
  async function run() {
    var ticket = ++latest;
    var query = document.getElementById("q").value.trim();
    var unit = document.getElementById("don-vi").value;
    var year = yearSelect.value;
    if (!query) { return; }
    status.textContent = "Đang tìm…";
    list.innerHTML = "";
    var filters = {};
    if (unit) { filters.unit = unit; }
    if (year) { filters.year = year; }
    var where = await searcher(year);
    var pagefind = await where.engine;
    var search = await pagefind.search(query, Object.keys(filters).length ? { filters: filters } : {});
    var shown = await Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }));
    var text = await excerpt;
    if (ticket !== latest) { return; }
    showScope(where, (await layout).older.length > 0);
    var words = text.queryWords(query);
    shown.forEach(function (data) {
      var item = document.createElement("li");
      var unitName = (data.filters && data.filters.unit && data.filters.unit[0]) || "";
      var address = data.meta.address || data.url;  // the page on its unit's site (province/search.py)
      var link = document.createElement("a");
      link.href = encodeURI(address);
      link.textContent = data.meta.title || address;
      var sub = document.createElement("span");
      sub.className = "ck-sub";
      sub.textContent = unitName;
      var summary = document.createElement("p");
      summary.append.apply(summary, text.resultText(data, words));
      item.append(link, " ", sub, summary);
      list.appendChild(item);
    });
    status.textContent = search.results.length
      ? "Tìm thấy " + search.results.length + " kết quả" + (search.results.length > 30 ? ", hiện 30 kết quả đầu." : ".")
      : "Không tìm thấy kết quả nào.";
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
})();
