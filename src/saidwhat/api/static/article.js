// The article view: the text with every statement's content highlighted, the one
// named in the URL fragment (#s<id>) marked and scrolled to.  DOM built with
// textContent only.  Offsets are Python string (code point) offsets.
"use strict";

// el(tag, cls, text) comes from dom.js.

function targetId() {
  const m = /^#s(\d+)$/.exec(location.hash);
  return m ? m[1] : null;
}

function renderText(container, text, statements) {
  const cps = Array.from(text);  // code points, as the server counts
  const bounds = new Set([0, cps.length]);
  for (const st of statements) { bounds.add(st.content_span[0]); bounds.add(st.content_span[1]); }
  const cuts = Array.from(bounds).filter((b) => b >= 0 && b <= cps.length).sort((a, b) => a - b);
  const target = targetId();
  const anchored = new Set();
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], b = cuts[i + 1];
    for (const st of statements) {
      if (st.content_span[0] === a && !anchored.has(st.id)) {
        const anchor = el("span", "anchor"); anchor.id = "s" + st.id; container.appendChild(anchor);
        anchored.add(st.id);
      }
    }
    const piece = cps.slice(a, b).join("");
    const covering = statements.filter((st) => st.content_span[0] <= a && b <= st.content_span[1]);
    if (!covering.length) { container.appendChild(document.createTextNode(piece)); continue; }
    const mark = el("mark", null, piece);
    mark.dataset.statements = covering.map((st) => st.id).join(" ");
    mark.title = covering.map((st) => (st.speaker || st.speaker_mention || "unknown") + (st.cue ? " (" + st.cue + ")" : "")).join("; ");
    if (target && covering.some((st) => String(st.id) === target)) mark.classList.add("target");
    container.appendChild(mark);
  }
}

async function load() {
  const status = document.getElementById("status");
  const id = decodeURIComponent(location.pathname.replace(/^\/articles\//, ""));
  const resp = await fetch("/articles/" + encodeURIComponent(id) + "?format=json", { headers: { Accept: "application/json" } });
  const data = await resp.json();
  if (!resp.ok) {
    status.className = "error";
    status.textContent = (data && data.error && data.error.message) || ("error " + resp.status);
    return;
  }
  document.title = "saidwhat: " + (data.title || data.id);
  document.getElementById("title").textContent = data.title || data.id;
  document.getElementById("meta").textContent = [data.date, data.outlet, data.url].filter(Boolean).join(" \u00b7 ");
  renderText(document.getElementById("text"), data.text, data.statements);
  const list = document.getElementById("statements");
  for (const st of data.statements) {
    const li = el("li");
    const a = el("a", null, (st.speaker || st.speaker_mention || "unknown source") + (st.cue ? " " + st.cue : "") + ": ");
    a.href = "#s" + st.id;
    li.appendChild(a);
    li.appendChild(words(st));  // quotation marks only around quoted words, once
    list.appendChild(li);
  }
  const target = targetId();
  if (target) {
    const node = document.getElementById("s" + target);
    if (node) node.scrollIntoView({ block: "center" });
  }
}

window.addEventListener("hashchange", () => {
  const t = targetId();
  for (const m of document.querySelectorAll("mark")) {
    m.classList.toggle("target", !!t && m.dataset.statements.split(" ").includes(t));
  }
});
load();
