// The ask page: the answer as one section per actor (its derived stance and the
// statements it rests on on top, a timeline, speaker cards, then every line with its
// outlet, date and link), filtered in the page by actor, speaker, outlet and date.
// Every string from the server is put in the DOM with textContent: article text is
// never parsed as HTML.  No inline script or style: works under a strict CSP.
"use strict";

// el, svgEl, safeUrl and words (the words as said, quotation marks once) come from dom.js.

const FILTERS = ["actor", "speaker", "outlet", "from", "to"];

let current = null;  // {question, all, data}

function day(date) { return date ? String(date).slice(0, 10) : ""; }

function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }

function speakerName(st) { return st.speaker || st.speaker_mention || "unknown source"; }

// A statement can be in two actors' sections (a joint statement): its line's id is
// the section's number and the statement's id.
function lineId(key, id) { return "st-" + key + "-" + id; }

function link(text, href, cls) {
  const a = el("a", cls, text);
  a.href = href;
  return a;
}

// A link to the outlet's own page, after a space, when the data gives an http(s) URL.
function appendSource(parent, url, text) {
  const safe = safeUrl(url);
  if (!safe) return;
  parent.appendChild(document.createTextNode(" "));
  const a = link(text, safe, "source");
  a.rel = "noopener noreferrer";
  parent.appendChild(a);
}

function articleHref(st) {
  return "/articles/" + encodeURIComponent(st.article_id) + "#s" + encodeURIComponent(String(st.id));
}

function carriers(st) {
  const also = Array.isArray(st.also_in) ? st.also_in : [];
  if (!also.length) return null;
  const p = el("div", "also", "also carried by: ");
  also.forEach((c, i) => {
    if (i) p.appendChild(document.createTextNode("; "));
    const item = el("span", "carrier");
    item.dataset.outlet = c.outlet || "";
    item.appendChild(el("span", "outlet", c.outlet || "unknown outlet"));
    item.appendChild(document.createTextNode(", " + (day(c.date) || "date unknown")));
    appendSource(item, c.url, "link");
    p.appendChild(item);
  });
  return p;
}

// One answer line: date (set by relabelDates), outlet, cue, the words, the article
// (with the offsets of the words) and its link, and every other outlet that carried it.
function statementItem(st, actor, speaker, key) {
  const li = el("li", "statement");
  li.id = lineId(key, st.id);
  li.dataset.id = String(st.id);
  li.dataset.actor = actor;
  li.dataset.speaker = speaker;
  li.dataset.date = day(st.date);
  li.dataset.article = st.article_id;
  li.dataset.outlets = JSON.stringify([st.outlet || ""].concat((st.also_in || []).map((c) => c.outlet || "")));
  if (st.rendered) li.title = st.rendered;
  li.appendChild(el("span", "date"));
  if (st.outlet) li.appendChild(el("span", "outlet", st.outlet));
  if (st.cue) li.appendChild(el("span", "cue", st.cue));
  li.appendChild(document.createTextNode(": "));
  li.appendChild(words(st));
  li.appendChild(document.createTextNode(" "));
  const span = Array.isArray(st.content_span) ? " @" + st.content_span[0] + "\u2013" + st.content_span[1] : "";
  li.appendChild(link((st.title || st.article_id) + span, articleHref(st), "cite"));
  appendSource(li, st.url, "source");
  const also = carriers(st);
  if (also) li.appendChild(also);
  return li;
}

