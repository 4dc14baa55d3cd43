#!/bin/sh
# Re-vendor Decap CMS's built bundle from its npm package into generator/publish/cms/vendor/.
# Usage: scripts/vendor_cms.sh [VERSION]   (make vendor-cms)
# The wheel ships these files, so the form editor loads nothing from any other host.
set -eu
VERSION="${1:-3.16.3}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$HERE/generator/publish/cms/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "decap-cms@$VERSION" >/dev/null
tar xzf "decap-cms-$VERSION.tgz"
rm -rf "$DEST"
mkdir -p "$DEST"
# The main bundle, its lazily loaded chunks and WebAssembly parts; no source maps.
cp package/dist/decap-cms.js package/dist/*.decap-cms.js package/dist/*.wasm "$DEST/"
cp package/dist/cms.js.LICENSE.txt "$DEST/THIRD-PARTY-LICENSES.txt"
LICENSE="$(node -e 'console.log(require("./package/package.json").license)' 2>/dev/null || echo MIT)"
cd "$DEST"
{
  echo "# Decap CMS, vendored from npm by scripts/vendor_cms.sh"
  echo "package: decap-cms"
  echo "version: $VERSION"
  echo "licence: $LICENSE (https://github.com/decaporg/decap-cms/blob/main/LICENSE); bundled third-party licences in THIRD-PARTY-LICENSES.txt"
  echo "tarball_sha256: $(sha256sum "$WORK/decap-cms-$VERSION.tgz" | cut -d' ' -f1)"
  echo "files:"
  sha256sum -- *.js *.wasm | sort -k2 | sed 's/^\([0-9a-f]*\)  \(.*\)$/  \2: \1/'
} > VENDOR.yaml
echo "Vendored decap-cms $VERSION into $DEST"
