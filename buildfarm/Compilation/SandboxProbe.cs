using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Compilation;

/// <summary>Learns once whether bubblewrap works on this machine (installed, user namespaces, seccomp) and applies <see cref="SandboxMode"/>.</summary>
internal sealed class SandboxProbe
{
    private readonly KbuildCompilerOptions _options;
    private readonly ToolchainCheck _toolchainCheck;
    private readonly BubblewrapSandbox _sandbox;
    private readonly IProcessRunner _processRunner;
    private readonly ILogger _logger;
    private readonly Lazy<Task<bool>> _works;

    public SandboxProbe(KbuildCompilerOptions options, ToolchainCheck toolchainCheck, BubblewrapSandbox sandbox, IProcessRunner processRunner, ILogger logger)
    {
        _options = options;
        _toolchainCheck = toolchainCheck;
        _sandbox = sandbox;
        _processRunner = processRunner;
        _logger = logger;
        _works = new Lazy<Task<bool>>(ProbeAsync);
    }

    /// <summary>Whether builds run sandboxed; throws when the sandbox is required (by the options or by the caller) but unusable.</summary>
    public async Task<bool> UseAsync(bool required = false)
    {
        if (_options.Sandbox == SandboxMode.Disabled && !required)
        {
            return false;
        }

        if (await _works.Value)
        {
            return true;
        }

        return _options.Sandbox == SandboxMode.Required || required
            ? throw new CompilationException(
                $"A sandbox is required ({(required ? "dkms.conf is shell and is only evaluated inside it" : "KbuildCompilerOptions.Sandbox")}) " +
                $"but '{_options.BubblewrapPath}' is missing or does not work here; install bubblewrap.")
            : false;
    }

    private async Task<bool> ProbeAsync()
    {
        if (!Path.IsPathRooted(_options.BubblewrapPath) && !_toolchainCheck.IsOnPath(_options.BubblewrapPath))
        {
            CompilationLog.SandboxUnavailable(_logger, _options.BubblewrapPath, "not installed (Debian package bubblewrap)");
            return false;
        }

        var scratch = Directory.CreateTempSubdirectory("kernel-buildfarm-sandbox-probe-");
        try
        {
            var result = await _processRunner.RunAsync(_sandbox.Probe(scratch.FullName), CancellationToken.None);
            if (!result.Succeeded)
            {
                CompilationLog.SandboxUnavailable(_logger, _options.BubblewrapPath, result.Tail(5));
            }

            return result.Succeeded;
        }
        catch (ExternalToolException e)
        {
            CompilationLog.SandboxUnavailable(_logger, _options.BubblewrapPath, e.Message);
            return false;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
