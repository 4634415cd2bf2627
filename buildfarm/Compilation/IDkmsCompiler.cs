namespace KernelAgent.BuildFarm.Compilation;

/// <summary>Builds a DKMS source tree (a folder with dkms.conf) for an exact kernel, with dkms(8)'s semantics, inside the sandbox.</summary>
internal interface IDkmsCompiler
{
    /// <exception cref="DriverUnsupportedException">A BUILD_EXCLUSIVE rule excludes the kernel.</exception>
    /// <exception cref="Drivers.Dkms.DkmsConfException">dkms.conf is invalid.</exception>
    /// <exception cref="ToolchainMissingException">A program the build needs is not installed.</exception>
    /// <exception cref="CompilationException">A step failed, timed out, or the modules are not the ones dkms.conf lists.</exception>
    Task<CompiledDriver> CompileAsync(DkmsCompilation compilation, Action<string>? onLogLine, CancellationToken cancellationToken);
}