// The stance on top of an actor's section: its label, how many statements carry it,
// and the two or three statements it rests on (stance.evidence).
function stanceBlock(group, byId, key) {
  const s = group.stance || { label: "neutral", summary: "", evidence: [] };
  const box = el("div", "stance");
  box.dataset.label = s.label;
  const head = el("p", "stance-head", "Stance: ");
  head.appendChild(el("strong", "stance-label stance-" + s.label, s.label));
  const evidence = Array.isArray(s.evidence) ? s.evidence : [];
  if (s.total) head.appendChild(document.createTextNode(" \u2014 " + s.count + " of " + plural(s.total, "statement") + " carry it"));
  else if (s.summary) head.appendChild(document.createTextNode(" \u2014 " + s.summary.replace(group.actor + ": ", "")));
  head.appendChild(document.createTextNode(" "));
  head.appendChild(el("span", "derived", "(derived from the words of the statements)"));
  box.appendChild(head);
  if (evidence.length) {
    box.appendChild(el("p", "evidence-intro", "It rests on:"));
    const ol = el("ol", "evidence");
    for (const id of evidence) {
      const st = byId.get(id);
      const li = el("li", "evidence-item");
      li.dataset.id = String(id);
      if (!st) { li.textContent = "statement " + id + " (not among the lines shown)"; ol.appendChild(li); continue; }
      li.appendChild(el("span", "speaker-name", speakerName(st)));
      li.appendChild(document.createTextNode(": "));
      li.appendChild(words(st));
      li.appendChild(document.createTextNode(" ("));
      li.appendChild(link([st.outlet, day(st.date) || "date unknown"].filter(Boolean).join(", "), "#" + lineId(key, st.id), "to-line"));
      li.appendChild(document.createTextNode(")"));
      ol.appendChild(li);
    }
    box.appendChild(ol);
  }
  return box;
}

// A card per speaker: name, role, actor(s) and how many of the lines here are theirs.
function speakerCard(sp) {
  const card = el("div", "card");
  card.dataset.speaker = sp.speaker;
  card.appendChild(el("h4", "card-name", sp.speaker));
  if (sp.role) card.appendChild(el("p", "card-role", sp.role));
  const actors = [...new Set(sp.statements.map((st) => st.actor).filter(Boolean))];
  card.appendChild(el("p", "card-actor", actors.length ? actors.join(", ") : "actor unknown"));
  const count = el("p", "card-count", plural(sp.statements.length, "statement"));
  count.dataset.count = String(sp.statements.length);
  card.appendChild(count);
  const b = el("button", "card-filter", "Only " + sp.speaker);
  b.type = "button";
  b.addEventListener("click", () => {
    const sel = document.getElementById("f-speaker");
    sel.value = sel.value === sp.speaker ? "" : sp.speaker;
    applyFilters();
  });
  card.appendChild(b);
  const ids = new Set(sp.statements.map((st) => st.speaker_id).filter((x) => x !== null && x !== undefined));
  if (ids.size) storeCount(card, sp.speaker, ids);
  return card;
}

// The person's count in the whole store (/speakers), under the count in this answer.
async function storeCount(card, name, ids) {
  try {
    const resp = await fetch("/speakers?limit=20&name=" + encodeURIComponent(name), { headers: { Accept: "application/json" } });
    if (!resp.ok) return;
    const people = ((await resp.json()).speakers || []).filter((p) => ids.has(p.id));
    if (!people.length) return;
    const n = people.reduce((k, p) => k + (p.statements || 0), 0);
    const arts = people.reduce((k, p) => k + (p.articles || 0), 0);
    const p = el("p", "card-store", "in the store: " + plural(n, "statement") + " in " + plural(arts, "article"));
    card.insertBefore(p, card.querySelector(".card-filter"));
  } catch (err) {
    // the count in the store is extra: the card stands without it
  }
}

function time(date) {
  const t = Date.parse(day(date));
  return Number.isNaN(t) ? null : t;
}

