using System.Formats.Tar;
using System.IO.Compression;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Tests.Compilation;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.Drivers;

public sealed class DriverRegistryTests
{
    private const string Garbage = "0000000000000000000000000000000000000000000000000000000000000bad";

    [Fact]
    public async Task CopySourceAsync_SampleDriverWithRegisteredDigest_CopiesVerifiedSource()
    {
        using var scratch = new ScratchDirectory("registry");
        var registry = SampleDriver.Registry();
        var destination = Path.Join(scratch.Path, "module");

        var source = await registry.CopySourceAsync(registry.Find(SampleDriver.Name, SampleDriver.Version), destination, TestContext.Current.CancellationToken);

        Assert.Equal(destination, source.Directory);
        Assert.Equal(["Kbuild", "Makefile", "kagent_sample.c"], Directory.GetFiles(destination).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(DriverSourceDigest.ComputeForFolder(SampleDriver.Folder), source.Sha256);
    }

    [Fact]
    public async Task CopySourceAsync_GarbageDigest_IsRefusedBeforeAnyCompile()
    {
        using var scratch = new ScratchDirectory("registry");
        var registry = SampleDriver.Registry(sha256: Garbage);
        var runner = new ScriptedProcessRunner(_ => (0, []));
        var compiler = SampleModuleBuild.Compiler(runner);
        var destination = Path.Join(scratch.Path, "module");

        async Task BuildAsync()
        {
            var source = await registry.CopySourceAsync(registry.Find(SampleDriver.Name, SampleDriver.Version), destination, TestContext.Current.CancellationToken);
            await compiler.CompileAsync(new ModuleCompilation(null!, source.Directory, SampleDriver.Name), null, TestContext.Current.CancellationToken);
        }

        var error = await Assert.ThrowsAsync<DriverSourceDigestMismatchException>(BuildAsync);

        Assert.Equal(Garbage, error.Driver.Sha256);
        Assert.Equal(DriverSourceDigest.ComputeForFolder(SampleDriver.Folder), error.ActualSha256);
        Assert.Contains("refusing to build", error.Message, StringComparison.Ordinal);
        Assert.Empty(runner.Invocations);
        Assert.False(Directory.Exists(destination));
    }

    [Fact]
    public void Find_UnknownVersion_ThrowsListingRegisteredDrivers()
    {
        var error = Assert.Throws<DriverNotRegisteredException>(() => SampleDriver.Registry().Find(SampleDriver.Name, "9.9.9"));

        Assert.Contains("registered: kagent_sample 1.0.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CopySourceAsync_TarballWithTopFolder_UnpacksItsContentAndChecksTarballBytes()
    {
        using var scratch = new ScratchDirectory("registry");
        var tarball = Path.Join(scratch.Path, "kagent_sample-1.0.0.tar.gz");
        await WriteTarballAsync(tarball, [("kagent_sample-1.0.0/", null), ("kagent_sample-1.0.0/Kbuild", "obj-m += kagent_sample.o\n"), ("kagent_sample-1.0.0/kagent_sample.c", "int x;\n")]);
        var registry = SampleDriver.Registry(sha256: DriverSourceDigest.ComputeForFile(tarball), source: tarball);
        var destination = Path.Join(scratch.Path, "module");

        var source = await registry.CopySourceAsync(registry.Drivers[0], destination, TestContext.Current.CancellationToken);

        Assert.Equal(DriverSourceKind.Tarball, source.Driver.Kind);
        Assert.Equal("obj-m += kagent_sample.o\n", File.ReadAllText(Path.Join(destination, "Kbuild")));
        Assert.Equal(["Kbuild", "kagent_sample.c"], Directory.GetFileSystemEntries(destination).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CopySourceAsync_TarballEntryEscapingFolder_IsRefused()
    {
        using var scratch = new ScratchDirectory("registry");
        var tarball = Path.Join(scratch.Path, "evil.tar.gz");
        await WriteTarballAsync(tarball, [("../escaped.c", "int x;\n")]);
        var registry = SampleDriver.Registry(sha256: DriverSourceDigest.ComputeForFile(tarball), source: tarball);

        var error = await Assert.ThrowsAsync<DriverSourceException>(
            () => registry.CopySourceAsync(registry.Drivers[0], Path.Join(scratch.Path, "module"), TestContext.Current.CancellationToken));

        Assert.Contains("outside its own folder", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(scratch.Path, "escaped.c")));
    }

    [Theory]
    [InlineData("kagent sample", "1.0.0", "Name")]
    [InlineData("XTables", "1.0.0", "Name")]
    [InlineData("kagent_sample", "", "Version")]
    [InlineData("kagent_sample", "1.0.0", "Sha256")]
    public void Constructor_InvalidRegistration_NamesTheField(string name, string version, string field)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new DriverRegistryOptions
        {
            Drivers = { new DriverRegistration { Name = name, Version = version, Source = SampleDriver.Folder, Sha256 = field == "Sha256" ? "xyz" : Garbage } },
        });

        var error = Assert.Throws<DriverSourceException>(() => new DriverRegistry(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<DriverRegistry>.Instance));

        Assert.Contains($"{field} must", error.Message, StringComparison.Ordinal);
    }

    private static async Task WriteTarballAsync(string path, (string Name, string? Content)[] entries)
    {
        await using var file = File.Create(path);
        await using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        await using var writer = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, content) in entries)
        {
            var entry = new PaxTarEntry(content is null ? TarEntryType.Directory : TarEntryType.RegularFile, name);
            if (content is not null)
            {
                entry.DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
            }

            await writer.WriteEntryAsync(entry, TestContext.Current.CancellationToken);
        }
    }
}
