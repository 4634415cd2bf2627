# dotnet publish of the two programs for one architecture, into $work/publish/<component>-<arch>.
# shellcheck shell=bash

# The agent: NativeAOT. Cross-compiling links with clang for the target triple, the cross binutils
# and the cross libc (Debian's gcc-<triple> packages); objcopy must be the target's to strip symbols.
publish_agent() { # $1 = repo, $2 = arch, $3 = work, $4 = output folder
  local repo="$1" arch="$2" work="$3" out="$4"
  local -a cross=()
  if [[ "$arch" != "$(host_arch)" ]]; then
    local triple
    triple="$(rpm_arch "$arch")-linux-gnu"
    cross=(-p:CppCompilerAndLinker=clang "-p:ObjCopyName=$triple-objcopy")
  fi
  dotnet_publish "$repo/agent" "$arch" "$work" "$out" "${cross[@]}"
  [[ -x "$out/kernel-agent" && -f "$out/libsodium.so" ]] || die "agent publish for $arch lacks kernel-agent or libsodium.so in $out"
}

# The farm: self-contained (the .NET runtime ships inside the package), so hosts need no Microsoft
# package repository. Not trimmed: ASP.NET Core, gRPC reflection and the configuration binder use
# reflection that trimming would break. ReadyToRun: the farm's own code ships precompiled (as the
# runtime's does), so a command-line `matrix plan` or a `serve` start does not wait for the JIT
# (docs/benchmarks.md, "Planner, synthetic catalogs").
publish_farm() { # $1 = repo, $2 = arch, $3 = work, $4 = output folder
  local repo="$1" arch="$2" work="$3" out="$4"
  dotnet_publish "$repo/buildfarm" "$arch" "$work" "$out" --self-contained -p:PublishReadyToRun=true
  [[ -x "$out/kernel-buildfarm" && -f "$out/farm.defaults.json" ]] || die "farm publish for $arch is incomplete in $out"
}

# Own artifacts path: a packaging build never touches the bin/obj folders of a developer or test build.
dotnet_publish() { # $1 = project, $2 = arch, $3 = work, $4 = output folder, rest = extra arguments
  local project="$1" arch="$2" work="$3" out="$4"
  shift 4
  rm -rf "$out"
  dotnet publish "$project" -c Release -r "$(dotnet_rid "$arch")" -o "$out" \
    --artifacts-path "$work/dotnet" -nologo -v quiet -p:ContinuousIntegrationBuild=true "$@" \
    || die "dotnet publish $(basename "$project") for $arch failed"
}