// The actor's statements on a strip of dates, one mark per dated statement (same day:
// stacked), the strip's ends shared by every actor so that the strips line up.
function timeline(group, domain, key) {
  const fig = el("figure", "timeline");
  const dated = [], undated = [];
  for (const sp of group.speakers) {
    for (const st of sp.statements) (time(st.date) === null ? undated : dated).push(st);
  }
  const cap = el("figcaption", null, "Timeline: " + plural(dated.length, "dated statement"));
  if (undated.length) cap.appendChild(document.createTextNode(", " + undated.length + " without a date (not shown)"));
  fig.appendChild(cap);
  if (!dated.length || !domain) return fig;
  const W = 600, pad = 30, step = 9, most = 5;  // at most `most` marks stacked a day
  const stack = new Map();
  const points = dated.map((st) => {
    const k = day(st.date);
    const n = stack.get(k) || 0;
    stack.set(k, n + 1);
    const level = Math.min(n, most - 1);
    const span = domain[1] - domain[0];
    const x = span ? pad + ((time(st.date) - domain[0]) / span) * (W - 2 * pad) : W / 2;
    return { st, x, level };
  });
  const levels = Math.max(...points.map((p) => p.level)) + 1;
  const base = 16 + levels * step;
  const H = base + 22;
  const svg = svgEl("svg", {
    viewBox: "0 0 " + W + " " + H, width: "100%", role: "group", class: "timeline-svg",
    "aria-label": group.actor + ": " + plural(dated.length, "statement") + " from " +
      new Date(domain[0]).toISOString().slice(0, 10) + " to " + new Date(domain[1]).toISOString().slice(0, 10),
  });
  svg.appendChild(svgEl("line", { x1: pad, x2: W - pad, y1: base, y2: base, class: "axis" }));
  const ends = domain[0] === domain[1] ? [[W / 2, domain[0], "middle"]] : [[pad, domain[0], "start"], [W - pad, domain[1], "end"]];
  for (const [x, t, anchor] of ends) {
    svg.appendChild(svgEl("line", { x1: x, x2: x, y1: base - 4, y2: base + 4, class: "tick" }));
    svg.appendChild(svgEl("text", { x, y: base + 17, "text-anchor": anchor, class: "tick-label" }, new Date(t).toISOString().slice(0, 10)));
  }
  const labelled = new Set();
  for (const p of points) {
    const k = day(p.st.date);
    if (stack.get(k) > most && !labelled.has(k)) {  // a full column says how many
      labelled.add(k);
      svg.appendChild(svgEl("text", { x: p.x.toFixed(1), y: base - 6 - most * step - 2, "text-anchor": "middle", class: "tl-count", "data-day": k, "data-most": most }, String(stack.get(k))));
    }
    const a = svgEl("a", { href: "#" + lineId(key, p.st.id), class: "tl-link" });
    const what = day(p.st.date) + " \u00b7 " + speakerName(p.st) + (p.st.outlet ? " \u00b7 " + p.st.outlet : "") + ": " + (p.st.said || p.st.content || "").slice(0, 120);
    a.setAttribute("aria-label", what);
    const c = svgEl("circle", { cx: p.x.toFixed(1), cy: base - 6 - p.level * step, r: 4, class: "tl-mark", "data-id": p.st.id, "data-day": k });
    c.appendChild(svgEl("title", {}, what));
    a.appendChild(c);
    svg.appendChild(a);
  }
  fig.appendChild(svg);
  return fig;
}

// How the question was read (parsed): who, topic, time, kind, and its notes.
function parsedLine(p) {
  if (!p) return null;
  const box = el("div", "parsed");
  box.appendChild(el("p", "parsed-summary", p.summary || ""));
  const notes = Array.isArray(p.notes) ? p.notes : [];
  if (notes.length) {
    const ul = el("ul", "parsed-notes");
    for (const n of notes) ul.appendChild(el("li", null, n));
    box.appendChild(ul);
  }
  return box;
}

function fillSelect(id, values, label) {
  const sel = document.getElementById(id);
  const keep = sel.value;
  sel.replaceChildren(el("option", null, label));
  sel.firstChild.value = "";
  for (const v of values) {
    const o = el("option", null, v);
    o.value = v;
    sel.appendChild(o);
  }
  if (values.includes(keep)) sel.value = keep;
}

