# The file tree both formats share, for one package and architecture: the manifest's own files plus
# the /usr/bin link, the unit, sysusers/tmpfiles files and the man page.
# shellcheck shell=bash

# Loads packaging/packages/<pkg>.sh (PKG_* variables and pkg_stage) into the current shell.
load_manifest() { # $1 = package
  unset PKG_COMPONENT PKG_SUMMARY PKG_DESCRIPTION PKG_SECTION PKG_RPM_LICENSE PKG_DEB_DEPENDS PKG_DEB_RECOMMENDS \
    PKG_DEB_SUGGESTS PKG_RPM_REQUIRES PKG_RPM_RECOMMENDS PKG_UNIT PKG_SYSUSERS PKG_TMPFILES \
    PKG_CONFFILES PKG_PURGE_DIRS PKG_ERASE_DIRS PKG_DEB_POSTINST_NOTE
  # shellcheck source=/dev/null
  source "$PACKAGING/packages/$1.sh"
}

stage_package() { # $1 = package, $2 = staging root, $3 = publish folder, $4 = version, $5 = date epoch
  local pkg="$1" root="$2" publish="$3" version="$4" epoch="$5"
  rm -rf "$root"
  install -d -m 0755 "$root/usr/bin"
  pkg_stage "$root" "$publish"
  ln -s "../lib/$pkg/$pkg" "$root/usr/bin/$pkg"
  install -D -m 0644 "$REPO/systemd/$PKG_UNIT" "$root/usr/lib/systemd/system/$PKG_UNIT"
  if [[ -n "$PKG_SYSUSERS" ]]; then
    install -D -m 0644 "$REPO/systemd/$PKG_SYSUSERS" "$root/usr/lib/sysusers.d/$pkg.conf"
  fi
  if [[ -n "$PKG_TMPFILES" ]]; then
    install -D -m 0644 "$REPO/systemd/$PKG_TMPFILES" "$root/usr/lib/tmpfiles.d/$pkg.conf"
  fi
  # journalctl -x explains each of the program's MESSAGE_IDs from this catalog.
  install -D -m 0644 "$PACKAGING/catalog/$pkg.catalog" "$root/usr/lib/systemd/catalog/$pkg.catalog"
  install -d -m 0755 "$root/usr/share/man/man8"
  sed -e "s/@VERSION@/$version/g" -e "s/@DATE@/$(date -u -d "@$epoch" +%Y-%m-%d)/g" \
    "$PACKAGING/man/$pkg.8" | gzip -9n > "$root/usr/share/man/man8/$pkg.8.gz"
  chmod 0644 "$root/usr/share/man/man8/$pkg.8.gz"
}

# Every file and folder dated to the build date: reproducible packages from one commit.
clamp_times() { # $1 = root, $2 = epoch
  find "$1" -depth -exec touch --no-dereference --date="@$2" {} +
}
