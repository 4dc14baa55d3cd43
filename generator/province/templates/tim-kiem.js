// Province-wide search over the one Pagefind index of every unit, filtered by unit when chosen.
(function () {
  var form = document.getElementById("tim");
  var status = document.getElementById("trang-thai");
  var list = document.getElementById("ket-qua");
  var engine = null;
  function load() {
    if (!engine) {
      engine = import(new URL(form.dataset.pagefind, document.baseURI).href);
    }
    return engine;
  }
  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var query = document.getElementById("q").value.trim();
    var unit = document.getElementById("don-vi").value;
    if (!query) { return; }
    status.textContent = "Đang tìm…";
    list.innerHTML = "";
    var pagefind = await load();
    var search = await pagefind.search(query, unit ? { filters: { unit: unit } } : {});
    var shown = await Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }));
    shown.forEach(function (data) {
      var item = document.createElement("li");
      var unitName = (data.filters && data.filters.unit && data.filters.unit[0]) || "";
      item.innerHTML = '<a href="' + encodeURI(data.url) + '">' + escapeText(data.meta.title || data.url) + "</a>" +
        ' <span class="ck-sub">' + escapeText(unitName) + "</span><br>" + data.excerpt;
      list.appendChild(item);
    });
    status.textContent = search.results.length
      ? "Tìm thấy " + search.results.length + " kết quả" + (search.results.length > 30 ? ", hiện 30 kết quả đầu." : ".")
      : "Không tìm thấy kết quả nào.";
  });
})();
