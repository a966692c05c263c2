// Writes .br and .gz next to every compressible file of the built site, so the server can send
// precompressed files (tower-http ServeDir picks them by Accept-Encoding).
import { readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const root = process.argv[2] || "target/site";
const compressible = /\.(js|mjs|wasm|css|svg|json|webmanifest|html|txt|map)$/;
let raw = 0, br = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) { walk(path); continue; }
    if (!compressible.test(name)) continue;
    const data = readFileSync(path);
    const b = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
    writeFileSync(path + ".br", b);
    writeFileSync(path + ".gz", gzipSync(data, { level: 9 }));
    raw += data.length; br += b.length;
  }
}
walk(root);
console.log(`precompressed ${root}: ${raw} bytes raw, ${br} bytes brotli`);
