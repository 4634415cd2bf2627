namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>Describes the toolchain this farm would build a kernel's modules with, so a toolchain change shows in build keys.</summary>
internal interface IToolchainIdentity
{
    /// <summary>
    /// One line naming the compiler and linker with their versions, e.g.
    /// "x86_64: gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0; GNU ld (GNU Binutils for Debian) 2.40".
    /// </summary>
    /// <param name="machine">The kernel's <c>uname -m</c>.</param>
    /// <param name="compiler">The compiler the kernel's packages name (e.g. "gcc-12"); null: "gcc".</param>
    /// <param name="cancellationToken">Cancels the version queries.</param>
    Task<string> DescribeAsync(string machine, string? compiler, CancellationToken cancellationToken);
}
