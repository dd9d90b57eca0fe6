// khabar's pages: the fact panel of the article reader, timelines, the map, the actor network and the
// add-articles form. Article text is untrusted: everything taken from it is set as text, never as HTML.
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function pageData() {
  const node = document.getElementById("page-data");
  return node ? JSON.parse(node.textContent) : {};
}

function empty(container) {
  container.replaceChildren(el("p", { class: "empty-note" }, container.dataset.empty || "nothing to show"));
}

function facts(rows) {
  const dl = el("dl");
  for (const [k, v] of rows) {
    if (v === null || v === undefined || v === "") continue;
    dl.append(el("dt", {}, k), el("dd", {}, v));
  }
  return dl;
}

// ---- the article reader ----------------------------------------------------------------------
function initDocument() {
  const data = pageData();
  const record = data.record;
  const entities = Object.fromEntries(record.entities.map((e) => [e.id, e]));
  const attributions = Object.fromEntries(record.attributions.map((a) => [a.id, a]));
  const events = Object.fromEntries(record.events.map((v) => [v.id, v]));
  const panel = document.getElementById("facts");
  const text = document.getElementById("article-text");
  const nameOf = (id) => (id && entities[id] ? entities[id].name : null);
  const actorLink = (id) => {
    const actor = id && data.actors[id];
    return actor ? el("a", { href: `/actors/${actor}` }, nameOf(id)) : nameOf(id);
  };

  function show(span) {
    text.querySelectorAll(".selected").forEach((s) => s.classList.remove("selected"));
    span.classList.add("selected");
    const parts = [];
    for (const id of (span.dataset.event || "").split(" ").filter(Boolean)) {
      const v = events[id];
      parts.push(el("h3", {}, `Event: ${v.type}`), facts([
        ["mode", v.mode], ["who", actorLink(v.source)], ["to whom", actorLink(v.target)],
        ["where", v.geo ? `${v.geo.name} (${v.geo.country || "?"})` : nameOf(v.location)],
        ["when", v.date ? `${v.date}${v.date_text ? ` (“${v.date_text}”)` : ""}` : null],
        ["status", v.status], ["reported in", v.attribution], ["confidence", v.confidence],
        ["evidence", v.evidence.text],
      ]));
    }
    for (const id of (span.dataset.entity || "").split(" ").filter(Boolean)) {
      const e = entities[id];
      const spellings = [...new Set(e.mentions.map((m) => m.text))].join(", ");
      parts.push(el("h3", {}, `${e.type}: `, actorLink(id)), facts([
        ["roles", e.roles.join(", ")], ["written as", spellings], ["mentions", e.mentions.length], ["KB", e.kb_id],
      ]));
    }
    for (const id of (span.dataset.attribution || "").split(" ").filter(Boolean)) {
      const a = attributions[id];
      parts.push(el("h3", {}, `Claim ${a.id}`), facts([
        ["source", a.source.entity ? actorLink(a.source.entity) : a.source.text],
        ["as written", a.source.text], ["kind", a.source_kind.replace("_", " ")], ["relayed by", actorLink(a.via)],
        ["cue", a.cue.text], ["quoted", a.direct ? "yes, in quotation marks" : "no, paraphrased"],
        ["content", a.content.text],
      ]));
    }
    panel.replaceChildren(...parts);
  }

  text.addEventListener("click", (ev) => {
    const span = ev.target.closest("span[data-entity], span[data-attribution], span[data-event]");
    if (span) show(span);
  });
  text.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter" && ev.key !== " ") return;
    const span = ev.target.closest("span[data-entity], span[data-attribution], span[data-event]");
    if (!span) return;
    ev.preventDefault();
    show(span);
    panel.focus({ preventScroll: window.innerWidth > 760 });
  });

  function jump(id) {
    const attr = id.startsWith("v") ? "event" : id.startsWith("e") ? "entity" : "attribution";
    const span = [...text.querySelectorAll(`span[data-${attr}]`)].find((s) => s.dataset[attr].split(" ").includes(id));
    if (span) {
      span.scrollIntoView({ block: "center" });
      show(span);
    }
  }
  document.querySelectorAll("[data-jump]").forEach((a) =>
    a.addEventListener("click", (ev) => {
      ev.preventDefault();
      history.replaceState(null, "", `#${a.dataset.jump}`);
      jump(a.dataset.jump);
    }),
  );
  if (location.hash.length > 1) jump(decodeURIComponent(location.hash.slice(1)));
}

// ---- timelines, map and network --------------------------------------------------------------
async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

