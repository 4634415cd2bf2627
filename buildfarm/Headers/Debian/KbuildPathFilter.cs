namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// What an extraction of Debian-format header packages leaves out because a module build never reads it: the
/// per-option stamp files under <c>include/config</c> (6,400 empty files in a Debian flavour package, most of its
/// extraction time; kbuild names them in a module's dependency files only through <c>$(wildcard ...)</c>, so a missing
/// stamp is no dependency, while <c>auto.conf</c> and <c>kernel.release</c> stay), and the other architectures' trees of
/// the architecture-independent common package (kbuild reads <c>arch/$(SRCARCH)</c> only). Modules built against the
/// filtered root are byte-identical to those built against the whole packages (docs/headers.md).
/// </summary>
internal static class KbuildPathFilter
{
    // Every architecture folder Linux has had; one not listed here is extracted, which costs time, never correctness.
    private static readonly string[] Architectures =
    [
        "alpha", "arc", "arm", "arm64", "avr32", "blackfin", "c6x", "cris", "csky", "frv", "h8300", "hexagon", "ia64",
        "loongarch", "m32r", "m68k", "metag", "microblaze", "mips", "mn10300", "nds32", "nios2", "openrisc", "parisc",
        "powerpc", "riscv", "s390", "score", "sh", "sparc", "tile", "um", "unicore32", "x86", "xtensa",
    ];

    /// <summary>
    /// tar <c>--exclude</c> patterns for a target's <c>uname -m</c>, for tar's defaults (unanchored) with
    /// <c>--no-wildcards-match-slash</c>: a '*' stays within one path component.
    /// </summary>
    /// <exception cref="InvalidKernelTargetException">An architecture the farm does not build for.</exception>
    public static IReadOnlyList<string> Exclusions(KernelTarget target)
    {
        var kept = DebianArchitecture.FromMachine(target) == "arm64" ? "arm64" : "x86";
        return
        [
            "usr/src/*/include/config/[A-Z0-9_]*",
            .. Architectures.Where(a => a != kept).Select(a => $"usr/src/*/arch/{a}"),
        ];
    }
}
