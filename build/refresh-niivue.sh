#!/usr/bin/env bash
# Refreshes the vendored NiiVue bundle in src/Web/wwwroot/lib/niivue from npm, so the lab itself needs no node.
# Usage: build/refresh-niivue.sh [version]   (default: the version npm serves as latest)
# Needs node and npm; works in a temporary folder, never in the repository.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$repo_root/src/Web/wwwroot/lib/niivue"
version="${1:-$(npm view @niivue/niivue version)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "@niivue/niivue@$version" >/dev/null
tar xzf "niivue-niivue-$version.tgz"
bundle="package/dist/index.js"
# The published ES module is self-contained (no imports); anything else means the layout changed and this script needs updating.
if grep -q '^import ' "$bundle"; then
  echo "refresh-niivue: $bundle imports other modules; the vendored copy must be a single file" >&2
  exit 1
fi

mkdir -p "$target"
# The source map is not vendored, so its comment would only make browsers ask for a missing file.
grep -v '^//# sourceMappingURL=' "$bundle" > "$target/niivue.js"
# npm's package carries no licence file: LICENSE beside the bundle is the repository's BSD-2-Clause text
# (github.com/niivue/niivue/blob/main/LICENSE). Stop if the package declares another licence, so it gets re-read.
license="$(node -p "require('./package/package.json').license")"
if [ "$license" != "BSD-2-Clause" ]; then
  echo "refresh-niivue: @niivue/niivue $version declares license '$license', not BSD-2-Clause; update $target/LICENSE" >&2
  exit 1
fi
printf '@niivue/niivue %s\nhttps://www.npmjs.com/package/@niivue/niivue/v/%s\nlicense: %s\nfile: niivue.js = package/dist/index.js\n' \
  "$version" "$version" "$license" > "$target/VERSION"
echo "NiiVue $version vendored into $target"
