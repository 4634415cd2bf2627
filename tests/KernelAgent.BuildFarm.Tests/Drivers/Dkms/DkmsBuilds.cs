using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Drivers.Dkms;
using KernelAgent.BuildFarm.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

/// <summary>The farm's DKMS build of a tree, classified like <see cref="DkmsOracle"/>'s.</summary>
internal static class DkmsBuilds
{
    public sealed record Result(DkmsOracle.Outcome Outcome, IReadOnlyDictionary<string, string> Modules, string Message, CompiledDriver? Driver);

    public static DkmsCompiler Compiler(KbuildCompilerOptions? options = null) =>
        new(Options.Create(options ?? new KbuildCompilerOptions()), new ProcessRunner(TimeProvider.System), NullLogger<DkmsCompiler>.Instance);

    public static async Task<Result> BuildAsync(
        string buildFolder, string name, string version, KernelHeaders headers, Action<string>? log, CancellationToken cancellationToken, bool allowUnlisted = false)
    {
        try
        {
            var driver = await Compiler().CompileAsync(new DkmsCompilation(headers, buildFolder, name, version, allowUnlisted), log, cancellationToken);
            return new Result(DkmsOracle.Outcome.Built, DkmsOracle.SrcVersions(driver.Modules.Select(m => m.Path)), string.Empty, driver);
        }
        catch (DriverUnsupportedException e)
        {
            return new Result(DkmsOracle.Outcome.Excluded, new Dictionary<string, string>(), e.Message, null);
        }
        catch (DkmsConfException e)
        {
            return new Result(DkmsOracle.Outcome.Invalid, new Dictionary<string, string>(), e.Message, null);
        }
        catch (CompilationException e)
        {
            return new Result(DkmsOracle.Outcome.Failed, new Dictionary<string, string>(), e.Message, null);
        }
    }
}
