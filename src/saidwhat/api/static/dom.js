// Shared by the ask page and the article view: every string from the server is put in
// the DOM with textContent, never parsed as HTML.
"use strict";

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";

// An SVG element with its attributes set one by one (values as text, never markup).
function svgEl(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// Only http(s) links from the data become hrefs (no javascript: or data: URLs).
function safeUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

const QUOTE_CHARS = " ,'\"\u201c\u201d\u2018\u2019";
const WORDS_LABEL = { direct: "quote", mixed: "partly quoted", indirect: "paraphrase" };

function strip(text, chars) {
  let a = 0, b = text.length;
  while (a < b && chars.includes(text[a])) a++;
  while (b > a && chars.includes(text[b - 1])) b--;
  return text.slice(a, b);
}

// The words as said: a direct quote in <q> (the page draws the marks, the article's own
// are taken off: marks exactly once), a paraphrase labelled and never in marks, a partly
// quoted statement as written (only its quoted part carries the article's marks).
function words(st) {
  const text = (st.said || st.content || "").split(/\s+/).join(" ").trim();
  const frag = document.createDocumentFragment();
  if (st.kind === "direct") {
    const pieces = text.split(" \u2026 ").map((p) => strip(p, QUOTE_CHARS)).filter(Boolean);
    if (pieces.length <= 1) {
      frag.appendChild(el("q", "content direct", pieces[0] || ""));
    } else {
      const span = el("span", "content direct");
      pieces.forEach((p, i) => {
        if (i) span.appendChild(document.createTextNode(" \u2026 "));
        span.appendChild(el("q", null, p));
      });
      frag.appendChild(span);
    }
    return frag;
  }
  frag.appendChild(el("span", "words-label", (WORDS_LABEL[st.kind] || st.kind) + ": "));
  frag.appendChild(el("span", "content " + st.kind, text));
  return frag;
}

