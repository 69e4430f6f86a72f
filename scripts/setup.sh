#!/usr/bin/env bash
# Installs everything earshot needs, from Debian's and npm's registries only.
# Idempotent: every step checks first and skips what is already present.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config xz-utils dpkg-dev
  emscripten
  nlohmann-json3-dev
  libboost1.81-dev
  catch2
  libcli11-dev
  libsqlite3-dev
  libssl-dev
  chromium
  fonts-dejavu-core python3-fonttools
  nodejs npm
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from elsewhere on the machine; accept working binaries.
    case "$p" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
    esac
    missing+=("$p")
  fi
done

need_src=0
if [ ! -f "$here/build/_deps/imgui-src/imgui.cpp" ] && ! ls "$here"/build/_deps/imgui_*.orig.tar.* >/dev/null 2>&1; then
  need_src=1
fi

if [ ${#missing[@]} -gt 0 ] || [ $need_src -eq 1 ]; then
  if [ $need_src -eq 1 ] && [ ! -f /etc/apt/sources.list.d/debian-src.sources ] && [ -f /etc/apt/sources.list.d/debian.sources ]; then
    log "enabling Debian source packages (for Dear ImGui sources)"
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
  fi
  log "apt-get update"
  $SUDO apt-get update -qq
fi

if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages: all present"
fi

# Dear ImGui sources from the Debian source package (never committed).
mkdir -p "$here/build/_deps"
if [ ! -f "$here/build/_deps/imgui-src/imgui.cpp" ]; then
  log "fetching Dear ImGui sources (Debian source package 'imgui')"
  ( cd "$here/build/_deps" && apt-get source --download-only imgui >/dev/null 2>&1 || apt-get source --download-only imgui )
  tarball=$(ls "$here"/build/_deps/imgui_*.orig.tar.* | head -1)
  rm -rf "$here/build/_deps/imgui-src" && mkdir -p "$here/build/_deps/imgui-src"
  tar -xf "$tarball" -C "$here/build/_deps/imgui-src" --strip-components=1
else
  log "Dear ImGui sources: present"
fi

# npm packages, pinned by the committed lockfile.
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
else
  log "npm packages: present"
fi
log "done"
