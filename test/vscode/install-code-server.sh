#!/usr/bin/env bash
# Installs VS Code OSS (the npm package code-server) into a cache folder, offline-capable:
# only the npm registry and Debian packages are used. It is a test tool, not a dependency:
# code-server's own install script downloads ripgrep from GitHub, so we do its steps by hand.
# Usage: install-code-server.sh [PREFIX]   (default .vscode-test/cs)
set -euo pipefail
PREFIX="$(mkdir -p "${1:-.vscode-test/cs}" && cd "${1:-.vscode-test/cs}" && pwd)"
CS_VERSION="${CS_VERSION:-4.100.3}"
STAMP="$PREFIX/.installed-$CS_VERSION"
if [ -f "$STAMP" ]; then echo "code-server $CS_VERSION already in $PREFIX"; exit 0; fi
test -f /usr/include/node/common.gypi || { echo "need node headers in /usr/include/node (Debian nodejs package)"; exit 1; }
export npm_config_nodedir=/usr JOBS=2 npm_config_yes=true
cd "$PREFIX"
# The harness is ours, and so its install-script policy (npm's allowScripts): argon2 builds,
# code-server's own postinstall never runs (step 3 does its work).
[ -f package.json ] || echo '{"name":"cs-harness","private":true}' > package.json
node -e 'const fs = require("fs"); const p = JSON.parse(fs.readFileSync("package.json", "utf8")); p.allowScripts = {"argon2":true,"code-server":false}; fs.writeFileSync("package.json", JSON.stringify(p))'
# 1. code-server without lifecycle scripts (its postinstall would fetch ripgrep from GitHub and fail)
npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION" playwright-core@1.65.1
# 2. the outer native dependency, built here (node-pre-gyp would try GitHub first); node-pre-gyp is
#    called itself, as npm would not take --build-from-source without a warning; its log is kept.
(cd node_modules/argon2 && node "$(node -p 'require.resolve("@mapbox/node-pre-gyp/bin/node-pre-gyp")')" install --fallback-to-build --build-from-source) > argon2-build.log 2>&1 || { cat argon2-build.log; exit 1; }
# 3. what code-server's postinstall.sh does, minus the GitHub download. Its packages are not ours:
#    npm's notes on their install scripts are not shown (errors are), nor its extensions' file list.
cd node_modules/code-server/lib/vscode
npm install --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error
mkdir -p node_modules/@vscode/ripgrep/bin && cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
npm rebuild --loglevel=error kerberos @parcel/watcher @vscode/spdlog native-watchdog node-pty @vscode/deviceid || true  # node-pty's compile_commands step may fail harmlessly
for f in node_modules/kerberos/build/Release/kerberos.node node_modules/@vscode/spdlog/build/Release/spdlog.node \
         node_modules/native-watchdog/build/Release/watchdog.node node_modules/node-pty/build/Release/pty.node \
         node_modules/@vscode/deviceid/build/Release/windows.node; do test -f "$f" || { echo "MISSING $f"; exit 1; }; done
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error > "$PREFIX/extensions-install.log")
cd "$PREFIX"
node node_modules/code-server/out/node/entry.js --version
touch "$STAMP"
echo "OK: code-server installed in $PREFIX/node_modules/code-server"
