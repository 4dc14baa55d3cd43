// Site search on the Pagefind index. Everything is loaded relative to this page, so the site
// works under any base URL and under `mkdocs serve`; no request leaves the site's own host.
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

  // Pagefind ignores accents, so "dân" also finds "dẫn". When the query has accents, the pages
  // with the words exactly as typed come first, then the rest.
  // "Đóng góp" -> "dong gop": what to suggest when an accented query finds nothing.
  const fold = (text) => text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

  // The chosen filters (category, type, year), as Pagefind takes them.
  const chosen = () => Object.fromEntries(selects.filter((s) => s.value).map((s) => [s.dataset.filter, s.value]));

  const ranked = async (pagefind, query, filters) => {
    await pagefind.options({ exactDiacritics: false });
    const loose = (await pagefind.search(query || null, { filters })).results;
    if (!query || query === query.normalize("NFD").replace(/\p{M}/gu, "")) return loose;
    await pagefind.options({ exactDiacritics: true });
    const exact = (await pagefind.search(query, { filters })).results;
    await pagefind.options({ exactDiacritics: false });
    const first = new Set(exact.map((r) => r.id));
    return [...exact, ...loose.filter((r) => !first.has(r.id))];
  };

  // Split text into text nodes and <mark> elements around the words of the query.
  const highlight = (text, words) => {
    const nodes = [];
    let marked = false;
    for (const part of text.split(/([\p{L}\p{N}]+)/u)) {
      if (part && words.has(fold(part))) {
        const mark = document.createElement("mark");
        mark.textContent = part;
        nodes.push(mark);
        marked = true;
      } else if (part) {
        nodes.push(document.createTextNode(part));
      }
    }
    return { nodes, marked };
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
    // The page's own summary with the query's words marked (accents ignored); failing that, the
    // words around the match as Pagefind cut them, with its <mark> kept and nothing else.
    const own = highlight(data.meta.summary || "", words);
    if (own.marked) summary.append(...own.nodes);
    else if ((data.excerpt || "").includes("<mark>")) summary.innerHTML = data.excerpt.replace(/<(?!\/?mark>)[^>]*>/g, "");
    else summary.append(...own.nodes);
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
      return;
    }
    status.textContent = "Đang tìm…";
    try {
      const pagefind = await load();
      const found = await ranked(pagefind, query, filters);
      const results = await Promise.all(found.slice(0, 30).map((r) => r.data()));
      if (ticket !== latest) return;
      const words = new Set(fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean));
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
