// Combined filters on /program/ (docs/filters.md): branch, audience, category, when, language, access and
// «Vis også tidligere», in any combination. The choice lives in the address (history.replaceState), so it can be
// shared, bookmarked and restored on reload; values the form does not offer are ignored. The data file
// (/program/arrangementer.json, outputs/programme_data.py) is fetched only when the form is first used or the
// address asks for a filter. Days are Europe/Oslo days (Intl), and "past" is judged against this browser's clock.
// Every text is set with textContent: nothing from the data is ever parsed as HTML.
(() => {
  "use strict";
  const form = document.getElementById("programme-filters");
  const list = document.getElementById("programme-list");
  const textBlock = document.getElementById("filters-text");
  if (!form || !list || !textBlock || !window.fetch || !window.Intl || !window.URLSearchParams) return;

  const ZONE = "Europe/Oslo";
  const KEYS = ["bibliotek", "for", "kategori", "nar", "sprak", "tilgang"];
  const STEP = 100; // cards drawn at a time; «Vis flere» draws the next ones
  const words = JSON.parse(textBlock.textContent);
  const count = document.getElementById("filters-count");
  const clearButton = form.querySelector("[data-filters-clear]");
  const siteLang = document.documentElement.lang;
  const siteroot = form.dataset.siteroot || "";
  const staticList = Array.from(list.childNodes);
  let data = null;
  let loading = null;
  let shown = STEP;

  // -- days in Europe/Oslo, as "YYYY-MM-DD" strings (they sort as they follow each other) --

  const osloDate = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
  const osloDay = (ms) => {
    const p = {};
    for (const part of osloDate.formatToParts(new Date(ms))) p[part.type] = part.value;
    return `${p.year}-${p.month}-${p.day}`;
  };
  const utc = (day) => new Date(`${day}T00:00:00Z`);
  const addDays = (day, n) => {
    const d = utc(day);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };
  const mondayIndex = (day) => (utc(day).getUTCDay() + 6) % 7; // 0 = Monday … 6 = Sunday
  const lastOfMonth = (month) => {
    const [y, m] = month.split("-").map(Number);
    return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  };

  // The days a «Når» choice covers, from today (Oslo) on.
  function range(when, today) {
    const m = mondayIndex(today);
    switch (when) {
      case "i-dag": return { from: today, to: today };
      case "i-morgen": return { from: addDays(today, 1), to: addDays(today, 1) };
      case "i-helgen": { // Saturday and Sunday of this week; on Sunday, today only
        const saturday = addDays(today, 5 - m);
        return { from: saturday > today ? saturday : today, to: addDays(today, 6 - m) };
      }
      case "denne-uka": return { from: today, to: addDays(today, 6 - m) };
      case "neste-uke": return { from: addDays(today, 7 - m), to: addDays(today, 13 - m) };
      default:
        return /^\d{4}-\d{2}$/.test(when) ? { from: `${when}-01`, to: lastOfMonth(when) } : null;
    }
  }

  // -- the state: the form <-> the address --

  const offered = (name, value) => {
    const control = form.elements[name];
    if (!control) return false;
    if (control.options) return Array.from(control.options).some((o) => o.value === value);
    return Array.from(control).some((radio) => radio.value === value);
  };

  function readAddress() {
    const params = new URLSearchParams(window.location.search);
    for (const key of KEYS) {
      const value = params.get(key) || "";
      form.elements[key].value = value && offered(key, value) ? value : "";
    }
    form.elements.tidligere.checked = params.get("tidligere") === "1";
  }

  function state() {
    const chosen = {};
    for (const key of KEYS) chosen[key] = form.elements[key].value;
    chosen.tidligere = form.elements.tidligere.checked;
    return chosen;
  }

  const active = (chosen) => KEYS.some((key) => chosen[key]) || chosen.tidligere;

  function writeAddress(chosen) {
    const params = new URLSearchParams();
    for (const key of KEYS) if (chosen[key]) params.set(key, chosen[key]);
    if (chosen.tidligere) params.set("tidligere", "1");
    const query = params.toString();
    const address = window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", address);
    }
  }

  // -- the data --

  function load() {
    if (!loading) {
      loading = fetch(form.dataset.source, { credentials: "same-origin" })
        .then((response) => {
          if (!response.ok) throw new Error(`${response.status}`);
          return response.json();
        })
        .then((json) => {
          for (const ev of json.events) {
            ev.first = ev.s.slice(0, 10);
            // Timed ends are exclusive: an event ending at midnight does not occupy the next day.
            ev.last = ev.a ? ev.e.slice(0, 10) : (ev.e.slice(11, 16) === "00:00" ? addDays(ev.e.slice(0, 10), -1) : ev.e.slice(0, 10));
            ev.endMs = ev.a ? null : Date.parse(ev.e);
          }
          data = json;
          return json;
        })
        .catch((error) => {
          loading = null;
          throw error;
        });
    }
    return loading;
  }

  // The matching events, each with the day it is listed under, in the list's order.
  function matches(chosen, now) {
    const today = osloDay(now);
    const days = range(chosen.nar, today);
    const found = [];
    for (const ev of data.events) {
      const past = ev.a ? ev.last < today : ev.endMs <= now;
      if (past && !chosen.tidligere) continue;
      if (chosen.bibliotek && ev.b !== chosen.bibliotek) continue;
      if (chosen.for && !(ev.f || []).includes(chosen.for)) continue;
      if (chosen.kategori && ev.c !== chosen.kategori) continue;
      if (chosen.sprak && ev.l !== chosen.sprak) continue;
      if (chosen.tilgang && !(ev.x || []).includes(chosen.tilgang)) continue;
      if (days && (ev.first > days.to || ev.last < days.from)) continue;
      let day = ev.first;
      if (days && days.from > day) day = days.from;
      if (!past && today > day) day = today; // running events are listed under today, as on the server
      found.push({ ev, day, past });
    }
    // A stable sort: the file is in start order already, so each day keeps it.
    found.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    return { found, today };
  }

  // -- drawing, with the classes of macros/events.html --

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const otherLanguage = (code) => code && code !== siteLang;
  const siteLangAttr = (ev) => (otherLanguage(ev.l) ? { lang: siteLang } : {});

  function card(item) {
    const ev = item.ev;
    const status = ev.st || "scheduled";
    const article = element("article", {
      class: `event-card event-card--${status}${item.past ? " event-card--past" : ""}`,
      "data-event-id": ev.i,
      ...(otherLanguage(ev.l) ? { lang: ev.l } : {}),
    });
    const heading = element("h3", { class: "event-card__title" });
    const link = element("a", { href: `${siteroot}/${ev.u}` });
    if (status === "cancelled") link.append(element("span", { class: "visually-hidden", ...siteLangAttr(ev) }, `${words.cancelled} `));
    link.append(element("span", { "data-content": "" }, ev.n));
    heading.append(link);
    const when = element("p", { class: "event-card__when", ...siteLangAttr(ev) });
    when.append(element("time", { datetime: ev.s }, ev.t), " ");
    when.append(element("span", { class: "event-card__place" }, data.branches[ev.b] || ev.b));
    article.append(heading, when);
    if (ev.st) {
      article.append(element("span", { class: `badge badge--status badge--${ev.st}`, "data-status": ev.st, ...siteLangAttr(ev) }, data.status[ev.st] || ev.st));
    }
    if (item.past) article.append(element("span", { class: "badge badge--status badge--past", ...siteLangAttr(ev) }, words.past));
    const badges = element("ul", { class: "badges", "aria-label": words.about });
    for (const slug of ev.x || []) badges.append(element("li", { class: "badge badge--access", "data-access": slug }, data.access[slug] || slug));
    if (otherLanguage(ev.l)) {
      badges.append(element("li", { class: "badge badge--language" }, words.in_language.replace("{language}", data.languages[ev.l] || ev.l)));
    }
    for (const slug of ev.f || []) badges.append(element("li", { class: "badge badge--audience" }, data.audiences[slug] || slug));
    if (badges.childElementCount) {
      const box = element("div", siteLangAttr(ev));
      box.append(badges);
      article.append(box);
    }
    const item_ = element("li");
    item_.append(article);
    return item_;
  }

  const labelFormat = new Intl.DateTimeFormat(siteLang, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });

  function dayHeading(day, today, labels) {
    const label = labels.get(day) || labelFormat.format(utc(day));
    if (day === today) return `${words.today} – ${label}`;
    if (day === addDays(today, 1)) return `${words.tomorrow} – ${label}`;
    return label.charAt(0).toUpperCase() + label.slice(1);
  }

  function draw(chosen, focusFrom) {
    const { found, today } = matches(chosen, Date.now());
    const labels = new Map();
    for (const ev of data.events) if (!labels.has(ev.first)) labels.set(ev.first, ev.d);
    const said = (found.length === 1 ? words.one : words.many).replace("{count}", String(found.length));
    const drawn = [];
    let section = null;
    let ul = null;
    let firstNew = null;
    found.slice(0, shown).forEach((item, index) => {
      if (!section || section.dataset.day !== item.day) {
        section = element("section", { class: "day", "aria-labelledby": `filtered-day-${item.day}`, "data-day": item.day });
        const h2 = element("h2", { class: "day__heading", id: `filtered-day-${item.day}` });
        h2.append(element("time", { datetime: item.day }, dayHeading(item.day, today, labels)));
        ul = element("ul", { class: "event-list" });
        section.append(h2, ul);
        drawn.push(section);
      }
      const li = card(item);
      if (index === focusFrom) firstNew = li.querySelector("a");
      ul.append(li);
    });
    if (!found.length) {
      const empty = element("p", { class: "empty" }, `${words.none} `);
      const clear = element("button", { type: "button", class: "button button--quiet", "data-filters-clear": "" }, words.clear);
      empty.append(clear);
      drawn.push(empty);
    }
    if (found.length > shown) {
      const more = element("button", { type: "button", class: "button filters__more" }, words.more);
      more.addEventListener("click", () => {
        const from = shown;
        shown += STEP;
        draw(state(), from);
      });
      drawn.push(more);
    }
    list.replaceChildren(...drawn);
    list.dataset.state = "filtered";
    count.textContent = said;
    if (firstNew) firstNew.focus();
    if (window.performance && performance.mark) performance.mark("filters-drawn");
  }

  function showStatic() {
    list.replaceChildren(...staticList);
    list.dataset.state = "static";
    count.textContent = "";
  }

  function update() {
    const chosen = state();
    writeAddress(chosen);
    shown = STEP;
    clearButton.hidden = !active(chosen);
    if (!active(chosen)) {
      showStatic();
      return;
    }
    if (data) {
      draw(chosen);
      return;
    }
    count.textContent = words.loading;
    load().then(
      () => {
        if (JSON.stringify(state()) === JSON.stringify(chosen)) draw(chosen);
      },
      () => {
        count.textContent = words.failed;
      },
    );
  }

  function clearAll(event) {
    event.preventDefault();
    form.reset();
    update();
    form.elements.bibliotek.focus();
  }

  form.hidden = false;
  for (const panel of document.querySelectorAll(".filter-panel")) panel.hidden = true;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update();
  });
  form.addEventListener("change", update);
  form.addEventListener("focusin", () => load().catch(() => {}), { once: true });
  form.addEventListener("click", (event) => {
    if (event.target.closest("[data-filters-clear]")) clearAll(event);
  });
  list.addEventListener("click", (event) => {
    if (event.target.closest("[data-filters-clear]")) clearAll(event);
  });
  readAddress();
  clearButton.hidden = !active(state());
  if (window.location.search) {
    writeAddress(state()); // what was not offered leaves the address
    update();
  }
})();
