// 服务网络地图: draws the district outline, 镇街 labels with their coverage, the places of the chosen
// kind and the uncovered population points from the page's JSON endpoint (data-url on #net-map).
// No tile server unless one is configured (data-tiles). Also makes tables with
// [data-sortable] sortable by their header buttons. Loaded as a file: the CSP allows no inline code.
(function () {
  "use strict";

  function shareColour(share) {
    if (share === null || share === undefined) return "#999999";
    if (share >= 90) return "#2a7f62";
    if (share >= 70) return "#8bb35a";
    if (share >= 50) return "#e0a526";
    return "#a4161a";
  }

  function fmt(n) { return Number(n).toLocaleString("zh-CN"); }

  function esc(text) {
    const d = document.createElement("div");
    d.textContent = text == null ? "" : String(text);
    return d.innerHTML;
  }

  function drawMap(box) {
    if (typeof L === "undefined") return;
    const map = L.map(box, {preferCanvas: true, zoomSnap: 0.25, attributionControl: !!box.dataset.tiles});
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, {attribution: box.dataset.attribution || "", subdomains: "01234567", maxZoom: 18}).addTo(map);
    }
    window.fazhiNetworkMap = map;
    box.dataset.state = "loading";
    fetch(box.dataset.url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then((r) => r.json())
      .then((data) => {
        const bounds = L.latLngBounds([]);
        const outline = (data.outline || []).map((ring) => ring.map((p) => [p[1], p[0]]));
        if (outline.length) {
          const poly = L.polygon(outline, {color: "#1d4e89", weight: 2, fillColor: "#eef3f8", fillOpacity: 0.6}).addTo(map);
          bounds.extend(poly.getBounds());
        }
        const maxPop = Math.max(1, ...(data.streets || []).map((s) => s.population));
        const streetLayer = L.layerGroup().addTo(map);
        (data.streets || []).forEach((s) => {
          if (s.lng == null) return;
          const radius = 400 + 1600 * Math.sqrt(s.population / maxPop);
          L.circle([s.lat, s.lng], {radius: radius, color: shareColour(s.share), weight: 1, fillOpacity: 0.25})
            .bindPopup(`<strong>${esc(s.name)}</strong><br>覆盖 ${fmt(s.covered)} / ${fmt(s.population)} 人（${s.share == null ? "—" : s.share + "%"}）<br>未覆盖 ${fmt(s.uncovered)} 人`)
            .addTo(streetLayer);
          L.marker([s.lat, s.lng], {
            icon: L.divIcon({className: "fz-map-label", html: `${esc(s.name)}<br><b>${s.share == null ? "—" : s.share + "%"}</b>`, iconSize: null}),
            keyboard: false,
          }).addTo(streetLayer);
          bounds.extend([s.lat, s.lng]);
        });
        const gaps = L.layerGroup().addTo(map);
        (data.uncovered || []).forEach((p) => {
          L.circleMarker([p.lat, p.lng], {radius: 3 + Math.min(7, Math.sqrt(p.population) / 15), color: "#a4161a", weight: 1, fillOpacity: 0.6})
            .bindPopup(`<strong>${esc(p.name)}</strong>（${esc(p.street)}）<br>未覆盖 ${fmt(p.population)} 人`)
            .addTo(gaps);
        });
        const places = L.layerGroup().addTo(map);
        (data.places || []).forEach((p) => {
          L.circleMarker([p.lat, p.lng], {radius: 5, color: "#1d4e89", weight: 2, fillColor: "#ffffff", fillOpacity: 1})
            .bindPopup(`<strong>${esc(p.name)}</strong>${p.level ? "<br>" + esc(p.level) : ""}<br>${esc(p.unit)} ${esc(p.address)}`)
            .addTo(places);
        });
        const extra = JSON.parse(box.dataset.picks || "[]");
        const picks = L.layerGroup().addTo(map);
        extra.forEach((p, i) => {
          L.circleMarker([p.lat, p.lng], {radius: 9, color: "#7a5195", weight: 3, fillColor: "#f3e8ff", fillOpacity: 0.9})
            .bindTooltip(`${i + 1}. ${esc(p.name)}`, {permanent: true, direction: "right"})
            .addTo(picks);
          bounds.extend([p.lat, p.lng]);
        });
        L.control.layers(null, {"镇街覆盖": streetLayer, "未覆盖人口点": gaps, "服务点位": places, "建议选址": picks}, {collapsed: true}).addTo(map);
        if (bounds.isValid()) map.fitBounds(bounds, {padding: [12, 12]});
        else map.setView([30.25, 120.13], 11);
        box.dataset.state = "ready";
        box.dataset.places = String((data.places || []).length);
        box.dataset.uncovered = String((data.uncovered || []).length);
      })
      .catch(() => {
        box.dataset.state = "error";
        box.insertAdjacentHTML("afterend", '<div class="alert alert-warning mt-2">地图数据加载失败，请刷新重试；下方表格不受影响。</div>');
      });
  }

  function sortable(table) {
    const body = table.tBodies[0];
    table.querySelectorAll("th[data-sort] button").forEach((btn) => {
      btn.addEventListener("click", () => {
        const th = btn.closest("th");
        const col = Array.from(th.parentNode.children).indexOf(th);
        const numeric = th.dataset.sort === "number";
        const asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[aria-sort]").forEach((h) => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        const rows = Array.from(body.rows);
        const key = (r) => {
          const c = r.cells[col];
          const v = c ? (c.dataset.value !== undefined ? c.dataset.value : c.textContent.trim()) : "";
          return numeric ? (v === "" ? -Infinity : Number(v)) : v;
        };
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          const cmp = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return asc ? cmp : -cmp;
        });
        rows.forEach((r) => body.appendChild(r));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const box = document.getElementById("net-map");
    if (box) drawMap(box);
    document.querySelectorAll("table[data-sortable]").forEach(sortable);
  });
})();
