# Package manifest: kernel-buildfarm, a self-contained .NET application (no .NET install needed).
# shellcheck shell=bash disable=SC2034  # read by deb.sh and rpm.sh

PKG_COMPONENT=buildfarm
PKG_SUMMARY="Build farm for exact-match kernel modules"
PKG_DESCRIPTION="kernel-buildfarm serves the KernelAgent BuildFarm gRPC API. For a kernel
variant it fetches that kernel's exact header packages, compiles the registered
driver reproducibly in a bubblewrap sandbox, signs the result with an
in-toto/DSSE attestation and publishes it to the artifact store, so every host
running that kernel gets a verified hit. kernel-buildfarm.service runs it as
its own system user."
PKG_SECTION="admin"
# SPDX expression of everything inside (packaging/copyright has the details).
PKG_RPM_LICENSE="LicenseRef-KernelAgent AND MIT AND Apache-2.0 AND BSD-3-Clause AND ISC AND GPL-2.0-only"
# libc/libstdc++/libgcc: what the .NET runtime's native parts bind (GLIBC_2.27, GLIBCXX_3.4.22);
# libssl: loaded at run time for TLS; the rest run the builds (kbuild, sandbox, header downloads).
PKG_DEB_DEPENDS="libc6 (>= 2.27), libgcc-s1 | libgcc1, libstdc++6 (>= 6), libssl3t64 | libssl3 | libssl1.1, bubblewrap, make, gcc, apt, systemd | systemd-standalone-sysusers | systemd-sysusers"
# rpm2cpio: rpm2archive, which unpacks RPM kernels' kernel-devel (on RPM systems it comes with rpm itself);
# rpm: rpmkeys, which checks their signatures against the configured keys.
PKG_DEB_RECOMMENDS="ca-certificates, dwarves, rpm2cpio, rpm"
PKG_DEB_SUGGESTS="gcc-aarch64-linux-gnu"
PKG_RPM_REQUIRES="(libssl.so.3()(64bit) or libssl.so.1.1()(64bit)) bubblewrap make gcc"
PKG_RPM_RECOMMENDS="ca-certificates dwarves"
PKG_UNIT=kernel-buildfarm.service
PKG_SYSUSERS=kernel-buildfarm.sysusers.conf
PKG_TMPFILES=""
PKG_CONFFILES=(/etc/kernel-buildfarm/farm.json)
# Purge deletes the farm's state, its signing key included (kernel-buildfarm(8) says so).
PKG_PURGE_DIRS=(/var/lib/kernel-buildfarm /var/cache/kernel-buildfarm)
PKG_ERASE_DIRS=(/var/cache/kernel-buildfarm)

# $1 = staging root, $2 = publish folder of this architecture. Debug symbols, XML docs and the
# LTTng trace provider (it would pull in liblttng-ust) stay out.
pkg_stage() {
  local root="$1" publish="$2" lib="$1/usr/lib/kernel-buildfarm"
  install -d -m 0755 "$lib"
  (cd "$publish" && find . -type f ! -name '*.pdb' ! -name '*.xml' ! -name '*.dbg' \
      ! -name 'libcoreclrtraceptprovider.so' -print0) \
    | (cd "$publish" && xargs -0 -I{} install -D -m 0644 {} "$lib/{}")
  chmod 0755 "$lib/kernel-buildfarm" "$lib/createdump"
  install -D -m 0644 "$PACKAGING/config/farm.json" "$root/etc/kernel-buildfarm/farm.json"
  # The scale-out's build worker (docs/scale-out.md): shipped, never enabled by the package (it needs a Nats section).
  install -D -m 0644 "$REPO/systemd/kernel-buildfarm-worker.service" "$root/usr/lib/systemd/system/kernel-buildfarm-worker.service"
}
