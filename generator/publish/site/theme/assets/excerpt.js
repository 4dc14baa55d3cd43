// The text under each search result, shared by a unit's search page (search.js) and the province's
// (generator/province/templates/tim-kiem.js). No request of its own: it works on what Pagefind
// returned for the result.
//
// A page's indexed text ends with a hidden part (theme/main.html, <div class="ck-index">): the
// document number written the ways people type it, and the page's words with đ folded to ASCII, so
// that "dat dai" finds "đất đai". Pagefind cuts its own excerpt around whichever words matched, so
// a query that matched only that part showed "41 KH41 kh-ubnd … dat dai" to the reader. The excerpt
// here is cut from the visible part only, in its own Vietnamese, with the query's words marked.

// The hidden part starts with this mark. Pagefind keeps it in a result's `content` but indexes no
// word of it (it has no letter or digit), so no query finds it.
export const HIDDEN_MARK = "␞";
const LENGTH = 24; // words in an excerpt, as Pagefind's excerptLength
const BEFORE = 4; // words shown before the first marked word, when the rest still fits

// "Đóng góp" -> "dong gop": accents ignored, for matching a query's words.
export const fold = (text) => text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

// The query's words, folded: the words to mark.
export const queryWords = (query) => new Set(fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean));

// Split text into text nodes and <mark> elements around the words of the query.
export const highlight = (text, words) => {
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

// The words of the page as shown: the result's indexed text up to the hidden part.
const visibleWords = (content) => {
  const at = content.lastIndexOf(HIDDEN_MARK);
  return (at < 0 ? content : content.slice(0, at)).split(/\s+/).filter(Boolean);
};

const joined = (words, start, end) =>
  (start > 0 ? "… " : "") + words.slice(start, end).join(" ") + (end < words.length ? " …" : "");

// LENGTH words of the visible text around the most wanted words within LENGTH of each other, or
// null when the visible text holds none of them.
const around = (words, wanted) => {
  const hits = [];
  words.forEach((word, i) => {
    if (word.split(/[^\p{L}\p{N}]+/u).some((part) => part && wanted.has(fold(part)))) hits.push(i);
  });
  if (!hits.length) return null;
  let first = 0;
  let most = 0;
  for (let i = 0, j = 0; i < hits.length; i++) {
    while (j < hits.length && hits[j] < hits[i] + LENGTH) j++;
    if (j - i > most) [first, most] = [i, j - i];
  }
  const before = Math.min(BEFORE, LENGTH - (hits[first + most - 1] - hits[first] + 1));
  const start = Math.max(0, Math.min(hits[first] - before, words.length - LENGTH));
  return joined(words, start, Math.min(words.length, start + LENGTH));
};

// The visible words after the page's title, with which Pagefind's text of the page begins.
const afterTitle = (words, title) => {
  const head = title.split(/\s+/).filter(Boolean);
  const same = head.length > 0 && head.every((word, i) => words[i]?.replace(/\.$/, "") === word);
  return same ? words.slice(head.length) : words;
};

// What to show under a result, for the query's folded words (queryWords): the page's summary with
// those words marked; else the words around them in the page's visible text, marked; else, unmarked,
// the summary or the start of the visible text after the title. Never the hidden part. DOM nodes.
export const resultText = (data, wanted) => {
  const summary = highlight(data.meta.summary || "", wanted);
  if (summary.marked) return summary.nodes;
  const words = visibleWords(data.content || "");
  const cut = around(words, wanted);
  if (cut) return highlight(cut, wanted).nodes;
  if (data.meta.summary) return summary.nodes;
  const rest = afterTitle(words, data.meta.title || "");
  return [document.createTextNode(joined(rest, 0, Math.min(rest.length, LENGTH)))];
};
