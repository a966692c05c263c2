// The reference for the planner benchmark (server/benches/planner.rs): supercluster, the
// published in-memory point clusterer, on the same points and map windows.
// Usage: node scripts/bench-supercluster.mjs points.json windows.json
// Prints JSON: load_ms, p50_ms, p95_ms, per_zoom_p50_ms, clusters_per_query.
import { readFileSync } from "node:fs";
import Supercluster from "supercluster";

const points = JSON.parse(readFileSync(process.argv[2], "utf8"));
const windows = JSON.parse(readFileSync(process.argv[3], "utf8"));
const features = points.map(([lon, lat], i) => ({
  type: "Feature", properties: { i }, geometry: { type: "Point", coordinates: [lon, lat] },
}));

const t0 = performance.now();
const index = new Supercluster({ radius: 64, maxZoom: 18 }).load(features);
const loadMs = performance.now() - t0;

for (const [w, s, e, n, z] of windows.slice(0, 20)) index.getClusters([w, s, e, n], z);
const times = [];
const perZoom = Array.from({ length: 11 }, () => []);
let clusters = 0;
for (const [w, s, e, n, z] of windows) {
  const t = performance.now();
  const found = index.getClusters([w, s, e, n], z);
  const ms = performance.now() - t;
  clusters += found.length;
  times.push(ms);
  perZoom[z - 8].push(ms);
}
const pct = (v, q) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil(q * s.length))) - 1];
};
console.log(JSON.stringify({
  load_ms: loadMs,
  p50_ms: pct(times, 0.5),
  p95_ms: pct(times, 0.95),
  per_zoom_p50_ms: perZoom.map((z) => (z.length ? pct(z, 0.5) : null)),
  clusters_per_query: clusters / windows.length,
}));
