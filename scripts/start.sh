#!/usr/bin/env bash
# npm start: installs what is needed, builds, and opens VS Code with Stacktales loaded on
# the demo workspace: the `code` command where VS Code is installed, else VS Code OSS
# (code-server) in the browser on 127.0.0.1, with its URL printed.
#
# It runs two processes, the lab and the editor, and stops both however it is stopped:
# Ctrl-C, SIGTERM to npm, to this script, to the lab or to the editor, or the terminal
# closing (SIGHUP). npm's package.json runs it with `exec`, so npm's signals reach it.
#
# Environment: LAB_PORT (2222), PORT (8377), STACKTALES_BROWSER=1 (code-server even where
# `code` exists), STACKTALES_LAB_DIR (.stacktales-lab), STACKTALES_START_DATA (.vscode-test/start:
# the editor's profile), STACKTALES_CODE_SERVER_ENTRY (another code-server entry point: the tests'
# stand-in, where a real VS Code would be too heavy).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
source scripts/ensure.sh

LAB_PID=""
EDITOR_PID=""
EDITOR_GROUP=""
LAB_OUT="$(mktemp)"

# A process of ours that has not ended (a zombie has: it only waits to be reaped).
running() { local state; [ -r "/proc/$1/stat" ] && read -r _ _ state _ < "/proc/$1/stat" 2>/dev/null && [ "$state" != Z ]; }

# Stops the lab and the editor's whole process group, once: SIGTERM, up to 5 s, then SIGKILL.
# Quiet (the terminal may be gone), and deaf to more signals while it works.
STOPPED=""
stop_all() {
  set +e
  trap '' INT TERM HUP
  [ -n "$STOPPED" ] && return 0
  STOPPED=1
  local p _ left
  [ -n "$EDITOR_GROUP" ] && kill -TERM -- "-$EDITOR_GROUP" 2>/dev/null
  for p in $EDITOR_PID $LAB_PID; do kill -TERM "$p" 2>/dev/null; done
  for _ in $(seq 50); do
    left=""
    for p in $EDITOR_PID $LAB_PID; do if running "$p"; then left=1; else wait "$p" 2>/dev/null; fi; done
    [ -n "$EDITOR_GROUP" ] && kill -0 -- "-$EDITOR_GROUP" 2>/dev/null && left=1
    [ -z "$left" ] && break
    sleep 0.1
  done
  [ -n "$EDITOR_GROUP" ] && kill -KILL -- "-$EDITOR_GROUP" 2>/dev/null
  for p in $EDITOR_PID $LAB_PID; do kill -KILL "$p" 2>/dev/null; done
  rm -f "$LAB_OUT"
  return 0
}
# A stop asked for is a clean end (exit 0): npm has nothing to report as an error.
trap 'stop_all; exit 0' INT TERM HUP
trap 'stop_all' EXIT

ensure_node_modules
npm run --silent build
WORKSPACE="$ROOT/demo"

# The lab: simulated hosts over SSH on 127.0.0.1, and the demo workspace's settings pointing at it.
LAB_DIR="${STACKTALES_LAB_DIR:-$ROOT/.stacktales-lab}"
LAB_PORT="${LAB_PORT:-2222}"
node dist/cli.js lab --port "$LAB_PORT" --dir "$LAB_DIR" --json > "$LAB_OUT" &
LAB_PID=$!
for _ in $(seq 1 100); do grep -q '"ready":true' "$LAB_OUT" && break; kill -0 "$LAB_PID" 2>/dev/null || { echo "stacktales: the lab did not start (is port $LAB_PORT busy? LAB_PORT=2300 npm start)"; exit 1; }; sleep 0.1; done
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
      node dist/cli.js runbook bpdu-guard-massacre --inventory $LAB_DIR/bpdu-guard-massacre/inventory.ini --ssh-config $LAB_DIR/ssh_config
      node dist/cli.js scan --inventory $LAB_DIR/disappearing-images/inventory.ini --ssh-config $LAB_DIR/ssh_config '/var/log/nova/*.log*' /var/log/libvirt /etc/nova/nova.conf /proc/mounts

MSG

if command -v code >/dev/null 2>&1 && [ -z "${STACKTALES_BROWSER:-}" ]; then
  # Desktop VS Code keeps the user's own settings: the lab goes into the demo workspace's settings.
  # Closing its window ends `code --wait`, and so this script and the lab.
  mkdir -p "$WORKSPACE/.vscode" && echo "{ $LAB_SETTINGS }" > "$WORKSPACE/.vscode/settings.json"
  code --wait --extensionDevelopmentPath="$ROOT" "$WORKSPACE" &
  EDITOR_PID=$!
else
  CS_ENTRY="${STACKTALES_CODE_SERVER_ENTRY:-}"
  if [ -z "$CS_ENTRY" ]; then
    ensure_debs ripgrep build-essential python3 pkg-config libkrb5-dev libsecret-1-dev
    bash test/vscode/install-code-server.sh .vscode-test/cs
    CS_ENTRY=.vscode-test/cs/node_modules/code-server/out/node/entry.js
  fi
  PORT="${PORT:-8377}"
  DATA="${STACKTALES_START_DATA:-$ROOT/.vscode-test/start}"
  mkdir -p "$DATA/ud/User"
  # The browser workbench has a profile of its own, used only by npm start: the lab settings go
  # there. The demo folder is ours, so this profile trusts it: VS Code in the browser keeps trust
  # decisions in the browser, not in the profile, so without this every new browser session
  # would ask again and open it in Restricted Mode. Trust stays on in every other profile.
  echo "{\"workbench.startupEditor\": \"none\", \"telemetry.telemetryLevel\": \"off\", \"update.mode\": \"none\", \"security.workspace.trust.enabled\": false, $LAB_SETTINGS}" > "$DATA/ud/User/settings.json"
  PAYLOAD=$(node -e 'console.log(encodeURIComponent(JSON.stringify([["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${process.argv[1]}${process.argv[2]}`]])))' "$PORT" "$ROOT")
  FOLDER=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$WORKSPACE")
  echo "Open in your browser:  http://127.0.0.1:$PORT/?folder=$FOLDER&payload=$PAYLOAD"
  echo "(VS Code OSS from code-server, listening on 127.0.0.1 only; Ctrl-C stops it and the lab)"
  # In a process group of its own (setsid): its helpers (extension hosts, file watcher) stop with it.
  env XDG_DATA_HOME="$DATA/xdg-data" XDG_CONFIG_HOME="$DATA/xdg-config" \
    setsid node "$CS_ENTRY" --bind-addr "127.0.0.1:$PORT" --auth none \
    --disable-telemetry --disable-update-check --disable-getting-started-override \
    --user-data-dir "$DATA/ud" --extensions-dir "$DATA/ext" --config "$DATA/config.yaml" "$WORKSPACE" &
  EDITOR_PID=$!
  EDITOR_GROUP=$EDITOR_PID
fi

# Until either ends (the editor closed or stopped, the lab stopped); the EXIT trap stops the other.
wait -n "$LAB_PID" "$EDITOR_PID" || true
