// Lobby info screen (/skjerm/<branch>/): keeps itself current for days without a reload.
//
// The build renders the build day. This script fetches the branch's 7-day JSON
// (data/v1/bibliotek/<branch>-7-dager.json) every few minutes, decides "today"
// by the screen's own clock in Europe/Oslo, drops events that have ended and
// shows as many as fit, with "+ 3 til i dag" for the rest. Each part is built
// off-screen and swapped in at once, and only when what it shows has changed,
// so nothing flickers. A failed fetch keeps the last good data. It must render
// the same markup as theme/templates/screen.html (the browser tests compare).
(() => {
  "use strict";

  const body = document.body;
  const text = JSON.parse(document.getElementById("screen-text").textContent);
  const names = text.names;
  const dataUrl = body.dataset.screenData;
  const refreshMinutes = Number(body.dataset.screenRefresh) || 5;
  const separator = body.dataset.screenSeparator || ".";
  const pageLanguage = document.documentElement.lang;
  // Only the numbers are read from Intl (browsers have no nynorsk names); the names come from the page.
  const osloParts = new Intl.DateTimeFormat("nb-NO", {
    timeZone: "Europe/Oslo",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const started = Date.now();

  let events = null; // the last good data
  const shown = {}; // what each section shows now, so an unchanged section is left alone

  function oslo(moment) {
    const p = {};
    for (const part of osloParts.formatToParts(moment)) p[part.type] = part.value;
    return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), clock: `${p.hour}${separator}${p.minute}` };
  }

  function addDays(day, count) {
    const [y, m, d] = day.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d + count)).toISOString().slice(0, 10);
  }

  function weekdayOf(day) {
    const [y, m, d] = day.split("-").map(Number);
    return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday first, as the names are
  }

  // «tirsdag 14. januar»: the pattern is the same in bokmål and nynorsk.
  function dayName(day) {
    const [, m, d] = day.split("-").map(Number);
    return `${names.weekdays[weekdayOf(day)]} ${d}. ${names.months[m - 1]}`;
  }

  // Times in the data are Oslo wall-clock times with their offset, so the clock is in the string.
  const clockOf = (moment) => moment.slice(11, 16).replace(":", separator);

  function timeText(event, day) {
    const own = event.programmet;
    if (own.all_day) return text.all_day;
    if (own.first_day === own.last_day) return `${clockOf(event.startDate)}–${clockOf(event.endDate)}`;
    if (day === own.first_day) return text.from.replace("{time}", clockOf(event.startDate));
    if (day === own.last_day) return text.until.replace("{time}", clockOf(event.endDate));
    return text.all_day;
  }

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function item(event, day, now) {
    const own = event.programmet;
    const row = element("li", `screen__event screen__event--${own.status}`);
    row.dataset.eventId = own.id;
    row.dataset.status = own.status;
    row.append(element("p", "screen__time", timeText(event, day)));
    const what = element("div", "screen__what");
    const title = element("p", "screen__title");
    const label = names.statuses[own.status];
    const running = !own.all_day && Date.parse(event.startDate) <= now && now < Date.parse(event.endDate);
    if (label) {
      title.append(element("span", `screen__badge screen__badge--${own.status}`, label), " ");
    } else if (running) {
      title.append(element("span", "screen__badge screen__badge--now", text.now), " ");
    }
    const name = element(own.cancelled ? "s" : "span", null, event.name);
    name.dataset.content = ""; // written by staff, as on every page
    if (event.inLanguage !== pageLanguage) name.lang = event.inLanguage;
    title.append(name);
    what.append(title);
    if (own.room) {
      const room = element("p", "screen__room", own.room);
      room.dataset.content = "";
      what.append(room);
    }
    row.append(what);
    return row;
  }

  // Remove rows from the end until the section fits, and say how many more there are.
  function fit(box, list, more, template) {
    let hidden = 0;
    const update = () => {
      more.hidden = hidden === 0;
      more.textContent = template.replace("{count}", String(hidden));
    };
    update();
    while (list && list.children.length > 1 && box.scrollHeight > box.clientHeight + 1) {
      list.lastElementChild.remove();
      hidden += 1;
      update();
    }
  }

  function section(which, list, day, emptyText, moreText, now) {
    const part = document.querySelector(`[data-screen-section="${which}"]`);
    const fresh = element("div", "screen__body");
    fresh.dataset.screenBody = "";
    let ol = null;
    if (list.length) {
      ol = element("ol", "screen__list");
      for (const event of list) ol.append(item(event, day, now));
      fresh.append(ol);
    } else {
      fresh.append(element("p", "screen__empty", emptyText));
    }
    const more = element("p", "screen__more");
    fresh.append(more);
    const key = fresh.innerHTML;
    if (shown[which] === key) return;
    // One synchronous task: swap, measure and trim happen before the browser paints again.
    part.querySelector("[data-screen-body]").replaceWith(fresh);
    const heading = part.querySelector("[data-screen-heading-day]");
    if (heading) heading.textContent = names.weekdays[weekdayOf(day)];
    fit(fresh, ol, more, moreText);
    shown[which] = key;
  }

  function setText(selector, value) {
    const node = document.querySelector(selector);
    if (node && node.textContent !== value) node.textContent = value;
  }

  function render() {
    const now = Date.now();
    const here = oslo(new Date(now));
    setText("[data-screen-clock]", here.clock);
    setText("[data-screen-date]", dayName(here.day));
    if (events === null) return;
    const tomorrow = addDays(here.day, 1);
    const onDay = (day) => events.filter((e) => e.programmet.first_day <= day && day <= e.programmet.last_day);
    const today = onDay(here.day);
    const left = today.filter((e) => e.programmet.all_day || Date.parse(e.endDate) > now);
    const none = today.length ? text.no_more_today : text.none_today;
    section("today", left, here.day, none, text.more_today, now);
    section("tomorrow", onDay(tomorrow), tomorrow, text.none_tomorrow, text.more_tomorrow, now);
    body.dataset.screenRendered = here.day;
  }

  async function load() {
    try {
      const response = await fetch(dataUrl, { cache: "no-cache" });
      if (!response.ok) return;
      const data = await response.json();
      if (data.version !== 1 || !Array.isArray(data.events)) return;
      events = data.events;
    } catch {
      return; // offline or a half-written file: keep showing the last good data
    }
    render();
  }

  // Once it has run for most of a day, reload at night to pick up a new design, but only when
  // the page answers: a screen must never be left on a browser error page.
  async function reloadAtNight() {
    const hour = oslo(new Date()).hour;
    if (Date.now() - started < 20 * 3600 * 1000 || hour < 3 || hour >= 5) return;
    try {
      const response = await fetch(window.location.href, { method: "HEAD", cache: "no-store" });
      if (response.ok) window.location.reload();
    } catch {
      // try again on the next round
    }
  }

  window.addEventListener("resize", () => {
    for (const key of Object.keys(shown)) delete shown[key];
    render();
  });
  setInterval(render, 15 * 1000);
  setInterval(() => load().then(reloadAtNight), refreshMinutes * 60 * 1000);
  render();
  load();
})();
