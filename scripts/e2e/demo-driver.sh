# The demo's --driver SOURCE (sourced by scripts/demo.sh, which sets cache, work, arch, abi, release, farm_dll,
# farm_state, grpc_port and driver_source): registers a real driver with the farm and finds the in-tree modules
# it depends on. Sets driver, driver_version, driver_modules (comma-separated) and kernel_deps (for kernel.sh).
# shellcheck shell=bash

# Registers SOURCE (a folder, .tar.gz or *-dkms .deb, or a Debian package name fetched with apt-get download)
# in the farm's registration folder, which the farm reads at start and watches afterwards.
demo_register_driver() {
  local src registrations="$farm_state/registrations"
  if [[ -e "$driver_source" ]]; then
    src="$(realpath "$driver_source")"
  elif [[ "$driver_source" =~ ^[a-z0-9][a-z0-9+.-]+$ ]]; then
    e2e_apt_root "$cache"
    src="$(e2e_deb "$cache" "$driver_source")"
  else
    e2e_die "--driver '$driver_source' is neither a file or folder nor a Debian package name"
  fi
  export KERNEL_BUILDFARM_Drivers__RegistrationDirectory="$registrations"
  mkdir -p "$registrations"
  dotnet "$farm_dll" drivers add "$src" --print >"$work/registration.json" ||
    e2e_die "the farm cannot register $driver_source (see above)"
  driver="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Name"])' "$work/registration.json")"
  driver_version="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Version"])' "$work/registration.json")"
  cp "$work/registration.json" "$registrations/.$driver-$driver_version.json.tmp"
  mv "$registrations/.$driver-$driver_version.json.tmp" "$registrations/$driver-$driver_version.json"
  e2e_log "driver: $driver $driver_version from $src (registered in $registrations)"
}

# Has the farm build the driver for the VM's exact kernel from the host (the agent with --no-load against a host
# root carrying that identity), then reads the modules' .modinfo: their names, and the in-tree modules they
# depend on, which the VM must load first. amd64 only (the arm64 agent does not run here).
demo_prebuild_driver() {
  if [[ "$arch" != amd64 ]]; then
    e2e_log "--driver on $arch: no in-tree dependencies shipped (only amd64 prebuilds on this machine)"
    return
  fi
  local headers build_string host="$work/driver-host" ko name deps
  e2e_apt_root "$cache"
  headers="$(e2e_deb "$cache" "linux-headers-$release:amd64")"
  build_string="$(dpkg-deb --fsys-tarfile "$headers" |
    tar -xO "./usr/src/linux-headers-$release/include/generated/utsversion.h" | sed -n 's/^#define UTS_VERSION "\(.*\)"$/\1/p')"
  mkdir -p "$host/etc" "$host/proc/sys/kernel" "$host/lib/modules/$release" "$work/driver-keys"
  printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n' >"$host/etc/os-release"
  echo "$release" >"$host/proc/sys/kernel/osrelease"
  echo "$build_string" >"$host/proc/sys/kernel/version"
  touch "$host/lib/modules/$release/modules.order" "$host/lib/modules/$release/modules.builtin"
  cp "$farm_state/keys/signing-key.pub" "$work/driver-keys/farm.pub"
  e2e_log "the farm builds $driver $driver_version for $release (asked from the host; jool takes minutes)"
  "$cache/agent/$arch/kernel-agent" once --no-load --host-root "$host" --driver "$driver" --driver-version "$driver_version" \
    --trusted-keys "$work/driver-keys" --state-dir "$work/driver-state" --cache-dir "$work/driver-cache" \
    --farm "http://127.0.0.1:$grpc_port" --build-deadline 01:00:00 >"$work/driver-prebuild.log" 2>&1 || true
  # The farm hands out the store as the VM sees it (10.0.2.2), so this agent may not fetch: the store folder has it.
  local store="$farm_state/store/v1/modules/$driver/$driver_version"
  driver_modules="" deps=""
  while IFS= read -r ko; do
    name="$(modinfo -F name "$ko")"
    [[ ",$driver_modules," != *",$name,"* ]] || continue
    driver_modules+="${driver_modules:+,}$name"
    deps+=",$(modinfo -F depends "$ko")"
  done < <(find "$store" -path "*/$release/*" -name '*.ko' 2>/dev/null | sort)
  [[ -n "$driver_modules" ]] ||
    { tail -n 20 "$work/driver-prebuild.log" >&2; e2e_die "the farm published no module of $driver for $release (farm log: $farm_state/farm.log)"; }
  kernel_deps="$(tr ',' '\n' <<<"$deps" | sed '/^$/d' | sort -u | grep -vxF -f <(tr ',' '\n' <<<"$driver_modules") | paste -sd, || true)"
  e2e_log "modules: $driver_modules; in-tree dependencies shipped in the VM for the agent to load: ${kernel_deps:-none}"
}
