// The search page (/sok/): Pagefind's JS API (built into /pagefind/ at build time) and our own results.
// Without this script the page still works: it offers the facet pages. Nothing here injects styles or
// inline scripts (the site's CSP forbids both); the page's own HTML holds every message, translated.

const PAGE_SIZE = 10;

const root = document.querySelector("[data-search]");
if (root) start(root);

async function start(root) {
  const form = root.querySelector(".search-form");
  const input = form.elements.q;
  const panel = root.querySelector(".search-filters");
  const status = root.querySelector(".search__status");
  const list = root.querySelector(".search-results");
  const more = root.querySelector(".search__more");
  const msg = root.dataset;
  root.querySelector(".search__nojs").hidden = true;

  let pagefind;
  try {
    pagefind = await import(root.dataset.pagefind);
    await pagefind.options({ baseUrl: root.dataset.baseUrl });
    await pagefind.init();
    await mergeBundles(pagefind, new URL(".", new URL(root.dataset.pagefind, location.href)), root.dataset.baseUrl);
    showFilters(panel, await pagefind.filters());
  } catch (error) {
    status.textContent = msg.msgFailed;
    console.warn("Search is not available:", error);
    return;
  }

  let results = [];
  let shown = 0;
  let latest = 0;

  async function run() {
    const query = input.value.trim();
    const filters = chosenFilters(panel);
    remember(query, panel);
    const ticket = ++latest;
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    const search = await pagefind.search(query || null, { filters });
    if (ticket !== latest) return; // a newer search has started
    results = search.results;
    shown = 0;
    list.replaceChildren();
    await showMore();
    if (ticket !== latest) return;
    status.textContent = summary(query);
  }

  async function showMore() {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const items = (await Promise.all(batch.map((result) => result.data()))).map(resultItem);
    list.append(...items);
    shown += batch.length;
    more.hidden = shown >= results.length;
    return items;
  }

  function summary(query) {
    if (!results.length) return query ? fill(msg.msgNone, { query }) : msg.msgNoneFiltered;
    const count = String(results.length);
    const text = query ? fill(msg.msgHits, { count, query }) : fill(msg.msgHitsFiltered, { count });
    return shown < results.length ? `${text}. ${fill(msg.msgShown, { shown: String(shown), count })}` : text;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  panel.addEventListener("change", run);
  more.addEventListener("click", async () => {
    const items = await showMore();
    status.textContent = summary(input.value.trim());
    items[0]?.querySelector("a")?.focus(); // keyboard users carry on at the first new result
  });

  // Start from the address: /sok/?q=konsert&bibliotek=… (the header's search box, a shared link, Back).
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const box of panel.querySelectorAll("input[type=checkbox]")) {
    box.checked = params.getAll(box.name).includes(box.value);
  }
  if (panel.querySelector("input:checked")) panel.open = true;
  run();
}

// A large site's index is written as several bundles (bounded memory while indexing, and an edit re-indexes one):
// the first is /pagefind/ itself, bundles.json lists the others. Merged, they are searched and filtered as one.
async function mergeBundles(pagefind, base, baseUrl) {
  const response = await fetch(new URL("bundles.json", base), { cache: "no-cache" });
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  const { bundles } = await response.json();
  // Pagefind adds each merged index as it is called, so results with equal scores keep the site's order.
  await Promise.all(bundles.map((path) => pagefind.mergeIndex(new URL(path, base).href, { baseUrl })));
}

// The page lists every branch, category and audience; offer only those the index has pages for.
function showFilters(panel, available) {
  for (const fieldset of panel.querySelectorAll("fieldset[data-filter]")) {
    const values = available[fieldset.dataset.filter] || {};
    let shown = 0;
    for (const box of fieldset.querySelectorAll("input[type=checkbox]")) {
      const label = box.closest("label");
      label.hidden = !(box.value in values);
      if (!label.hidden) shown += 1;
    }
    fieldset.hidden = shown === 0;
  }
  panel.hidden = false;
}

// Pagefind's filter object: values of one group are alternatives, groups narrow each other.
function chosenFilters(panel) {
  const filters = {};
  for (const box of panel.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] ||= { any: [] }).any.push(box.value);
  }
  return filters;
}

function remember(query, panel) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const box of panel.querySelectorAll("input[type=checkbox]:checked")) params.append(box.name, box.value);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

// One result, laid out like the programme's event cards.
function resultItem(data) {
  const meta = data.meta;
  const item = document.createElement("li");
  const card = document.createElement("div");
  card.className = "event-card";
  const heading = document.createElement("h2");
  heading.className = "event-card__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = meta.title || data.url;
  heading.append(link);
  if (meta.status) {
    const badge = document.createElement("span");
    badge.className = `badge badge--status badge--${meta.status_id}`;
    badge.dataset.status = meta.status_id;
    badge.textContent = meta.status;
    heading.append(" ", badge);
    if (meta.status_id === "cancelled") card.classList.add("event-card--cancelled");
  }
  const facts = document.createElement("p");
  facts.className = "search-result__meta";
  facts.textContent = [meta.type, meta.dato, meta.sted].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "event-card__summary";
  excerpt.append(...excerptNodes(data.excerpt));
  card.append(heading, facts, excerpt);
  item.append(card);
  return item;
}

// Pagefind's excerpt is text with <mark> around the words found; keep exactly that and nothing else.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(html || "", "text/html");
  return Array.from(parsed.body.childNodes, (node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => values[key] ?? whole);
}