function renderAnswer(data, all) {
  const head = document.getElementById("question-head");
  const main = document.getElementById("answer");
  const form = document.getElementById("filters");
  head.replaceChildren(el("h2", "question", data.question));
  const parsed = parsedLine(data.parsed);
  if (parsed) head.appendChild(parsed);
  main.replaceChildren();
  const groups = Array.isArray(data.actors) ? data.actors : [];
  const all_st = groups.flatMap((g) => g.speakers.flatMap((sp) => sp.statements));
  if (!all_st.length) {
    form.hidden = true;
    if (!groups.length) { main.appendChild(el("p", "empty", "No statements found.")); return; }
  } else {
    form.hidden = false;
  }
  const sorted = (xs) => [...new Set(xs.filter(Boolean))].sort((a, b) => a.localeCompare(b));
  fillSelect("f-actor", groups.map((g) => g.actor), "all actors");
  fillSelect("f-speaker", sorted(groups.flatMap((g) => g.speakers.map((sp) => sp.speaker))), "all speakers");
  fillSelect("f-outlet", sorted(all_st.flatMap((st) => [st.outlet].concat((st.also_in || []).map((c) => c.outlet)))), "all outlets");
  const times = all_st.map((st) => time(st.date)).filter((t) => t !== null);
  const domain = times.length ? [Math.min(...times), Math.max(...times)] : null;
  const dates = times.map((t) => new Date(t).toISOString().slice(0, 10));
  for (const id of ["f-from", "f-to"]) {
    const input = document.getElementById(id);
    if (dates.length) { input.min = dates.reduce((a, b) => (a < b ? a : b)); input.max = dates.reduce((a, b) => (a > b ? a : b)); }
  }

  const columns = el("div", "actors");
  for (const group of groups) {
    const sts = group.speakers.flatMap((sp) => sp.statements);
    const byId = new Map(sts.map((st) => [st.id, st]));
    const sec = el("section", "actor");
    sec.dataset.actor = group.actor;
    const key = groups.indexOf(group);
    const h = el("h2", null, group.actor);
    h.id = "actor-" + key;
    sec.setAttribute("aria-labelledby", h.id);
    sec.appendChild(h);
    if (group.note) sec.appendChild(el("p", "note", group.note));
    sec.appendChild(stanceBlock(group, byId, key));
    if (Array.isArray(group.covering) && group.covering.length > 1) {
      const d = el("details", "covering");
      d.appendChild(el("summary", null, "Counted as " + group.actor));
      d.appendChild(el("p", null, group.covering.join(", ")));
      sec.appendChild(d);
    }
    sec.appendChild(timeline(group, domain, key));
    if (!group.speakers.length) sec.appendChild(el("p", "empty", "No statements found."));
    if (group.speakers.length) {
      sec.appendChild(el("h3", "speakers-head", "Speakers"));
      const cards = el("div", "cards");
      for (const sp of group.speakers) cards.appendChild(speakerCard(sp));
      sec.appendChild(cards);
      sec.appendChild(el("h3", "lines-head", "What they said"));
    }
    for (const sp of group.speakers) {
      const block = el("div", "speaker-block");
      block.dataset.speaker = sp.speaker;
      const name = el("h4", "speaker", sp.speaker);
      if (sp.role) { name.appendChild(document.createTextNode(" ")); name.appendChild(el("span", "role", "(" + sp.role + ")")); }
      block.appendChild(name);
      const ul = el("ul", "lines");
      for (const st of sp.statements) ul.appendChild(statementItem(st, group.actor, sp.speaker, key));
      block.appendChild(ul);
      sec.appendChild(block);
    }
    const none = el("p", "no-match", "No statement of " + group.actor + " matches the filters.");
    none.hidden = true;
    sec.appendChild(none);
    const more = group.more_less_relevant || 0;
    if (more > 0 && !all) {
      const p = el("p", "more", "\u2026and " + more + " more, less relevant. ");
      const b = el("button", "show-more", "Show them");
      b.type = "button";
      b.addEventListener("click", () => ask(current.question, true));
      p.appendChild(b);
      sec.appendChild(p);
    }
    columns.appendChild(sec);
  }
  main.appendChild(columns);
}

function filterValues() {
  const v = {};
  for (const k of FILTERS) v[k] = document.getElementById("f-" + k).value;
  return v;
}

// "date unknown" once per undated article among the lines shown, not on every line.
function relabelDates() {
  const seen = new Set();
  for (const li of document.querySelectorAll("li.statement")) {
    if (li.hidden) continue;
    const label = li.querySelector(".date");
    if (li.dataset.date) { label.textContent = li.dataset.date; label.classList.remove("unknown"); continue; }
    label.classList.add("unknown");
    label.textContent = seen.has(li.dataset.article) ? "" : "date unknown";
    seen.add(li.dataset.article);
  }
}

