// Site search on the Pagefind index. Everything is loaded relative to this page, so the site
// works under any base URL and under `mkdocs serve`; no request leaves the site's own host.
import { fold, queryWords, resultText } from "./excerpt.js";

const form = document.querySelector("form.ck-search");

if (form) {
  const input = form.querySelector("input[name=q]");
  const status = document.getElementById("ck-status");
  const list = document.getElementById("ck-results");
  const empty = document.getElementById("ck-empty");
  const folded = document.getElementById("ck-folded");
  const selects = [...form.querySelectorAll("select[data-filter]")];
  const bundle = new URL(form.dataset.pagefind, document.baseURI);
  const siteRoot = new URL("..", bundle).pathname;
  let engine = null;
  let latest = 0;

  const load = async () => {
    if (!engine) {
      engine = await import(bundle.href);
      await engine.options({ baseUrl: siteRoot, excerptLength: 24 });
      engine.init();
    }
    return engine;
  };

  // A large unit's index is split by year (generator/publish/search_bundles.py): pagefind/ holds
  // the newest years and the pages without a year, older years are in bundles of their own, listed
  // in bundles.json. "All years" searches the newest years first; the reader can add the others.
  const layout = fetch(new URL("bundles.json", bundle))
    .then((r) => (r.ok ? r.json() : { years: [], older: [] }))
    .catch(() => ({ years: [], older: [] }));
  const scope = document.createElement("p");
  scope.id = "ck-scope";
  scope.className = "ck-status";
  scope.hidden = true;
  status.after(scope);
  let everyYear = false;
  // Pagefind engines besides the main one, each a module of its own: one module runs one
  // WebAssembly memory, and two indexes opened in it as separate instances break each other.
  const engines = new Map();
  const engineAt = (url, merged = [], exact = false) => {
    if (!engines.has(url)) {
      engines.set(url, (async () => {
        const made = await import(url);
        const options = { baseUrl: siteRoot, excerptLength: 24, exactDiacritics: exact };
        await made.options(options);
        made.init();
        for (const other of merged) await made.mergeIndex(new URL(other, bundle).pathname, options);
        return made;
      })());
    }
    return engines.get(url);
  };
  const toggled = (made) => async (query, filters, exact) => {
    const pagefind = await made();
    await pagefind.options({ exactDiacritics: exact });
    try {
      return await pagefind.search(query, { filters });
    } finally {
      if (exact) await pagefind.options({ exactDiacritics: false }); // loose is the engine's default
    }
  };
  // The search for the chosen year ("" for all years): { search(query, filters, exact), years, more }.
  // Every year: the main bundle with the older ones merged, once with accents exact and once not
  // (Pagefind sets that option of a merged bundle only when merging it).
  const searcher = async (year) => {
    const { years, older } = await layout;
    const own = older.find((b) => b.years.includes(year));
    if (own) return { years: [year], more: false, search: toggled(() => engineAt(new URL(own.path + "pagefind.js", bundle).href)) };
    if (year) return { years: [year], more: false, search: toggled(load) };
    if (!older.length) return { years: [], more: false, search: toggled(load) };
    if (!everyYear) return { years, more: true, search: toggled(load) };
    const paths = older.map((b) => b.path);
    const every = (exact) => engineAt(`${bundle.href}#every-${exact ? "exact" : "loose"}`, paths, exact);
    return { years: [], more: false, search: async (query, filters, exact) => (await every(exact)).search(query, { filters }) };
  };

  // The chosen filters (category, type, year), as Pagefind takes them.
  const chosen = () => Object.fromEntries(selects.filter((s) => s.value).map((s) => [s.dataset.filter, s.value]));

  // Pagefind ignores accents, so "dân" also finds "dẫn". When the query has accents, the pages
  // with the words exactly as typed come first, then the rest.
  const ranked = async (where, query, filters) => {
    const loose = (await where.search(query || null, filters, false)).results;
    if (!query || query === query.normalize("NFD").replace(/\p{M}/gu, "")) return loose;
    const exact = (await where.search(query, filters, true)).results;
    const first = new Set(exact.map((r) => r.id));
    return [...exact, ...loose.filter((r) => !first.has(r.id))];
  };

  // Which years were searched, next to the results, with the button that adds the older ones.
  const span = (years) => {
    const sorted = [...years].sort();
    if (sorted.length === 1) return `năm ${sorted[0]}`;
    return `các năm ${sorted[0]}–${sorted[sorted.length - 1]}`;
  };
  const showScope = (where, split) => {
    if (!split) {
      scope.hidden = true;
      return;
    }
    scope.replaceChildren();
    if (where.more) {
      const button = document.createElement("button");
      button.type = "button";
      button.id = "ck-every-year";
      button.textContent = "Tìm cả các năm trước";
      button.addEventListener("click", () => {
        everyYear = true;
        run(input.value);
      });
      scope.append(`Đang tìm trong ${span(where.years)}. `, button);
    } else if (where.years.length) {
      scope.append(`Đã tìm trong ${span(where.years)}.`);
    } else {
      scope.append("Đã tìm trong tất cả các năm.");
    }
    scope.hidden = false;
  };

  const item = (data, words) => {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const sub = document.createElement("span");
    sub.className = "ck-sub";
    sub.textContent = [data.meta.type, data.meta.date, data.meta.category].filter(Boolean).join(" · ");
    const summary = document.createElement("p");
    // The summary or the visible text, the query's words marked, never the hidden part (excerpt.js).
    summary.append(...resultText(data, words));
    li.append(link, sub, summary);
    return li;
  };

  const run = async (query) => {
    const ticket = ++latest;
    query = query.normalize("NFC").trim();
    const filters = chosen();
    empty.hidden = true;
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = "";
      scope.hidden = true;
      return;
    }
    status.textContent = "Đang tìm…";
    try {
      const where = await searcher(filters.year || "");
      const found = await ranked(where, query, filters);
      const results = await Promise.all(found.slice(0, 30).map((r) => r.data()));
      if (ticket !== latest) return;
      showScope(where, (await layout).older.length > 0);
      const words = queryWords(query);
      list.replaceChildren(...results.map((r) => item(r, words)));
      const what = query ? ` cho “${query}”` : "";
      status.textContent = results.length
        ? `Tìm thấy ${found.length} kết quả${what}.`
        : `Không tìm thấy kết quả nào${what}.`;
      if (!results.length) {
        const plain = fold(query);
        folded.parentElement.hidden = plain === query;
        folded.textContent = `“${plain || query}”`;
        folded.href = `?q=${encodeURIComponent(plain || query)}`;
        empty.hidden = false;
      }
    } catch (error) {
      status.textContent = "Chưa tải được chỉ mục tìm kiếm. Hãy thử lại sau.";
      throw error;
    }
  };

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 250);
  });
  const submit = () => {
    clearTimeout(timer);
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    for (const s of selects) {
      if (s.value) url.searchParams.set(s.name, s.value);
      else url.searchParams.delete(s.name);
    }
    history.replaceState(null, "", url);
    run(input.value);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  for (const s of selects) s.addEventListener("change", submit);
  const params = new URLSearchParams(location.search);
  for (const s of selects) {
    const value = params.get(s.name);
    if (value && [...s.options].some((o) => o.value === value)) s.value = value;
  }
  const initial = params.get("q") || "";
  input.value = initial;
  if (initial || selects.some((s) => s.value)) run(initial);
}
