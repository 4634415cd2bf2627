# Shared helpers of the end-to-end scripts: logging, a private apt root (amd64 + arm64) that leaves the
# machine's own dpkg state alone, and Debian packages cached by their sha256 from the archive index.
# shellcheck shell=bash

e2e_log() { printf '== %s\n' "$*" >&2; }
e2e_die() { printf 'e2e: %s\n' "$*" >&2; exit 1; }

# Milliseconds since the epoch (phase timings).
e2e_now_ms() { date +%s%3N; }

# Seconds with one decimal between two e2e_now_ms values.
e2e_seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# Debian architecture -> the machine name the kernel reports (uname -m) and the GNU triplet.
e2e_machine() { case "$1" in amd64) echo x86_64 ;; arm64) echo aarch64 ;; *) e2e_die "unknown architecture '$1' (amd64 or arm64)" ;; esac; }
e2e_triplet() { echo "$(e2e_machine "$1")-linux-gnu"; }

# Package lists older than this are refreshed before a lookup (kernels appear in -security every few weeks).
E2E_LISTS_MAX_AGE_MINUTES=${E2E_LISTS_MAX_AGE_MINUTES:-720}

# e2e_apt_root CACHE: creates (once) and refreshes (when stale) a private apt root under CACHE/apt whose
# sources are the machine's own apt sources, for amd64 and arm64. Sets E2E_APT_CONFIG.
e2e_apt_root() {
  local root="$1/apt"
  E2E_APT_CONFIG="$root/etc/apt/apt.conf"
  mkdir -p "$root/etc/apt/sources.list.d" "$root/etc/apt/apt.conf.d" "$root/etc/apt/preferences.d" \
    "$root/var/lib/apt/lists/partial" "$root/var/cache/apt/archives/partial" "$root/var/lib/dpkg" "$root/var/log/apt"
  [[ -e "$root/var/lib/dpkg/status" ]] || : >"$root/var/lib/dpkg/status"
  # apt.conf(5): every Dir:: path inside the root; keyrings stay the machine's (Signed-By names them).
  cat >"$E2E_APT_CONFIG" <<EOF
Dir "$root/";
Dir::State "$root/var/lib/apt";
Dir::State::status "$root/var/lib/dpkg/status";
Dir::Cache "$root/var/cache/apt";
Dir::Log "$root/var/log/apt";
Dir::Etc "$root/etc/apt";
Dir::Etc::main "$root/etc/apt/apt.conf";
Dir::Etc::Parts "$root/etc/apt/apt.conf.d";
Dir::Etc::Trusted "/etc/apt/trusted.gpg";
Dir::Etc::TrustedParts "/etc/apt/trusted.gpg.d";
APT::Architecture "amd64";
APT::Architectures { "amd64"; "arm64"; };
APT::Sandbox::User "root";
Acquire::http::Timeout "30";
Acquire::Retries "2";
EOF
  e2e_compose_sources >"$root/etc/apt/sources.list.d/e2e.sources.tmp"
  [[ -s "$root/etc/apt/sources.list.d/e2e.sources.tmp" ]] ||
    e2e_die "no 'deb' source in /etc/apt/sources.list or /etc/apt/sources.list.d/: the kernel images come from the machine's Debian sources"
  if cmp -s "$root/etc/apt/sources.list.d/e2e.sources.tmp" "$root/etc/apt/sources.list.d/e2e.sources"; then
    rm "$root/etc/apt/sources.list.d/e2e.sources.tmp"
  else
    mv "$root/etc/apt/sources.list.d/e2e.sources.tmp" "$root/etc/apt/sources.list.d/e2e.sources"
  fi

  local stamp="$root/var/lib/apt/lists/.e2e-updated"
  if [[ ! -e "$stamp" || -n "$(find "$stamp" -mmin +"$E2E_LISTS_MAX_AGE_MINUTES" 2>/dev/null)" ||
        "$root/etc/apt/sources.list.d/e2e.sources" -nt "$stamp" ]]; then
    e2e_log "refreshing the package lists of the private apt root ($root)"
    APT_CONFIG="$E2E_APT_CONFIG" timeout 300 apt-get update -qq >/dev/null || e2e_die "apt-get update failed (APT_CONFIG=$E2E_APT_CONFIG)"
    touch "$stamp"
  fi
}

