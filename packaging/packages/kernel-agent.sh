# Package manifest: kernel-agent, the NativeAOT agent with libsodium beside it.
# shellcheck shell=bash disable=SC2034  # read by deb.sh and rpm.sh

PKG_COMPONENT=agent
PKG_SUMMARY="Verified loader of exact-match kernel modules"
PKG_DESCRIPTION="kernel-agent reads the host's exact kernel identity and resolves the kernel
module built for exactly that kernel: from its cache, the configured artifact
stores or the KernelAgent build farm. It verifies the module's signed
attestation, digest, variant and vermagic, then installs and loads it. It never
loads a module built for another kernel. kernel-agent.service runs it at boot."
PKG_SECTION="admin"
# SPDX expression of everything inside (packaging/copyright has the details).
PKG_RPM_LICENSE="LicenseRef-KernelAgent AND MIT AND Apache-2.0 AND BSD-3-Clause AND ISC"
# libc: the newest symbol version the executable binds (GLIBC_2.34); kmod: depmod; libssl: the .NET
# TLS stack loads it at run time for https:// stores and farms.
PKG_DEB_DEPENDS="libc6 (>= 2.34), kmod, libssl3t64 | libssl3 | libssl1.1"
PKG_DEB_RECOMMENDS="ca-certificates"
PKG_DEB_SUGGESTS=""
# libssl as a rich dependency on either soname: its package name differs between distributions.
PKG_RPM_REQUIRES="kmod (libssl.so.3()(64bit) or libssl.so.1.1()(64bit))"
PKG_RPM_RECOMMENDS="ca-certificates"
PKG_UNIT=kernel-agent.service
PKG_SYSUSERS=""
PKG_TMPFILES=kernel-agent.tmpfiles.conf
PKG_CONFFILES=(/etc/kernel-agent/agent.json)
# Removed on purge (deb); rpm has no purge and removes only the cache on erase. The trusted keys and conf.d
# drop-ins are the administrator's configuration in folders the package ships empty: remove keeps them, purge
# deletes them with the rest of the configuration (postrm runs before dpkg removes its folders, so no
# "not empty" warning).
PKG_PURGE_DIRS=(/var/lib/kernel-agent /var/cache/kernel-agent /etc/kernel-agent/trusted-keys /etc/kernel-agent/conf.d)
# Printed on first installation while no key is trusted yet (the unit is skipped until then).
PKG_DEB_POSTINST_NOTE=postinst-configure-note
PKG_ERASE_DIRS=(/var/cache/kernel-agent)

# $1 = staging root, $2 = publish folder of this architecture.
pkg_stage() {
  local root="$1" publish="$2"
  install -D -m 0755 "$publish/kernel-agent" "$root/usr/lib/kernel-agent/kernel-agent"
  install -D -m 0644 "$publish/libsodium.so" "$root/usr/lib/kernel-agent/libsodium.so"
  install -D -m 0644 "$PACKAGING/config/agent.json" "$root/etc/kernel-agent/agent.json"
  install -d -m 0755 "$root/etc/kernel-agent/trusted-keys" "$root/etc/kernel-agent/conf.d"
  # Static units (no [Install]): pulled in only by the units that need the module.
  install -D -m 0644 "$REPO/systemd/kernel-agent-module.target" "$root/usr/lib/systemd/system/kernel-agent-module.target"
  install -D -m 0644 "$REPO/systemd/kernel-agent-wait.service" "$root/usr/lib/systemd/system/kernel-agent-wait.service"
}
