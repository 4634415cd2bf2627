# Real Debian kernel modules for the .modinfo reader test (compared with kmod's modinfo): a few fs/*.ko
# from the newest linux-image-*-cloud-amd64 package, downloaded once into the test cache.
# shellcheck shell=bash

prepare_modules_fixture() { # $1 = cache folder; prints the modules folder
  local cache="$1/debian-modules"
  if [[ -n "$(find "$cache/lib" -name '*.ko' -print -quit 2>/dev/null)" ]]; then
    echo "$cache"; return 0
  fi
  mkdir -p "$cache"
  local package
  package="$(apt-cache search --names-only '^linux-image-[0-9.]+-[0-9]+-cloud-amd64$' | awk '{print $1}' | sort -V | tail -n1)"
  if [[ -z "$package" ]]; then
    apt-get update -qq >/dev/null
    package="$(apt-cache search --names-only '^linux-image-[0-9.]+-[0-9]+-cloud-amd64$' | awk '{print $1}' | sort -V | tail -n1)"
  fi
  [[ -n "$package" ]] || { echo "no linux-image-*-cloud-amd64 package in the apt sources" >&2; return 1; }
  (cd "$cache" && timeout 300 apt-get download -qq "$package" >/dev/null)
  dpkg-deb --fsys-tarfile "$cache"/*.deb | tar -x -C "$cache" --wildcards './lib/modules/*/kernel/fs/*' 2>/dev/null \
    || dpkg-deb --fsys-tarfile "$cache"/*.deb | tar -x -C "$cache" --wildcards './usr/lib/modules/*/kernel/fs/*'
  rm -f "$cache"/*.deb
  echo "$cache"
}