// An event's date as the timeline places it: a day is a point; a month or a year ("2019") spans it.
function when(it) {
  const d = it.date;
  if (/^\d{4}-\d{2}-\d{2}$/.test(d)) return { start: d, type: "box", precision: "day" };
  const from = it.date_from || (d.length === 4 ? `${d}-01-01` : `${d}-01`);
  let to = it.date_to;
  if (!to) {
    const [y, m] = d.split("-").map(Number);
    to = m ? new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) : `${y}-12-31`;
  }
  const end = new Date(`${to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { start: from, end: end.toISOString().slice(0, 10), type: "range", precision: d.length === 4 ? "year" : "month" };
}

function timeline(container, items, onRange) {
  if (!items.length || typeof vis === "undefined") return empty(container);
  const data = items.map((it, i) => {
    const w = when(it);
    const content = el("span", { title: `${it.date} (${w.precision}) · ${it.evidence}` }, it.type);
    return { id: i, start: w.start, end: w.end, type: w.type, content, className: `tl-${it.role || "event"}`, target: it };
  });
  const tl = new vis.Timeline(container, new vis.DataSet(data), { stack: true, maxHeight: 320, zoomKey: "ctrlKey" });
  tl.on("select", (props) => {
    const item = data.find((d) => d.id === props.items[0]);
    if (item) location.href = `/documents/${item.target.document}#${item.target.event}`;
  });
  if (onRange) {
    const button = el("button", { type: "button", class: "range" }, "Show the table for the stretch in view");
    button.addEventListener("click", () => {
      const w = tl.getWindow();
      onRange(w.start.toISOString().slice(0, 10), w.end.toISOString().slice(0, 10));
    });
    container.after(button);
  }
}

function filterTo(changes) {
  const params = new URLSearchParams(location.search);
  params.delete("page");
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === "") params.delete(k);
    else params.set(k, v);
  }
  location.href = `${location.pathname}?${params}#table`;
}

async function map(container, events) {
  const placed = events.filter((e) => e.lat !== null && e.lon !== null);
  if (typeof L === "undefined") return empty(container);
  const m = L.map(container, { worldCopyJump: true, attributionControl: false }).setView([25, 25], 3);
  try {
    const world = await (await fetch("/static/vendor/countries-110m.json")).json();
    L.geoJSON(topojson.feature(world, world.objects.countries), {
      style: { color: "#8aa0b8", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 },
    }).addTo(m);
  } catch (err) {
    container.append(el("p", { class: "empty-note" }, "basemap unavailable"));
  }
  if (!placed.length) {
    container.append(el("p", { class: "empty-note" }, container.dataset.empty));
    return;
  }
  const points = [];
  for (const e of placed) {
    const here = el("a", { href: "#table" }, `events at ${e.place}`);
    here.addEventListener("click", (ev) => { ev.preventDefault(); filterTo({ place: e.place }); });
    const popup = el("div", {}, el("b", {}, `${e.type} · ${e.date || ""}`), el("br"), e.evidence, el("br"),
      el("a", { href: `/documents/${e.document}#${e.event}` }, "read it in the article"), el("br"), here);
    L.circleMarker([e.lat, e.lon], { radius: 6, color: "#b0301f", weight: 1, fillOpacity: 0.7, className: "event-marker" }).bindPopup(popup).addTo(m);
    points.push([e.lat, e.lon]);
  }
  m.fitBounds(points, { maxZoom: 6, padding: [30, 30] });
}

function network(container, graph) {
  graph = { ...graph, edges: graph.edges.filter((e) => e.events > 0) };
  if (!graph.edges.length || typeof cytoscape === "undefined") return empty(container);
  const used = new Set(graph.edges.flatMap((e) => [e.source, e.target]));
  const colours = { PERSON: "#e0a800", ORG: "#3d85c6", GPE: "#38a35a", LOC: "#38a35a", FAC: "#38a35a" };
  const elements = [
    ...graph.nodes.filter((n) => used.has(n.id)).map((n) => ({
      data: { id: n.id, label: n.label, colour: colours[n.type] || "#8e7cc3", actor: n.id.slice(1) },
    })),
    ...graph.edges.map((e, i) => {
      const types = Object.entries(e).filter(([k, v]) => /^[A-Z]+$/.test(k) && v > 0).map(([k, v]) => `${k} ${v}`);
      return { data: { id: `x${i}`, source: e.source, target: e.target, weight: e.events, label: types.join(", ") } };
    }),
  ];
  const cy = cytoscape({
    container,
    elements,
    layout: { name: "cose", animate: false, nodeRepulsion: 400000, idealEdgeLength: 90, nodeOverlap: 20, randomize: false },
    style: [
      { selector: "node", style: { label: "data(label)", "background-color": "data(colour)", "font-size": 11, width: 14, height: 14,
        "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1, color: "#1d2430",
        "min-zoomed-font-size": 8 } },
      { selector: "edge", style: { width: "mapData(weight, 1, 10, 1, 6)", "curve-style": "bezier", "target-arrow-shape": "triangle",
        "line-color": "#b5c0cc", "target-arrow-color": "#b5c0cc", opacity: 0.8 } },
      { selector: "edge:selected, node:selected", style: { label: "data(label)", "font-size": 10, color: "#1d2430", "line-color": "#1f5fa8" } },
    ],
  });
  return cy;
}

