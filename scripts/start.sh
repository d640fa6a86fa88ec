#!/usr/bin/env bash
# npm start: installs what is needed, builds, and opens VS Code with Stacktales loaded on
# the demo workspace: the `code` command where VS Code is installed, else VS Code OSS
# (code-server) in the browser on 127.0.0.1, with its URL printed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
source scripts/ensure.sh
ensure_node_modules
npm run --silent build
WORKSPACE="$ROOT/demo"

cat <<MSG

Stacktales is built. Try first:
  - F1 → "Stacktales: Search Symptoms…" → type: instances lose network after a day
  - the same palette in German: Images verschwinden
  - paste a line from demo/var/log/nova/nova-compute.log ("Removing base file")
  - the Stacktales view in the activity bar lists every entry
  - on the command line: node dist/cli.js search "bond0 down on compute node"

MSG

if command -v code >/dev/null 2>&1 && [ -z "${STACKTALES_BROWSER:-}" ]; then
  exec code --extensionDevelopmentPath="$ROOT" "$WORKSPACE"
fi

ensure_debs ripgrep build-essential python3 pkg-config libkrb5-dev libsecret-1-dev
bash test/vscode/install-code-server.sh .vscode-test/cs
PORT="${PORT:-8377}"
DATA="$ROOT/.vscode-test/start"
mkdir -p "$DATA/ud/User"
[ -f "$DATA/ud/User/settings.json" ] || echo '{"workbench.startupEditor":"none","telemetry.telemetryLevel":"off","update.mode":"none"}' > "$DATA/ud/User/settings.json"
PAYLOAD=$(node -e 'console.log(encodeURIComponent(JSON.stringify([["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${process.argv[1]}${process.argv[2]}`]])))' "$PORT" "$ROOT")
FOLDER=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$WORKSPACE")
echo "Open in your browser:  http://127.0.0.1:$PORT/?folder=$FOLDER&payload=$PAYLOAD"
echo "(VS Code OSS from code-server, listening on 127.0.0.1 only; Ctrl-C stops it)"
exec env XDG_DATA_HOME="$DATA/xdg-data" XDG_CONFIG_HOME="$DATA/xdg-config" \
  node .vscode-test/cs/node_modules/code-server/out/node/entry.js --bind-addr "127.0.0.1:$PORT" --auth none \
  --disable-telemetry --disable-update-check --disable-getting-started-override \
  --user-data-dir "$DATA/ud" --extensions-dir "$DATA/ext" --config "$DATA/config.yaml" "$WORKSPACE"