# The machine's binary sources (deb822 *.sources and one-line *.list / sources.list), as deb822 stanzas
# for amd64 and arm64 (sources.list(5)).
e2e_compose_sources() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -e "$f" ]] || continue
    awk '
      function flush() { if (n && deb && enabled) { for (i = 1; i <= n; i++) print lines[i]; print "Architectures: amd64 arm64"; print "" } n = 0; deb = 0; enabled = 1 }
      BEGIN { n = 0; deb = 0; enabled = 1 }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^Types:/ { if ($0 ~ /[ \t]deb([ \t]|$)/) deb = 1; lines[++n] = "Types: deb"; next }
      /^Enabled:[ \t]*no/ { enabled = 0; next }
      /^Architectures:/ { next }
      { lines[++n] = $0 }
      END { flush() }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -e "$f" ]] || continue
    awk '
      /^[ \t]*deb[ \t]/ {
        sub(/^[ \t]*deb[ \t]+/, ""); opts = ""
        if ($0 ~ /^\[/) { opts = substr($0, 2, index($0, "]") - 2); $0 = substr($0, index($0, "]") + 1) }
        split($0, w, /[ \t]+/); k = 0; for (i in w) if (w[i] != "") words[++k] = w[i]
        printf "Types: deb\nURIs: %s\nSuites: %s\n", words[1], words[2]
        if (k > 2) { printf "Components:"; for (i = 3; i <= k; i++) printf " %s", words[i]; printf "\n" }
        m = split(opts, o, /[ \t]+/)
        for (i = 1; i <= m; i++) if (o[i] ~ /^signed-by=/) printf "Signed-By: %s\n", substr(o[i], 11)
        printf "Architectures: amd64 arm64\n\n"
        delete words
      }' "$f"
  done
}

# e2e_deb CACHE PACKAGE[:ARCH]: prints the path of the newest version of the package, downloaded once and
# kept as CACHE/debs/<sha256>.deb (the digest the archive's index names, checked after download).
e2e_deb() {
  local cache="$1" package="$2"
  local show sha version
  # The lookup is remembered until the lists are refreshed: apt-cache takes a second per call.
  local resolved="$cache/debs/resolved/$package"
  if [[ -e "$resolved" && "$resolved" -nt "$cache/apt/var/lib/apt/lists/.e2e-updated" ]]; then
    read -r sha version <"$resolved"
  else
    show="$(APT_CONFIG="$E2E_APT_CONFIG" apt-cache show --no-all-versions "$package" 2>/dev/null)" ||
      e2e_die "package $package is not in the archive (APT_CONFIG=$E2E_APT_CONFIG); available kernels: apt-cache search linux-image"
    sha="$(awk '/^SHA256:/ { print $2; exit }' <<<"$show")"
    version="$(awk '/^Version:/ { print $2; exit }' <<<"$show")"
    [[ "$sha" =~ ^[0-9a-f]{64}$ ]] || e2e_die "the archive index names no SHA256 for $package"
    mkdir -p "$cache/debs/resolved"
    echo "$sha $version" >"$resolved.tmp" && mv "$resolved.tmp" "$resolved"
  fi
  local target="$cache/debs/$sha.deb"
  if [[ ! -e "$target" ]]; then
    mkdir -p "$cache/debs"
    local temp
    temp="$(mktemp -d "$cache/debs/.download.XXXXXX")"
    e2e_log "downloading $package $version"
    (cd "$temp" && APT_CONFIG="$E2E_APT_CONFIG" timeout 600 apt-get download -qq "$package=$version" >/dev/null 2>&1) ||
      { rm -rf "$temp"; e2e_die "apt-get download $package=$version failed"; }
    local got
    got="$(sha256sum "$temp"/*.deb | awk '{ print $1 }')"
    [[ "$got" == "$sha" ]] || { rm -rf "$temp"; e2e_die "$package $version: downloaded sha256 $got, the archive index says $sha"; }
    mv "$temp"/*.deb "$target"
    rmdir "$temp"
  fi
  echo "$target"
}