async function initActor() {
  const id = pageData().actor;
  const timelineBox = document.getElementById("timeline");
  try {
    const rows = await getJSON(`/api/events?actor_id=${id}&limit=1000`);
    const dated = rows.filter((e) => e.date).map((e) => ({ ...e, role: e.source_actor_id === id ? "source" : "target" }));
    timeline(timelineBox, dated);
  } catch (err) {
    empty(timelineBox);
  }
}

// The map, timeline and network show the events the filters choose (fetched from the API, not embedded in the
// page); a click or a stretch on any of them filters the table.
async function initEvents() {
  const data = pageData();
  const boxes = ["map", "network", "timeline"].map((id) => document.getElementById(id));
  if (data.blocked) return boxes.forEach(empty);
  const query = data.query ? `${data.query}&` : "";
  const fields = "date,date_from,date_to,type,evidence,document,event,place,lat,lon";
  const rows = await getJSON(`/api/events?${query}limit=500&fields=${fields}`).catch(() => []);
  timeline(boxes[2], rows.filter((e) => e.date).map((e) => ({ ...e, role: "event" })),
    (since, until) => filterTo({ since, until }));
  map(boxes[0], rows);
  // the network and its library load when the analyst opens it
  const box = document.getElementById("network-box");
  let drawn = false;
  box.addEventListener("toggle", async () => {
    if (!box.open || drawn) return;
    drawn = true;
    const [graph] = await Promise.all([
      getJSON(`/api/network?${query}top=50&claims=false`).catch(() => ({ nodes: [], edges: [] })),
      loadScript("/static/vendor/cytoscape.min.js").catch(() => null),
    ]);
    const cy = network(boxes[1], graph);
    if (cy) cy.on("tap", "node", (ev) => filterTo({ actor_id: ev.target.data("actor"), actor: null }));
  });
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = el("script", { src });
    script.addEventListener("load", resolve);
    script.addEventListener("error", reject);
    document.head.append(script);
  });
}

// ---- adding articles -------------------------------------------------------------------------
function initAdd() {
  const box = document.getElementById("progress");
  const bar = document.getElementById("bar");
  const line = document.getElementById("progress-text");
  const errors = document.getElementById("job-errors");
  const docs = document.getElementById("job-documents");

  async function follow(response) {
    box.hidden = false;
    errors.replaceChildren();
    docs.replaceChildren();
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      const detail = Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail;
      line.textContent = `refused: ${detail || response.statusText}`;
      return;
    }
    let job = await response.json();
    while (job.state === "queued" || job.state === "running") {
      bar.max = Math.max(job.total, 1);
      bar.value = job.done;
      line.textContent = `${job.state === "queued" ? "waiting" : "extracting"}: ${job.done} of ${job.total}`;
      await new Promise((r) => setTimeout(r, 400));
      job = await (await fetch(`/api/jobs/${job.id}`)).json();
    }
    bar.max = Math.max(job.total, 1);
    bar.value = job.total;
    line.textContent = `${job.stored} stored, ${job.duplicates} already stored, ${job.errors.length} failed`;
    for (const e of job.errors) errors.append(el("li", {}, e));
    for (const id of job.documents) docs.append(el("li", {}, el("a", { href: `/documents/${id}` }, `open article ${id}`)));
  }

  document.getElementById("paste").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const form = new FormData(ev.target);
    const body = Object.fromEntries([...form.entries()].filter(([, v]) => v !== ""));
    follow(await fetch("/api/articles", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }));
  });
  document.getElementById("upload").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const form = new FormData(ev.target);
    for (const key of ["published", "outlet"]) if (!form.get(key)) form.delete(key);
    follow(await fetch("/api/uploads", { method: "POST", body: form }));
  });
}

function initMenu() {
  const button = document.querySelector("header.top .menu");
  const nav = document.getElementById("site-nav");
  if (!button || !nav) return;
  button.addEventListener("click", () => {
    const open = nav.classList.toggle("open");
    button.setAttribute("aria-expanded", String(open));
  });
}

// On a phone, a long filter form and its facet counts fold behind one line saying how many filters are set.
function foldFilters() {
  const form = document.querySelector("main form.filters");
  if (!form || window.innerWidth > 760 || form.querySelectorAll("label").length < 4) return;
  const set = [...new URLSearchParams(location.search).entries()].filter(([k, v]) => v && !["page", "sort"].includes(k));
  const box = el("details", { class: "fold" }, el("summary", {}, set.length ? `Filters (${set.length} set)` : "Filters"));
  form.before(box);
  box.append(form);
  const facets = document.querySelector("main .facets");
  if (facets) box.append(facets);
}

initMenu();
foldFilters();
const inits = { document: initDocument, actor: initActor, events: initEvents, add: initAdd };
const init = inits[document.body.dataset.page];
if (init) init();
