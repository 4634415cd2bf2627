namespace KernelAgent.BuildFarm.Compilation;

/// <summary>Compiles an out-of-tree kernel module for an exact kernel.</summary>
internal interface IModuleCompiler
{
    /// <summary>
    /// Runs the build with a timeout, in a sandbox when available, passing each line of the build log to
    /// <paramref name="onLogLine"/> as it is printed (never concurrently).
    /// </summary>
    /// <exception cref="ToolchainMissingException">A program the build needs is not installed.</exception>
    /// <exception cref="CompilationException">The build failed, timed out or produced no module; carries the log tail.</exception>
    Task<CompiledModule> CompileAsync(ModuleCompilation compilation, Action<string>? onLogLine, CancellationToken cancellationToken);
}
