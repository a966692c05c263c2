// The citizen report page's first load must stay within 250 KB with brotli: HTML, CSS, JS,
// WASM and Leaflet, as a phone downloads them. Also checks that hashed assets are served
// precompressed with long cache lifetimes.
const { test, expect } = require("./helpers");
const http = require("http");

const BUDGET = 250 * 1024;

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { "accept-encoding": "br", "accept-language": "nl-BE" } }, (res) => {
      let bytes = 0;
      const chunks = [];
      res.on("data", (c) => { bytes += c.length; chunks.push(c); });
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, bytes, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

test("the citizen page's first load fits the weight budget", async ({ baseURL }) => {
  const page = await get(baseURL + "/");
  expect(page.status).toBe(200);
  expect(page.headers["content-encoding"]).toBe("br");
  const html = require("zlib").brotliDecompressSync(page.body).toString();
  const assets = new Set();
  for (const m of html.matchAll(/<(?:link|script)[^>]+(?:href|src)="(\/[^"]+)"/g)) {
    // Icons are for the home screen, not the page (and PNG does not compress further).
    if (!/\.(svg|png)$/.test(m[1])) assets.add(m[1]);
  }
  // The wasm is fetched by the hydration script, named after the JS module.
  const wasm = html.match(/"pkg", "[^"]+", "([^"]+)"/);
  expect(wasm).not.toBeNull();
  assets.add(`/pkg/${wasm[1]}.wasm`);

  const rows = [["/ (HTML)", page.bytes]];
  for (const path of assets) {
    const r = await get(baseURL + path);
    expect(r.status, path).toBe(200);
    expect(r.headers["content-encoding"], path).toBe("br");
    if (path.startsWith("/pkg/") || path.startsWith("/vendor/")) {
      expect(r.headers["cache-control"], path).toContain("immutable");
    }
    rows.push([path, r.bytes]);
  }
  const total = rows.reduce((sum, [, b]) => sum + b, 0);
  console.log(rows.map(([p, b]) => `${(b / 1024).toFixed(1).padStart(7)} KB  ${p}`).join("\n") +
    `\n${(total / 1024).toFixed(1).padStart(7)} KB  total (brotli)`);
  expect(total).toBeLessThanOrEqual(BUDGET);
});
