// The search page (/sok/): Pagefind's JS API (built into /pagefind/ at build time) and our own results.
// Without this script the page still works: it offers the facet pages. Nothing here injects styles or
// inline scripts (the site's CSP forbids both); the page's own HTML holds every message, translated.

const PAGE_SIZE = 10;
const WINDOW = 12; // results loaded at most to order one window of days; a busier window is halved
const DAY = "dag"; // the filter of the days a page's event takes place (outputs/search_times.py)
const TIMES = "tider"; // its times: "start/end" pairs, Oslo local time with offset, or all-day "first/last"
const ZONE = "Europe/Oslo";

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
  let days;
  try {
    pagefind = await import(root.dataset.pagefind);
    await pagefind.options({ baseUrl: root.dataset.baseUrl });
    await pagefind.init();
    await mergeBundles(pagefind, new URL(".", new URL(root.dataset.pagefind, location.href)), root.dataset.baseUrl);
    const available = await pagefind.filters();
    days = Object.keys(available[DAY] || {}).sort();
    showFilters(panel, available);
  } catch (error) {
    status.textContent = msg.msgFailed;
    console.warn("Search is not available:", error);
    return;
  }

  let found = null;
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
    const now = new Date();
    const results = await timeOrdered(pagefind, widened(query), filters, days, now);
    const first = await results.take(PAGE_SIZE);
    if (ticket !== latest) return; // a newer search has started
    found = results;
    list.replaceChildren(...first.map((item) => resultItem(item, msg, now)));
    more.hidden = results.done();
    status.textContent = summary(query);
  }

  async function showMore() {
    const now = new Date();
    const items = (await found.take(PAGE_SIZE)).map((item) => resultItem(item, msg, now));
    list.append(...items);
    more.hidden = found.done();
    return items;
  }

  function summary(query) {
    const { total, shown } = found;
    if (!total) return query ? fill(msg.msgNone, { query }) : msg.msgNoneFiltered;
    const count = String(total);
    const text = query ? fill(msg.msgHits, { count, query }) : fill(msg.msgHitsFiltered, { count });
    return shown < total ? `${text}. ${fill(msg.msgShown, { shown: String(shown), count })}` : text;
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

// Snowball's Norwegian stemmer keeps «-ing» («strikking» stays, «strikker» and «strikke» become «strikk»), and
// Pagefind matches the start of indexed words: searching «strikk» for «strikking» finds all of them.
function widened(query) {
  if (!query || /^\s*".*"\s*$/.test(query)) return query || null; // "exact phrase" searches stay as typed
  return query
    .split(/\s+/)
    .map((word) => /^(\p{L}{4,}?)ing(?:a|en|ene|er|ar)?$/iu.exec(word)?.[1] ?? word)
    .join(" ");
}

// The results in the order a resident expects, judged against this browser's clock, not the build's day:
// upcoming events and series first, nearest first (a series at its next date); then pages without a date,
// by relevance; then past events, the latest first, marked. Pagefind gives each page's days as a filter:
// the days from today on are walked in windows, nearest first, and only the results shown are loaded.
async function timeOrdered(pagefind, term, filters, days, now) {
  const today = osloDay(now);
  const ahead = days.filter((day) => day >= today);
  const behind = days.filter((day) => day < today).reverse();
  const find = async (dayFilter) => {
    const narrowed = dayFilter ? { ...filters, [DAY]: { any: dayFilter } } : filters;
    return (await pagefind.search(term, { filters: narrowed })).results;
  };
  const [all, upcoming, dated] = await Promise.all([
    find(null),
    ahead.length ? find(ahead) : [],
    days.length ? find(days) : [],
  ]);
  const upcomingIds = new Set(upcoming.map((result) => result.id));
  const datedIds = new Set(dated.map((result) => result.id));
  const seen = new Set();
  const endedToday = []; // found on today's date, but over by now

  async function* walk(window, wanted, order) {
    if (!window.length) return;
    const matches = window === ahead ? upcoming : await find(window); // the first window is the search above
    const fresh = matches.filter((result) => !seen.has(result.id) && wanted(result));
    if (!fresh.length) return;
    if (window.length > 1 && fresh.length > WINDOW) {
      const half = Math.ceil(window.length / 2);
      yield* walk(window.slice(0, half), wanted, order);
      yield* walk(window.slice(half), wanted, order);
      return;
    }
    for (const result of fresh) seen.add(result.id);
    const loaded = await Promise.all(fresh.map((result) => load(result, now, today)));
    yield { items: loaded.sort(order), until: window[window.length - 1] };
  }

  async function* soon() {
    const waiting = []; // a series whose date today is over waits for its next date
    for await (const { items, until } of walk(ahead, () => true, byNext)) {
      for (const item of items) (item.when.next ? waiting : endedToday).push(item);
      waiting.sort(byNext);
      while (waiting.length && waiting[0].when.next.day <= until) yield waiting.shift();
    }
    yield* waiting;
  }

  async function* undated() {
    for (const result of all) if (!datedIds.has(result.id)) yield await load(result, now, today);
  }

  async function* earlier() {
    yield* endedToday.sort(byLatest);
    for await (const { items } of walk(behind, (result) => !upcomingIds.has(result.id), byLatest)) yield* items;
  }

  const stream = (async function* () {
    yield* soon();
    yield* undated();
    yield* earlier();
  })();
  let finished = false;
  let buffered = null; // one result read ahead, so that "more" is known
  const found = {
    total: all.length,
    shown: 0,
    done: () => finished && !buffered,
    async take(count) {
      const items = [];
      while (items.length < count) {
        const next = buffered ?? (await stream.next());
        buffered = null;
        if (next.done) break;
        items.push(next.value);
      }
      if (!finished) {
        buffered = await stream.next();
        if (buffered.done) {
          finished = true;
          buffered = null;
        }
      }
      found.shown += items.length;
      return items;
    },
  };
  return found;
}

async function load(result, now, today) {
  const data = await result.data();
  return { data, when: judge(data.meta[TIMES], now, today) };
}

// A page's times read against now: the next (or current) one, or none when all are over; its last one.
function judge(text, now, today) {
  const spans = (text || "").split(" ").filter(Boolean).map(span);
  if (!spans.length) return { next: null, last: null, count: 0, dated: false };
  const next = spans.find((s) => (s.allDay ? s.lastDay >= today : s.end > now)) || null;
  const key = next && (next.allDay ? next.day : next.start > now ? next.key : `${today}T`); // running now: today
  return { next: next && { ...next, key }, last: spans[spans.length - 1], count: spans.length, dated: true };
}

// "2027-01-14T11:00+01:00/2027-01-14T12:00+01:00" or all-day "2027-01-14/2027-01-16".
function span(text) {
  const [first, last] = text.split("/");
  if (first.length === 10) return { allDay: true, day: first, lastDay: last, key: `${first}T`, text: first };
  return { allDay: false, day: first.slice(0, 10), key: first.slice(0, 16), text: first, start: new Date(first), end: new Date(last) };
}

function byNext(a, b) {
  return compare(a.when.next?.key, b.when.next?.key);
}

function byLatest(a, b) {
  return compare(b.when.last?.key, a.when.last?.key);
}

function compare(x = "", y = "") {
  return x < y ? -1 : x > y ? 1 : 0;
}

function osloDay(now) {
  // en-CA writes dates as ISO does: 2026-11-23.
  return new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

// «tirsdag 14. januar kl. 11.00» with the site's own words (the page carries them), the year when not this one.
function nextDate(when, msg, now) {
  const [year, month, day] = when.text.slice(0, 10).split("-").map(Number);
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7; // Monday first
  let text = `${msg.weekdays.split(" ")[weekday]} ${day}. ${msg.months.split(" ")[month - 1]}`;
  if (String(year) !== osloDay(now).slice(0, 4)) text += ` ${year}`;
  if (when.allDay) return text;
  const time = fill(msg.clock, { hh: when.text.slice(11, 13), mm: when.text.slice(14, 16) });
  return `${text} ${fill(msg.msgAt, { time })}`;
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

// The page lists every branch, category and audience; offer only those the index has pages for. Languages and
// accessibility are offered as the index has them (their fieldsets come empty), in alphabetical order.
function showFilters(panel, available) {
  for (const fieldset of panel.querySelectorAll("fieldset[data-filter]")) {
    const name = fieldset.dataset.filter;
    const values = available[name] || {};
    const choices = fieldset.querySelector("div");
    if (!choices.querySelector("input")) {
      const sorted = Object.keys(values).sort((a, b) => a.localeCompare(b, document.documentElement.lang));
      choices.append(...sorted.map((value) => choice(name, value)));
    }
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

function choice(name, value) {
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.name = name;
  box.value = value;
  label.append(box, ` ${value}`);
  return label;
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

// One result, laid out like the programme's event cards; a series names its next date, a past event says so.
function resultItem({ data, when }, msg, now) {
  const meta = data.meta;
  const item = document.createElement("li");
  const card = document.createElement("div");
  card.className = "event-card search-result";
  const heading = document.createElement("h2");
  heading.className = "event-card__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = meta.title || data.url;
  heading.append(link);
  if (meta.status) {
    heading.append(" ", badge(`badge--status badge--${meta.status_id}`, meta.status));
    heading.lastChild.dataset.status = meta.status_id;
    if (meta.status_id === "cancelled") card.classList.add("event-card--cancelled");
  }
  if (when.dated && !when.next) {
    heading.append(" ", badge("badge--been", msg.msgPast));
    card.classList.add("search-result--past");
    item.dataset.past = "";
  }
  const facts = document.createElement("p");
  facts.className = "search-result__meta";
  facts.textContent = [meta.type, meta.dato, meta.sted].filter(Boolean).join(" · ");
  card.append(heading, facts);
  if (when.next && (when.count > 1 || !meta.dato)) {
    const next = document.createElement("p");
    next.className = "search-result__next";
    next.textContent = fill(msg.msgNext, { date: nextDate(when.next, msg, now) });
    card.append(next);
  }
  if (when.next) item.dataset.next = when.next.key; // the order the results are in, for the tests
  const excerpt = document.createElement("p");
  excerpt.className = "event-card__summary";
  excerpt.append(...excerptNodes(data.excerpt));
  card.append(excerpt);
  item.append(card);
  return item;
}

function badge(style, text) {
  const element = document.createElement("span");
  element.className = `badge ${style}`;
  element.textContent = text;
  return element;
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
