# lintian and rpmlint over the built packages. The packages must be clean: no errors and no warnings.
# Every tag that is accepted is overridden with its reason in packaging/deb/<pkg>.lintian-overrides
# (shipped in the package) or filtered with its reason in packaging/rpm/rpmlint.toml, and listed in
# packaging/README.md. The full reports land in <out>/lint/.
# shellcheck shell=bash

lint_packages() { # $1 = output folder, rest = package files
  local out="$1" file name failed=0
  shift
  mkdir -p "$out/lint"
  for file in "$@"; do
    name="$(basename "$file")"
    case "$file" in
      *.deb)
        # --fail-on error,warning: an unexplained warning fails the build like an error.
        if ! lintian --fail-on error,warning --display-info --no-tag-display-limit "$file" > "$out/lint/$name.lintian.txt" 2>&1; then
          log "lintian: $name has errors or warnings:"
          grep -E '^[EW]: ' "$out/lint/$name.lintian.txt" >&2 || cat "$out/lint/$name.lintian.txt" >&2
          failed=1
        fi
        ;;
      *.rpm)
        rpmlint -c "$PACKAGING/rpm/rpmlint.toml" "$file" > "$out/lint/$name.rpmlint.txt" 2>&1 || true
        if ! grep -Eq ' 0 errors, 0 warnings' "$out/lint/$name.rpmlint.txt"; then
          log "rpmlint: $name has errors or warnings:"
          grep -E ': [EW]: |errors|warnings' "$out/lint/$name.rpmlint.txt" >&2
          failed=1
        fi
        ;;
    esac
  done
  return "$failed"
}
