// Assembles the browser site in target/site, the last step of scripts/build:
//   - public/ as it is, and the vendored libraries from node_modules (the version in the path, so
//     they can be cached forever);
//   - pkg/: wasm-bindgen's script and the optimised wasm, and the stylesheet, minified by esbuild,
//     each named after its content (meldpunt.<hash>.js/.wasm/.css);
//   - the hashes in the server's hash file (target/release/hash.txt, next to the binary), in the
//     form Leptos reads to name the hydration script and the wasm in every page;
//   - a .br and a .gz next to every compressible file, which the server sends as they are.
// Usage: node scripts/site.mjs <wasm-bindgen out dir> <site root> <hash file>
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { transformSync } from "esbuild";

const [bindgen, site, hashFile] = process.argv.slice(2);
if (!bindgen || !site || !hashFile) {
  console.error("usage: node scripts/site.mjs <wasm-bindgen out dir> <site root> <hash file>");
  process.exit(2);
}
const NAME = "meldpunt";
// Browsers the minified script and stylesheet must still work in: the current ones, Firefox ESR
// and two years of Safari on iPhones (citizens keep their phones long).
const TARGET = ["chrome109", "edge109", "firefox115", "safari15.6", "ios15.6"];

rmSync(site, { recursive: true, force: true });
cpSync("public", site, { recursive: true });

// Vendored from npm, never from a CDN.
function vendor(pkg, name, files) {
  const dir = join("node_modules", pkg);
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const dest = join(site, "vendor", `${name}-${version}`);
  mkdirSync(dest, { recursive: true });
  for (const file of files) cpSync(join(dir, file), join(dest, file.split("/").pop()), { recursive: true });
}
vendor("leaflet", "leaflet", ["dist/leaflet.js", "dist/leaflet.css", "dist/images"]);
// The API's docs page (/api/docs) shows the OpenAPI document with Swagger UI.
vendor("swagger-ui-dist", "swagger-ui", ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE"]);

// Content-addressed names: URL-safe base64 of the MD5 of the file's bytes (not a security
// measure, only a cache key).
const hashOf = (bytes) => createHash("md5").update(bytes).digest("base64url");
const pkg = join(site, "pkg");
mkdirSync(pkg, { recursive: true });
const hashes = {};
function emit(kind, bytes) {
  const hash = hashOf(bytes);
  hashes[kind] = hash;
  writeFileSync(join(pkg, `${NAME}.${hash}.${kind}`), bytes);
}

emit("wasm", readFileSync(join(bindgen, `${NAME}_bg.wasm`)));
// The script's default wasm path (used when init() is called without one) names the hashed file.
const glue = readFileSync(join(bindgen, `${NAME}.js`), "utf8").replaceAll(`${NAME}_bg.wasm`, `${NAME}.${hashes.wasm}.wasm`);
emit("js", transformSync(glue, { minify: true, format: "esm", target: TARGET }).code);
const css = readFileSync("style/main.css", "utf8");
emit("css", transformSync(css, { loader: "css", minify: true, target: TARGET }).code);
writeFileSync(hashFile, Object.entries(hashes).map(([kind, hash]) => `${kind}: ${hash}\n`).join(""));

// Precompressed copies, so the server never compresses a static file per request.
const compressible = /\.(js|mjs|wasm|css|svg|json|webmanifest|html|txt|map)$/;
let raw = 0, br = 0;
function precompress(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { precompress(path); continue; }
    if (!compressible.test(name)) continue;
    const data = readFileSync(path);
    const b = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
    writeFileSync(path + ".br", b);
    writeFileSync(path + ".gz", gzipSync(data, { level: 9 }));
    raw += data.length; br += b.length;
  }
}
precompress(site);
console.log(`site ${site}: js ${hashes.js}, wasm ${hashes.wasm}, css ${hashes.css}; ${raw} bytes raw, ${br} bytes brotli`);
