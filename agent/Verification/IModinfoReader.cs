namespace KernelAgent.Agent.Verification;

/// <summary>Reads a kernel module's <c>.modinfo</c> straight from its ELF file; never loads it.</summary>
internal interface IModinfoReader
{
    /// <exception cref="ModinfoException">
    /// The file cannot be read, is not an ELF64 little-endian x86_64/aarch64 module, is truncated, or has no
    /// <c>.modinfo</c> section.
    /// </exception>
    Modinfo Read(string modulePath);
}
