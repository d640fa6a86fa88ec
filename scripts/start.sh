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

# The lab: simulated hosts over SSH on 127.0.0.1, and the demo workspace's settings pointing at it.
LAB_DIR="$ROOT/.stacktales-lab"
LAB_PORT="${LAB_PORT:-2222}"
LAB_OUT="$(mktemp)"
node dist/cli.js lab --port "$LAB_PORT" --dir "$LAB_DIR" --json > "$LAB_OUT" &
LAB_PID=$!
trap 'kill $LAB_PID 2>/dev/null' EXIT
for _ in $(seq 1 100); do grep -q '"ready":true' "$LAB_OUT" && break; kill -0 $LAB_PID 2>/dev/null || { echo "stacktales: the lab did not start (is port $LAB_PORT busy? LAB_PORT=2300 npm start)"; exit 1; }; sleep 0.1; done
LAB_SETTINGS="\"stacktales.ssh.configFile\": \"$LAB_DIR/ssh_config\", \"stacktales.inventory\": \"$LAB_DIR/inventory.ini\", \"stacktales.ssh.knownHostsFiles\": [\"$LAB_DIR/known_hosts\"]"

cat <<MSG

Stacktales is built. Try first:
  - F1 → "Stacktales: Search Symptoms…" → type: instances lose network after a day
  - the same palette in German: Images verschwinden
  - paste a line from demo/var/log/nova/nova-compute.log ("Removing base file")
  - the Stacktales view in the activity bar lists every entry
  - the Hosts view lists the lab's hosts (one scenario per tale, plus healthy ones):
    run a diagnostic or open a runbook on them (Stacktales: Open Runbook…), open their files
    (Stacktales: Open Remote File… → double-vlan-cmp → /etc/nova/nova.conf), follow a log
    (Open Remote Log…) or scan them (Scan Remote Logs and Configs…)
  - on the command line, against the lab (it runs while this does):
      node dist/cli.js triage --inventory $LAB_DIR/double-vlan/inventory.ini --ssh-config $LAB_DIR/ssh_config
      node dist/cli.js runbook double-vlan --inventory $LAB_DIR/double-vlan/inventory.ini --ssh-config $LAB_DIR/ssh_config
      node dist/cli.js scan --inventory $LAB_DIR/disappearing-images/inventory.ini --ssh-config $LAB_DIR/ssh_config '/var/log/nova/*.log*' /var/log/libvirt /etc/nova/nova.conf /proc/mounts

MSG

if command -v code >/dev/null 2>&1 && [ -z "${STACKTALES_BROWSER:-}" ]; then
  # Desktop VS Code keeps the user's own settings: the lab goes into the demo workspace's settings.
  mkdir -p "$WORKSPACE/.vscode" && echo "{ $LAB_SETTINGS }" > "$WORKSPACE/.vscode/settings.json"
  code --wait --extensionDevelopmentPath="$ROOT" "$WORKSPACE"
  exit 0
fi

ensure_debs ripgrep build-essential python3 pkg-config libkrb5-dev libsecret-1-dev
bash test/vscode/install-code-server.sh .vscode-test/cs
PORT="${PORT:-8377}"
DATA="$ROOT/.vscode-test/start"
mkdir -p "$DATA/ud/User"
# The browser workbench has a user profile of its own: the lab settings go there.
echo "{\"workbench.startupEditor\": \"none\", \"telemetry.telemetryLevel\": \"off\", \"update.mode\": \"none\", $LAB_SETTINGS}" > "$DATA/ud/User/settings.json"
PAYLOAD=$(node -e 'console.log(encodeURIComponent(JSON.stringify([["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${process.argv[1]}${process.argv[2]}`]])))' "$PORT" "$ROOT")
FOLDER=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$WORKSPACE")
echo "Open in your browser:  http://127.0.0.1:$PORT/?folder=$FOLDER&payload=$PAYLOAD"
echo "(VS Code OSS from code-server, listening on 127.0.0.1 only; Ctrl-C stops it)"
env XDG_DATA_HOME="$DATA/xdg-data" XDG_CONFIG_HOME="$DATA/xdg-config" \
  node .vscode-test/cs/node_modules/code-server/out/node/entry.js --bind-addr "127.0.0.1:$PORT" --auth none \
  --disable-telemetry --disable-update-check --disable-getting-started-override \
  --user-data-dir "$DATA/ud" --extensions-dir "$DATA/ext" --config "$DATA/config.yaml" "$WORKSPACE"
