#!/usr/bin/env bash
# npm test: installs what the tests need, builds, then runs every suite:
#   unit tests (core, CLI) with mocha, eslint, `stacktales kb check`, and the extension-host
#   suite inside a real VS Code (offline code-server by default; STACKTALES_VSCODE=electron
#   for @vscode/test-electron where VS Code can be downloaded).
# Ends with one line "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure.sh

# The real-hosts tier builds chrooted hosts (sshd's ChrootDirectory, device nodes, a test user): root only.
if [ "$(id -u)" -ne 0 ]; then
  echo "stacktales: the tests build real test hosts (chroot, a test user) and need root. Run:" >&2
  echo "  sudo npm test" >&2
  exit 1
fi

ensure_debs "${VSCODE_DEBS[@]}" "${SSH_DEBS[@]}" "${HOST_DEBS[@]}"
ensure_node_modules
if [ "${STACKTALES_VSCODE:-}" != electron ]; then bash test/vscode/install-code-server.sh .vscode-test/cs >/dev/null; fi

npm run --silent build
npx tsc -p .
mkdir -p out/test-results
status=0

echo "== unit tests"
node test/run-unit.js out/test-results/unit.json || status=1

echo "== lint (eslint: layering of src/core and src/cli, promises)"
if npx eslint .; then echo '{"passed":1,"failed":0}' > out/test-results/lint.json
else echo '{"passed":0,"failed":1}' > out/test-results/lint.json; status=1; fi

echo "== kb check"
if node dist/cli.js kb check; then echo '{"passed":1,"failed":0}' > out/test-results/kb-check.json
else echo '{"passed":0,"failed":1}' > out/test-results/kb-check.json; status=1; fi

echo "== extension host tests"
node test/vscode/run.js | tee out/test-results/vscode.log || status=1
node -e '
  const log = require("fs").readFileSync("out/test-results/vscode.log", "utf8");
  const m = /^vscode: (\d+) passed, (\d+) failed$/m.exec(log) || [0, 0, 1];
  require("fs").writeFileSync("out/test-results/vscode.json", JSON.stringify({ passed: +m[1], failed: +m[2] }));'

echo "== the packaged VSIX, installed into a clean VS Code"
npm run --silent package > out/test-results/package.log 2>&1 || { cat out/test-results/package.log; status=1; }
STACKTALES_ACTIVATION_OUT="$PWD/out/test-results/activation.json" node test/vscode/run.js --vsix stacktales.vsix | tee out/test-results/vsix.log || status=1
npm run --silent build
node -e '
  const log = require("fs").readFileSync("out/test-results/vsix.log", "utf8");
  const m = /^vsix: (\d+) passed, (\d+) failed$/m.exec(log) || [0, 0, 1];
  require("fs").writeFileSync("out/test-results/vsix.json", JSON.stringify({ passed: +m[1], failed: +m[2] }));'

node -e '
  const fs = require("fs"); let p = 0, f = 0;
  for (const s of ["unit", "lint", "kb-check", "vscode", "vsix"]) { const r = JSON.parse(fs.readFileSync(`out/test-results/${s}.json`, "utf8")); p += r.passed; f += r.failed; }
  console.log(`tests: ${p} passed, ${f} failed`);'
exit $status
