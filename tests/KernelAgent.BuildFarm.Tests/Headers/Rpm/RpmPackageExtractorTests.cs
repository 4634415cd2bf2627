using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Rpm;

namespace KernelAgent.BuildFarm.Tests.Headers.Rpm;

public sealed class RpmPackageExtractorTests
{
    private static readonly HeaderPackage _package = new("kernel-devel", "5.14.0-362.8.1.el9_3", "x86_64", new string('b', 64), 10, null);

    // Extraction is the subject here; signatures are RpmSignatureTests'.
    private static readonly RpmTrust Unsigned = new("test", [], AllowUnsigned: true);

    [Fact]
    public async Task ExtractAsync_Rpm2archiveMissing_NamesTheDebianPackageAndLeavesNoRoot()
    {
        using var scratch = new ScratchDirectory("rpm-extract");
        var (package, work) = PackageAndWorkFolder(scratch);
        var root = Path.Join(scratch.Path, "root");

        var error = await Assert.ThrowsAsync<HeaderSourceException>(() => new RpmPackageExtractor(new MissingProgramRunner(), TimeSpan.FromMinutes(1), Unsigned)
            .ExtractAsync([(_package, package)], root, "{}", work, TestContext.Current.CancellationToken));

        Assert.Contains("kernel-devel 5.14.0-362.8.1.el9_3 needs 'rpm2archive'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Debian package rpm2cpio", error.Message, StringComparison.Ordinal);
        Assert.Equal(["p.rpm", "work"], Directory.GetFileSystemEntries(scratch.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ExtractAsync_Rpm2archiveFails_NamesThePackageAndTheCommand()
    {
        using var scratch = new ScratchDirectory("rpm-extract");
        var (package, work) = PackageAndWorkFolder(scratch);
        IntegrationRequirement.Require(FakeKernelDevelRpm.Available, "rpm2archive is not installed (Debian package rpm2cpio)");

        var error = await Assert.ThrowsAsync<HeaderSourceException>(() => new RpmPackageExtractor(new ProcessRunner(TimeProvider.System), TimeSpan.FromMinutes(1), Unsigned)
            .ExtractAsync([(_package, package)], Path.Join(scratch.Path, "root"), "{}", work, TestContext.Current.CancellationToken));

        Assert.Contains("Extracting kernel-devel 5.14.0-362.8.1.el9_3 (x86_64): 'rpm2archive -n", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Join(scratch.Path, "root")));
    }

    // Bytes that are no .rpm: rpm2archive must refuse them.
    private static (string Package, string WorkFolder) PackageAndWorkFolder(ScratchDirectory scratch)
    {
        var package = Path.Join(scratch.Path, "p.rpm");
        File.WriteAllText(package, "not an rpm");
        return (package, Directory.CreateDirectory(Path.Join(scratch.Path, "work")).FullName);
    }

    private sealed class MissingProgramRunner : IProcessRunner
    {
        public Task<ProcessResult> RunAsync(ProcessInvocation invocation, CancellationToken cancellationToken) =>
            throw new ExternalToolException(invocation.FileName, $"'{invocation.FileName}' was not found on PATH.");
    }
}
