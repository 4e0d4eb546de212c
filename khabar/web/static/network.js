// khabar network view: entities as nodes, events (actor → target) as edges, drawn in SVG with a small force layout.
// Plain JavaScript, no libraries, nothing fetched but this server's /api/network. Every label is set through
// textContent, never as HTML.
"use strict";
(function () {
  const box = document.getElementById("network");
  if (!box) return;
  const svg = document.getElementById("network-svg");
  const status = document.getElementById("network-status");
  const legend = document.getElementById("network-legend");
  const NS = "http://www.w3.org/2000/svg";
  const W = 1000, H = 560;
  const TYPE_COLORS = {
    AGREE: "#2e7d32", CONSULT: "#1565c0", SUPPORT: "#00897b", CONCEDE: "#7cb342", COOPERATE: "#3949ab",
    AID: "#00acc1", RETREAT: "#9e9d24", REQUEST: "#8e24aa", ACCUSE: "#e65100", REJECT: "#d84315",
    THREATEN: "#c62828", PROTEST: "#ad1457", SANCTION: "#6d4c41", MOBILIZE: "#5d4037", COERCE: "#b71c1c",
    ASSAULT: "#000000"
  };
  const NODE_COLORS = { PER: "#f4a259", ORG: "#5b8fd6", LOC: "#6bbf59", MISC: "#a77bca" };

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function say(text) { status.textContent = text; status.hidden = !text; }

  function layout(nodes, links) {
    const n = nodes.length, idx = new Map(nodes.map((d, i) => [d.id, i]));
    nodes.forEach((d, i) => {
      const a = 2 * Math.PI * i / Math.max(n, 1), r = 0.35 * Math.min(W, H) * (0.5 + 0.5 * ((i * 7919) % 13) / 13);
      d.x = W / 2 + r * Math.cos(a); d.y = H / 2 + r * Math.sin(a); d.vx = 0; d.vy = 0;
    });
    const pairs = links.map(l => [idx.get(l.source), idx.get(l.target)]);
    const ideal = Math.max(70, Math.min(120, 700 / Math.sqrt(n + 1)));
    const steps = 300;
    for (let s = 0; s < steps; s++) {
      const alpha = 1 - s / steps;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y;
          let d2 = dx * dx + dy * dy;
          if (d2 < 1) { dx = Math.random() - 0.5; dy = Math.random() - 0.5; d2 = 1; }
          const f = (ideal * ideal) / d2 * 0.03;
          nodes[i].vx += dx * f; nodes[i].vy += dy * f;
          nodes[j].vx -= dx * f; nodes[j].vy -= dy * f;
        }
      }
      for (const [a, b] of pairs) {
        const dx = nodes[b].x - nodes[a].x, dy = nodes[b].y - nodes[a].y;
        const d = Math.sqrt(dx * dx + dy * dy) || 1, f = (d - ideal) / d * 0.08;
        nodes[a].vx += dx * f; nodes[a].vy += dy * f; nodes[b].vx -= dx * f; nodes[b].vy -= dy * f;
      }
      for (const d of nodes) {
        d.vx += (W / 2 - d.x) * 0.015; d.vy += (H / 2 - d.y) * 0.025;
        const v = Math.sqrt(d.vx * d.vx + d.vy * d.vy), cap = 20 * alpha + 0.5;
        if (v > cap) { d.vx *= cap / v; d.vy *= cap / v; }
        d.x += d.vx; d.y += d.vy;
        d.vx *= 0.6; d.vy *= 0.6;
      }
    }
  }

  function draw(data) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const nodes = data.nodes.map(d => Object.assign({}, d));
    const byId = new Map(nodes.map(d => [d.id, d]));
    const links = data.edges.filter(e => byId.has(e.source) && byId.has(e.target));
    if (!nodes.length) { say("لا علاقات بهذه الشروط."); return; }
    layout(nodes, links);
    // fit the drawing: the view box is the layout's bounding box with room for labels
    const xs = nodes.map(d => d.x), ys = nodes.map(d => d.y);
    const x0 = Math.min(...xs) - 90, x1 = Math.max(...xs) + 90, y0 = Math.min(...ys) - 40, y1 = Math.max(...ys) + 30;
    const vw = Math.max(x1 - x0, 900), vh = Math.max(y1 - y0, 480);
    svg.setAttribute("viewBox", `${(x0 + x1 - vw) / 2} ${(y0 + y1 - vh) / 2} ${vw} ${vh}`);
    const radius = d => 6 + Math.min(14, 2.5 * Math.sqrt(d.events || 1));
    const defs = el("defs", {}, svg);
    const used = [...new Set(links.map(l => l.type))];
    for (const t of used) {
      const m = el("marker", { id: "arrow-" + t, viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7",
        markerHeight: "7", orient: "auto-start-reverse" }, defs);
      el("path", { d: "M0,0 L10,5 L0,10 z", fill: TYPE_COLORS[t] || "#555" }, m);
    }
    const seen = new Map();
    const gEdges = el("g", { class: "edges" }, svg);
    for (const l of links) {
      const a = byId.get(l.source), b = byId.get(l.target);
      const key = [l.source, l.target].sort().join("\u0000");
      const k = seen.get(key) || 0; seen.set(key, k + 1);
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      const bend = (k % 2 ? -1 : 1) * (18 + 16 * Math.floor(k / 2)) * (l.source < l.target ? 1 : -1);
      const cx = (a.x + b.x) / 2 - dy / d * bend, cy = (a.y + b.y) / 2 + dx / d * bend;
      const ex = b.x - cx, ey = b.y - cy, el2 = Math.sqrt(ex * ex + ey * ey) || 1, r = radius(b) + 2;
      const tx = b.x - ex / el2 * r, ty = b.y - ey / el2 * r;
      const path = el("path", { class: "edge edge-" + l.type, d: `M${a.x},${a.y} Q${cx},${cy} ${tx},${ty}`,
        stroke: TYPE_COLORS[l.type] || "#555", "stroke-width": String(1.5 + Math.min(5, l.count - 1)),
        "marker-end": `url(#arrow-${l.type})`, "data-type": l.type }, gEdges);
      const title = el("title", {}, path);
      title.textContent = `${a.name || a.id} ← ${l.type} (${l.count}) → ${b.name || b.id}` +
        (l.first ? `  ${l.first}${l.last && l.last !== l.first ? " … " + l.last : ""}` : "");
      if (l.events && l.events.length) {
        const ev = l.events[0];
        path.style.cursor = "pointer";
        path.addEventListener("click", () => {
          window.location.href = "/documents/" + encodeURIComponent(ev.document_id) + "#event-" + encodeURIComponent(ev.id);
        });
      }
    }
    const gNodes = el("g", { class: "nodes" }, svg);
    for (const d of nodes) {
      const g = el("g", { class: "node node-" + (d.type || "X"), "data-id": d.id,
        transform: `translate(${d.x},${d.y})` }, gNodes);
      const c = el("circle", { r: String(radius(d)), fill: NODE_COLORS[d.type] || "#999" }, g);
      const title = el("title", {}, c);
      title.textContent = `${d.name || d.id} (${d.type || "?"}) · ${d.events} أحداث`;
      const label = el("text", { y: String(-radius(d) - 4), "text-anchor": "middle" }, g);
      label.textContent = d.name || d.id;
      g.addEventListener("click", () => { window.location.href = "/entities/" + encodeURIComponent(d.id); });
    }
    legend.textContent = "";
    for (const t of used) {
      const span = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = TYPE_COLORS[t] || "#555";
      span.appendChild(swatch);
      span.appendChild(document.createTextNode(t));
      legend.appendChild(span);
    }
    say(data.total > links.length ? `تعرض الشبكة ${links.length} من ${data.total} علاقة.` : "");
  }

  fetch(box.dataset.api, { headers: { Accept: "application/json" } })
    .then(r => r.json().then(body => ({ ok: r.ok, body })))
    .then(({ ok, body }) => {
      if (!ok) { say((body.error && body.error.message) || "تعذر تحميل الشبكة"); return; }
      draw(body);
    })
    .catch(err => say("تعذر تحميل الشبكة: " + err));
})();
