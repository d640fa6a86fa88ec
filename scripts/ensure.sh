# Shared by scripts/test.sh and scripts/start.sh: install what is missing, or say exactly how.
# shellcheck shell=bash

# ensure_debs PKG...: Debian packages; installed with apt-get when root, else the command is printed.
ensure_debs() {
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "stacktales: missing system packages. Run, then try again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "stacktales: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ensure_node_modules: npm ci when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
}

# Packages the offline VS Code (code-server) and its headless browser need.
VSCODE_DEBS=(chromium ripgrep build-essential python3 pkg-config libkrb5-dev libsecret-1-dev)
# OpenSSH's server and client for the SSH tests (real sshd on 127.0.0.1), pssh for the fan-out benchmark.
SSH_DEBS=(openssh-server openssh-client pssh)
# The real-hosts tier (test/hosts/): the real tools its chrooted hosts run (qemu-img, sudo, the
# MariaDB server and client with nova's schema, tcpdump reading captures) and ansible-core for the exported playbooks.
HOST_DEBS=(qemu-utils sudo mariadb-server tcpdump ansible-core)
