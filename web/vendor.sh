#!/usr/bin/env bash
# Copy the built front-end libraries the web app uses into the package (run by `make vendor`).
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund --silent
out=../src/khabar/serve/static/vendor
mkdir -p "$out"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$out/"
cp node_modules/leaflet/LICENSE "$out/LICENSE.leaflet"
cp node_modules/cytoscape/dist/cytoscape.min.js "$out/"
cp node_modules/cytoscape/LICENSE "$out/LICENSE.cytoscape"
cp node_modules/topojson-client/dist/topojson-client.min.js "$out/"
cp node_modules/topojson-client/LICENSE "$out/LICENSE.topojson-client"
cp node_modules/world-atlas/countries-110m.json "$out/"
cp node_modules/world-atlas/LICENSE "$out/LICENSE.world-atlas"
cp node_modules/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js "$out/"
cp node_modules/vis-timeline/styles/vis-timeline-graph2d.min.css "$out/"
for f in node_modules/vis-timeline/LICENSE*; do cp "$f" "$out/LICENSE.vis-timeline.$(basename "$f" | sed 's/^LICENSE\.\{0,1\}//')"; done
echo "vendored into $out"