function applyFilters() {
  const f = filterValues();
  let shown = 0, total = 0;
  const active = FILTERS.some((k) => f[k]);
  for (const li of document.querySelectorAll("li.statement")) {
    total++;
    const d = li.dataset.date;
    const ok = (!f.actor || li.dataset.actor === f.actor)
      && (!f.speaker || li.dataset.speaker === f.speaker)
      && (!f.outlet || JSON.parse(li.dataset.outlets).includes(f.outlet))
      && (!f.from || (d && d >= f.from))
      && (!f.to || (d && d.slice(0, f.to.length) <= f.to));
    li.hidden = !ok;
    if (ok) shown++;
  }
  for (const block of document.querySelectorAll(".speaker-block")) {
    block.hidden = !block.querySelector("li.statement:not([hidden])");
  }
  for (const sec of document.querySelectorAll("section.actor")) {
    sec.hidden = !!f.actor && sec.dataset.actor !== f.actor;
    const any = !!sec.querySelector("li.statement:not([hidden])");
    const hasLines = !!sec.querySelector("li.statement");
    sec.querySelector(".no-match").hidden = any || !hasLines;
    for (const card of sec.querySelectorAll(".card")) {
      card.hidden = !sec.querySelector('.speaker-block:not([hidden])[data-speaker="' + CSS.escape(card.dataset.speaker) + '"]');
      card.classList.toggle("chosen", f.speaker === card.dataset.speaker);
    }
    const shownHere = new Set([...sec.querySelectorAll("li.statement:not([hidden])")].map((li) => li.dataset.id));
    const perDay = new Map();
    for (const mark of sec.querySelectorAll(".tl-mark")) {
      const on = shownHere.has(mark.dataset.id);
      mark.closest("a").classList.toggle("filtered", !on);
      if (on) perDay.set(mark.dataset.day, (perDay.get(mark.dataset.day) || 0) + 1);
    }
    for (const label of sec.querySelectorAll(".tl-count")) {
      const n = perDay.get(label.dataset.day) || 0;
      label.textContent = String(n);
      label.classList.toggle("filtered", n <= +label.dataset.most);
    }
    for (const h of sec.querySelectorAll(".speakers-head, .lines-head")) h.hidden = !any;
    for (const count of sec.querySelectorAll(".card-count")) {
      const card = count.closest(".card");
      const n = +count.dataset.count;
      const here = sec.querySelectorAll('li.statement:not([hidden])[data-speaker="' + CSS.escape(card.dataset.speaker) + '"]').length;
      count.textContent = plural(n, "statement") + (active && here < n ? " (" + here + " shown)" : "");
    }
  }
  relabelDates();
  document.getElementById("f-count").textContent = active
    ? "Showing " + shown + " of " + plural(total, "statement") + " (the stances are of all of them)."
    : "";
  if (current) history.replaceState(null, "", pageUrl(current.question, current.all, f));
}

function pageUrl(question, all, f) {
  const params = new URLSearchParams({ q: question });
  if (all) params.set("all", "true");
  for (const k of FILTERS) if (f && f[k]) params.set(k, f[k]);
  return "/?" + params.toString();
}

async function ask(question, all, filters) {
  const status = document.getElementById("status");
  status.className = ""; status.textContent = "Asking\u2026";
  try {
    const url = "/ask?q=" + encodeURIComponent(question) + (all ? "&all=true" : "");
    const resp = await fetch(url, { headers: { Accept: "application/json" } });
    const data = await resp.json();
    if (!resp.ok) {
      status.className = "error";
      status.textContent = (data && data.error && data.error.message) || ("error " + resp.status);
      return;
    }
    current = { question, all: !!all, data };
    renderAnswer(data, all);
    if (filters) for (const k of FILTERS) if (filters[k]) document.getElementById("f-" + k).value = filters[k];
    applyFilters();
    const n = document.querySelectorAll("li.statement").length;
    status.textContent = plural(n, "statement") + (all ? ", the less relevant ones too." : ".");
  } catch (err) {
    status.className = "error"; status.textContent = "The request failed: " + err;
  }
}

document.getElementById("ask-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = document.getElementById("q").value.trim();
  if (!q) return;
  document.getElementById("filters").reset();
  history.replaceState(null, "", pageUrl(q, false));
  ask(q, false);
});

const filterForm = document.getElementById("filters");
filterForm.addEventListener("change", applyFilters);
filterForm.addEventListener("input", applyFilters);
filterForm.addEventListener("reset", () => setTimeout(applyFilters, 0));
filterForm.addEventListener("submit", (ev) => ev.preventDefault());

const initial = new URLSearchParams(location.search);
if (initial.get("q")) {
  document.getElementById("q").value = initial.get("q");
  const f = {};
  for (const k of FILTERS) f[k] = initial.get(k) || "";
  ask(initial.get("q"), initial.get("all") === "true", f);
}
