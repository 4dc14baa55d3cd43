// Site search on the Pagefind index. Everything is loaded relative to this page, so the site
// works under any base URL and under `mkdocs serve`; no request leaves the site's own host.
const form = document.querySelector("form.ck-search");

if (form) {
  const input = form.querySelector("input[name=q]");
  const status = document.getElementById("ck-status");
  const list = document.getElementById("ck-results");
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
  const ranked = async (pagefind, query) => {
    await pagefind.options({ exactDiacritics: false });
    const loose = (await pagefind.search(query)).results;
    if (query === query.normalize("NFD").replace(/\p{M}/gu, "")) return loose;
    await pagefind.options({ exactDiacritics: true });
    const exact = (await pagefind.search(query)).results;
    await pagefind.options({ exactDiacritics: false });
    const first = new Set(exact.map((r) => r.id));
    return [...exact, ...loose.filter((r) => !first.has(r.id))];
  };

  const item = (data) => {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const sub = document.createElement("span");
    sub.className = "ck-sub";
    sub.textContent = [data.meta.type, data.meta.date, data.meta.category].filter(Boolean).join(" · ");
    const summary = document.createElement("p");
    summary.textContent = data.meta.summary || "";
    li.append(link, sub, summary);
    return li;
  };

  const run = async (query) => {
    const ticket = ++latest;
    query = query.normalize("NFC").trim();
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = "Đang tìm…";
    try {
      const pagefind = await load();
      const found = await ranked(pagefind, query);
      const results = await Promise.all(found.slice(0, 30).map((r) => r.data()));
      if (ticket !== latest) return;
      list.replaceChildren(...results.map(item));
      status.textContent = results.length
        ? `Tìm thấy ${found.length} kết quả cho “${query}”.`
        : `Không tìm thấy kết quả nào cho “${query}”.`;
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
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
}
