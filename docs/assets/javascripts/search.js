/* The header's search: Pagefind's JavaScript API behind Material's search box and result
   markup (overrides/partials/search.html).

   - Nothing is fetched until the reader opens the search (focus, "/", "s", "f", or the
     magnifier on a phone); then pagefind/pagefind.js, its WebAssembly, the index metadata,
     the index chunks for the words typed, and one fragment per result shown. All of them are
     this site's own files (written by generator/search_index.py), so search works offline.
   - The index is in bundles (generator/search_index.py): the main one (every page but the
     cases) and one per period of decision for the case pages, listed newest first in
     pagefind/cases.json. A search covers the main bundle and the newest FIRST_CASES cases;
     "Search older cases too" merges the next MORE_CASES, "Search every case" all of them (the
     button says how much index it loads first), and a decision year chosen in the filters
     merges that year's. So a first search fetches a bounded amount however many letters the
     site holds.
   - Keyboard as in Material: "/", "s" or "f" opens it, Esc closes it, ArrowDown/ArrowUp move
     through the results, Enter opens the first result (or the one focused).
   - Text from the index (titles, excerpts, filter values) is only ever set as text: a letter's
     words never become markup here. */
(() => {
  "use strict";

  const root = document.querySelector("[data-imr-search]");
  const toggle = document.getElementById("__search"); // Material's search toggle (checkbox)
  if (!root || !toggle) return;

  const form = root.querySelector("form");
  const input = root.querySelector(".md-search__input");
  const result = root.querySelector(".md-search-result");
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const more = root.querySelector(".imr-search__more");
  const older = root.querySelector(".imr-search__older");
  const every = root.querySelector(".imr-search__every");
  const filterPanel = root.querySelector(".imr-search__filters");
  const filterCount = root.querySelector(".imr-search__filter-count");
  const selects = Array.from(root.querySelectorAll("select[data-imr-filter]"));

  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base.replace(/\/?$/, "/"), window.location.href);
  const words = config.translations || {};
  const PAGE_SIZE = 10; // results drawn at a time: each costs one fragment request
  const SUB_RESULTS = 2; // sections of a page shown under it, as Material does
  const DEBOUNCE_MS = 120;
  // A drug page's generic and brand names (its "names" meta, generator/pages/common.py
  // SearchView) outweigh any other match: "Lioresal" finds the baclofen page first, before a
  // guideline section or case naming the brand. Pagefind's default weight for a title is 5.
  const RANKING = { metaWeights: { names: 10 } };
  const OPTIONS = { baseUrl: base.pathname, excerptLength: 24, ranking: RANKING };
  // Cases a search covers before the reader asks for older ones (newest first), and how many
  // more each "Search older cases too" adds: the manifest's (generator/search_index.py).
  let FIRST_CASES = 1000;
  let MORE_CASES = 5000;

  // -- Pagefind, loaded once on first use ------------------------------------------------------

  let loading = null;
  let bundles = []; // the case bundles, newest first (pagefind/cases.json)
  let totalCases = 0;
  const merged = new Set(); // keys of the case bundles merged so far

  function pagefind() {
    if (!loading) {
      loading = (async () => {
        const [api, listed] = await Promise.all([
          import(new URL("pagefind/pagefind.js", base).href),
          fetch(new URL("pagefind/cases.json", base)).then((r) => (r.ok ? r.json() : null)),
        ]);
        bundles = (listed && listed.bundles) || [];
        totalCases = (listed && listed.cases) || 0;
        FIRST_CASES = (listed && listed.first) || FIRST_CASES;
        MORE_CASES = (listed && listed.more) || MORE_CASES;
        await api.options(OPTIONS);
        await api.init();
        await mergeNext(api, FIRST_CASES);
        return api;
      })();
      loading.catch(() => {
        loading = null;
        meta.textContent = "Search is not available (the index could not be loaded).";
      });
    }
    return loading;
  }

  async function merge(api, chosen) {
    const fresh = chosen.filter((b) => !merged.has(b.key));
    for (const b of fresh) merged.add(b.key);
    await Promise.all(fresh.map((b) =>
      api.mergeIndex(new URL(`pagefind/cases/${b.key}/`, base).pathname, OPTIONS)));
  }

  /* Merge the newest bundles not merged yet until at least `want` more cases are covered. */
  function mergeNext(api, want) {
    const chosen = [];
    let covered = 0;
    for (const b of bundles) {
      if (covered >= want) break;
      if (merged.has(b.key)) continue;
      chosen.push(b);
      covered += b.cases;
    }
    return merge(api, chosen);
  }

  function searchedCases() {
    return bundles.filter((b) => merged.has(b.key)).reduce((n, b) => n + b.cases, 0);
  }

  /* What the results cover, said under their count when some cases are not searched. */
  function scope() {
    const searched = searchedCases();
    if (searched >= totalCases) return "";
    const years = bundles.filter((b) => merged.has(b.key)).flatMap((b) => Object.keys(b.years));
    const since = years.length ? ` decided in ${years.sort()[0]} or later` : "";
    return ` among the ${searched.toLocaleString("en")} newest cases${since}` +
      ` (of ${totalCases.toLocaleString("en")})`;
  }

  // -- opening and closing, as Material's search does ----------------------------------------

  // Material reacts to the toggle's change event (on phones it locks the page's scrolling
  // behind the full-screen search), so setting it from here says so too.
  function setToggle(checked) {
    if (toggle.checked === checked) return;
    toggle.checked = checked;
    toggle.dispatchEvent(new Event("change"));
  }

  function open() {
    setToggle(true);
    pagefind();
    if (document.activeElement !== input) input.focus();
  }

  function close() {
    setToggle(false);
    if (root.contains(document.activeElement)) document.activeElement.blur();
  }

  input.addEventListener("focus", open);
  toggle.addEventListener("change", () => (toggle.checked ? open() : close()));
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => window.setTimeout(() => { input.focus(); schedule(); }));

  function typing(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (toggle.checked && event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (!toggle.checked && !typing(event.target) && ["/", "s", "f"].includes(event.key)) {
      event.preventDefault(); // the key opens search; it is not typed into the box
      open();
      input.select();
    }
  });

  function links() {
    return Array.from(list.querySelectorAll("a.md-search-result__link"));
  }

  root.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Enter") return;
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "Enter") {
      if (document.activeElement === input && all.length) {
        event.preventDefault();
        all[0].click();
      }
      return; // Enter on a focused result follows its link
    }
    if (at === -1 && document.activeElement !== input) return; // e.g. inside a filter select
    event.preventDefault();
    const next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) input.focus();
    else if (next < all.length) all[next].focus();
  });

  // -- filters -----------------------------------------------------------------------------------

  let filtersLoaded = false;
  filterPanel.addEventListener("toggle", async () => {
    if (!filterPanel.open || filtersLoaded) return;
    filtersLoaded = true;
    const available = await (await pagefind()).filters();
    // Every decision year, from the bundles' list: a year not merged yet is merged when chosen.
    const years = {};
    for (const b of bundles) {
      for (const [y, n] of Object.entries(b.years)) years[y] = (years[y] || 0) + n;
    }
    if (Object.keys(years).length) available.year = years;
    for (const select of selects) {
      const values = available[select.dataset.imrFilter] || {};
      const names = Object.keys(values).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
      for (const name of names) {
        const option = document.createElement("option");
        option.value = name;
        option.textContent = `${name} (${values[name]})`;
        select.append(option);
      }
      select.closest("label").hidden = names.length === 0;
    }
  });

  function chosenFilters() {
    const chosen = {};
    for (const select of selects) {
      if (select.value) chosen[select.dataset.imrFilter] = select.value;
    }
    return chosen;
  }

  for (const select of selects) {
    select.addEventListener("change", () => {
      const n = Object.keys(chosenFilters()).length;
      filterCount.textContent = n ? ` (${n})` : "";
      schedule();
    });
  }

  // -- searching -----------------------------------------------------------------------------

  let timer = 0;
  let generation = 0; // a newer query makes the results of an older one stale
  let pending = [];

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DEBOUNCE_MS);
  }

  input.addEventListener("input", schedule);

  function count(n) {
    if (n === 0) return words["search.result.none"] || "No matching documents";
    if (n === 1) return words["search.result.one"] || "1 matching document";
    return (words["search.result.other"] || "# matching documents").replace("#", String(n));
  }

  async function run() {
    const mine = ++generation;
    const query = input.value.trim();
    const filters = chosenFilters();
    if (!query && !Object.keys(filters).length) {
      delete result.dataset.query;
      list.replaceChildren();
      more.hidden = true;
      older.hidden = true;
      every.hidden = true;
      meta.textContent = words["search.result.placeholder"] || "Type to start searching";
      return;
    }
    const api = await pagefind();
    if (filters.year) await merge(api, bundles.filter((b) => filters.year in b.years));
    const found = await api.search(query || null, { filters });
    if (mine !== generation || !found) return;
    pending = found.results;
    list.replaceChildren();
    meta.textContent = count(pending.length) + (filters.year ? "" : scope());
    older.hidden = Boolean(filters.year) || searchedCases() >= totalCases;
    every.hidden = older.hidden;
    if (!every.hidden) {
      // What merging the rest loads before it can search: each bundle's entry and metadata.
      const rest = bundles.filter((b) => !merged.has(b.key));
      const bytes = rest.reduce((n, b) => n + (b.bytes || 0), 0);
      every.textContent = `Search every case (${totalCases.toLocaleString("en")}; ` +
        `loads about ${Math.max(1, Math.round(bytes / 1024)).toLocaleString("en")} KB first)`;
    }
    await drawMore(mine);
    // Which query (and filters) the list shows: tests and scripts wait for it.
    if (mine === generation) result.dataset.query = query;
  }

  async function drawMore(mine) {
    const batch = pending.slice(0, PAGE_SIZE);
    pending = pending.slice(PAGE_SIZE);
    const pages = await Promise.all(batch.map((result) => result.data()));
    if (mine !== generation) return;
    for (const page of pages) list.append(resultItem(page));
    more.hidden = pending.length === 0;
  }

  more.addEventListener("click", () => drawMore(generation));

  older.addEventListener("click", async () => {
    older.hidden = true;
    every.hidden = true;
    await mergeNext(await pagefind(), MORE_CASES);
    run();
  });

  every.addEventListener("click", async () => {
    older.hidden = true;
    every.hidden = true;
    await merge(await pagefind(), bundles);
    run();
  });

  // -- drawing a result with Material's markup, text only ----------------------------------

  const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

  function decode(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X"
          ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
  }

  /* Pagefind's excerpt is the page's text, entity-escaped, with matched words in <mark>: it is
     split on those two tags and rebuilt as text nodes and <mark> elements, never parsed. */
  function excerpt(text) {
    const p = document.createElement("p");
    let marked = false;
    for (const part of (text || "").split(/(<\/?mark>)/)) {
      if (part === "<mark>") marked = true;
      else if (part === "</mark>") marked = false;
      else if (part) {
        const node = marked ? document.createElement("mark") : document.createTextNode("");
        node.textContent = decode(part);
        p.append(node);
      }
    }
    return p;
  }

  function entry(url, title, text, heading, documentLevel) {
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = url;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset" +
      (documentLevel ? " md-search-result__article--document" : "");
    if (documentLevel) {
      const icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.append(icon);
    }
    const h = document.createElement(heading);
    h.textContent = title;
    article.append(h, excerpt(text));
    link.append(article);
    return link;
  }

  function resultItem(page) {
    const item = document.createElement("li");
    item.className = "md-search-result__item";
    const title = (page.meta && page.meta.title) || page.url;
    item.append(entry(page.url, title, page.excerpt, "h1", true));
    // The sections under a page, as Material shows them: not the page's own title (its h1).
    const sections = (page.sub_results || []).filter(
      (s) => s.url.includes("#") && !(s.anchor && s.anchor.element === "h1"));
    for (const section of sections.slice(0, SUB_RESULTS)) {
      item.append(entry(section.url, section.title, section.excerpt, "h2", false));
    }
    return item;
  }
})();
