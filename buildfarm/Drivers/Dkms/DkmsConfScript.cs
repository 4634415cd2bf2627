namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>
/// The bash program that reads one dkms.conf inside the build sandbox, as dkms(8)'s safe_source and read_conf do:
/// the variables DKMS gives a dkms.conf are set first, the file is sourced in a function with its standard output
/// discarded, and the regular-expression rules (MAKE_MATCH, PATCH_MATCH, BUILD_EXCLUSIVE_KERNEL/ARCH) are evaluated
/// with bash's own <c>=~</c>. It writes <see cref="DkmsConfOutput"/>'s form to the file KA_OUT names.
/// </summary>
internal static class DkmsConfScript
{
    /// <summary>Environment variables that carry DKMS's variables into the script (removed before dkms.conf runs).</summary>
    public static IReadOnlyDictionary<string, string> Environment(DkmsVariables variables, string confPath, string outputPath) => new Dictionary<string, string>
    {
        ["KA_OUT"] = outputPath,
        ["KA_KERNELVER"] = variables.KernelVersion,
        ["KA_ARCH"] = variables.Arch,
        ["KA_KERNEL_SOURCE_DIR"] = variables.KernelSourceDirectory,
        ["KA_DKMS_TREE"] = variables.DkmsTree,
        ["KA_SOURCE_TREE"] = variables.SourceTree,
        ["KA_MODULE"] = variables.Module,
        ["KA_MODULE_VERSION"] = variables.ModuleVersion,
        ["KA_CONF"] = confPath,
    };

    public static string Text { get; } = $$"""
        # kernel-buildfarm: reads one dkms.conf as dkms(8) does; runs only inside the build sandbox.
        set +eu
        declare -r _ka_vars='{{string.Join(' ', DkmsConfVariables.ConfNames)}}'
        kernelver=$KA_KERNELVER
        arch=$KA_ARCH
        kernel_source_dir=$KA_KERNEL_SOURCE_DIR
        kernel_config=$KA_KERNEL_SOURCE_DIR/.config
        dkms_tree=$KA_DKMS_TREE
        source_tree=$KA_SOURCE_TREE
        module=$KA_MODULE
        module_version=$KA_MODULE_VERSION
        declare -r _ka_conf=$KA_CONF _ka_out=$KA_OUT
        unset KA_OUT KA_KERNELVER KA_ARCH KA_KERNEL_SOURCE_DIR KA_DKMS_TREE KA_SOURCE_TREE KA_MODULE KA_MODULE_VERSION KA_CONF

        _ka_put() { printf '%s\0%s\0%s\0' "$1" "$2" "$3" >&3; }

        _ka_read() {
            local _ka_v _ka_k _ka_val _ka_keys
            for _ka_v in $_ka_vars; do unset "$_ka_v"; done
            . "$_ka_conf" >/dev/null 3>&-
            set +eu
            printf '{{DkmsConfOutput.Header}}\0' >&3
            for _ka_v in $_ka_vars; do
                eval "_ka_keys=(\"\${!$_ka_v[@]}\")"
                for _ka_k in "${_ka_keys[@]}"; do
                    eval "_ka_val=\${$_ka_v[\$_ka_k]}"
                    _ka_put "$_ka_v" "$_ka_k" "$_ka_val"
                done
            done
            for _ka_k in "${!MAKE_MATCH[@]}"; do
                [[ $kernelver =~ ${MAKE_MATCH[$_ka_k]} ]]; _ka_put _KA_MAKE_MATCHED "$_ka_k" "$?"
            done
            for _ka_k in "${!PATCH_MATCH[@]}"; do
                [[ $kernelver =~ ${PATCH_MATCH[$_ka_k]} ]]; _ka_put _KA_PATCH_MATCHED "$_ka_k" "$?"
            done
            if [[ $BUILD_EXCLUSIVE_KERNEL ]]; then
                [[ $kernelver =~ $BUILD_EXCLUSIVE_KERNEL ]]; _ka_put _KA_EXCLUSIVE_KERNEL_MATCHED 0 "$?"
            fi
            if [[ $BUILD_EXCLUSIVE_ARCH ]]; then
                [[ $arch =~ $BUILD_EXCLUSIVE_ARCH ]]; _ka_put _KA_EXCLUSIVE_ARCH_MATCHED 0 "$?"
            fi
            printf '{{DkmsConfOutput.End}}\0' >&3
        }

        _ka_read 3>"$_ka_out" 1>&2
        """;
}
