// The ask page. Every string from the server is put in the DOM with textContent:
// article text is never parsed as HTML.
"use strict";

// el(tag, cls, text) comes from dom.js.

function statementItem(st) {
  const li = el("li", "statement");
  li.dataset.id = String(st.id);
  li.appendChild(el("span", "date", (st.date || "undated").slice(0, 10)));
  if (st.cue) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("span", "cue", st.cue)); }
  li.appendChild(document.createTextNode(": "));
  // Quotation marks only around the article's own quoted words.
  if (st.kind === "direct") {
    li.appendChild(el("q", "content direct", st.said || st.content));
  } else {
    li.appendChild(el("span", "words-label", st.kind === "mixed" ? "partly quoted: " : "paraphrase: "));
    li.appendChild(el("span", "content " + st.kind, st.said || st.content));
  }
  li.appendChild(document.createTextNode(" "));
  const a = el("a", "cite", (st.title || st.article_id) + " @" + st.content_span[0] + "\u2013" + st.content_span[1]);
  a.href = "/articles/" + encodeURIComponent(st.article_id) + "#s" + encodeURIComponent(String(st.id));
  li.appendChild(a);
  return li;
}

function renderAnswer(data) {
  const main = document.getElementById("answer");
  main.replaceChildren();
  main.appendChild(el("h2", "question", data.question));
  if (!data.actors.length) { main.appendChild(el("p", "empty", "No statements found.")); return; }
  for (const group of data.actors) {
    const sec = el("section", "actor");
    sec.appendChild(el("h2", null, group.actor));
    if (group.note) sec.appendChild(el("p", "note", group.note));
    const stance = el("p", "stance", group.stance.summary + " ");
    stance.appendChild(el("span", "derived", "(derived: " + group.stance.label + ")"));
    sec.appendChild(stance);
    if (!group.speakers.length) sec.appendChild(el("p", "empty", "No statements found."));
    for (const sp of group.speakers) {
      const head = el("div", "speaker", sp.speaker);
      if (sp.role) { head.appendChild(document.createTextNode(" ")); head.appendChild(el("span", "role", "(" + sp.role + ")")); }
      sec.appendChild(head);
      const ul = el("ul");
      for (const st of sp.statements) ul.appendChild(statementItem(st));
      sec.appendChild(ul);
    }
    main.appendChild(sec);
  }
}

async function ask(question) {
  const status = document.getElementById("status");
  status.className = ""; status.textContent = "Asking\u2026";
  try {
    const resp = await fetch("/ask?q=" + encodeURIComponent(question), { headers: { Accept: "application/json" } });
    const data = await resp.json();
    if (!resp.ok) {
      status.className = "error";
      status.textContent = (data && data.error && data.error.message) || ("error " + resp.status);
      return;
    }
    renderAnswer(data);
    const n = data.actors.reduce((k, g) => k + g.speakers.reduce((m, s) => m + s.statements.length, 0), 0);
    status.textContent = n + " statement(s).";
  } catch (err) {
    status.className = "error"; status.textContent = "The request failed: " + err;
  }
}

document.getElementById("ask-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = document.getElementById("q").value.trim();
  if (!q) return;
  history.replaceState(null, "", "/?q=" + encodeURIComponent(q));
  ask(q);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) { document.getElementById("q").value = initial; ask(initial); }
