using System.Collections.Concurrent;
using KernelAgent.BuildFarm.Compilation;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// Asks the programs a build would run (<c>&lt;prefix&gt;&lt;compiler&gt; --version</c> and <c>&lt;prefix&gt;ld --version</c>,
/// with the compiler's search path) for their versions, once per machine and compiler. A missing program is
/// described as missing: the key changes again when it is installed.
/// </summary>
internal sealed class CompilerToolchainIdentity(IProcessRunner runner, IOptions<KbuildCompilerOptions> options) : IToolchainIdentity
{
    private readonly ConcurrentDictionary<(string, string), Task<string>> _descriptions = new();
    private readonly KbuildCompilerOptions _options = options.Value;

    public Task<string> DescribeAsync(string machine, string? compiler, CancellationToken cancellationToken) =>
        _descriptions.GetOrAdd((machine, compiler ?? "gcc"), key => DescribeUncachedAsync(key.Item1, key.Item2, cancellationToken));

    private async Task<string> DescribeUncachedAsync(string machine, string compiler, CancellationToken cancellationToken)
    {
        var prefix = machine == ToolchainCheck.HostMachine ? "" : _options.CrossCompilePrefixes.TryGetValue(machine, out var configured) ? configured : $"{machine}-linux-gnu-";
        var compilerVersion = await FirstLineAsync(prefix + compiler, cancellationToken);
        var linkerVersion = await FirstLineAsync(prefix + "ld", cancellationToken);
        return $"{machine}: {compilerVersion}; {linkerVersion}";
    }

    private async Task<string> FirstLineAsync(string program, CancellationToken cancellationToken)
    {
        var query = new ProcessInvocation(program, ["--version"], _options.ToolQueryTimeout)
        {
            Environment = new Dictionary<string, string> { ["PATH"] = _options.SearchPath, ["LC_ALL"] = "C" },
            InheritEnvironment = false,
        };
        try
        {
            var result = await runner.RunAsync(query, cancellationToken);
            return result.Succeeded && result.OutputLines.Count > 0 ? result.OutputLines[0] : $"{program} (no version: exit code {result.ExitCode})";
        }
        catch (ExternalToolException)
        {
            return $"{program} (not installed)";
        }
    }
}
