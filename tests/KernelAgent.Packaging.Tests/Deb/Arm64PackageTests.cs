namespace KernelAgent.Packaging.Tests.Deb;

/// <summary>
/// The arm64 packages hold arm64 code (cross NativeAOT for the agent, the linux-arm64 runtime for the farm),
/// and the cross-built agent runs: under qemu-user with the cross libc (Debian's libc6-arm64-cross).
/// </summary>
[Collection(PackageBuildGroup.Name)]
[Trait("Category", "Integration")]
public sealed class Arm64PackageTests(PackageBuild build) : IDisposable
{
    /// <summary>elf(5): e_machine EM_AARCH64.</summary>
    private const ushort ElfMachineAarch64 = 183;

    /// <summary>Where Debian's libc6-arm64-cross puts the arm64 dynamic loader and libc.</summary>
    private const string CrossLibcRoot = "/usr/aarch64-linux-gnu";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private readonly string _extracted = Directory.CreateTempSubdirectory("kernelagent-arm64.").FullName;

    public void Dispose() => Directory.Delete(_extracted, recursive: true);

    [Theory]
    [InlineData(PackageBuild.Agent, "usr/lib/kernel-agent/kernel-agent")]
    [InlineData(PackageBuild.Agent, "usr/lib/kernel-agent/libsodium.so")]
    [InlineData(PackageBuild.Farm, "usr/lib/kernel-buildfarm/kernel-buildfarm")]
    [InlineData(PackageBuild.Farm, "usr/lib/kernel-buildfarm/libcoreclr.so")]
    [InlineData(PackageBuild.Farm, "usr/lib/kernel-buildfarm/libsodium.so")]
    public async Task Arm64Deb_NativeFiles_AreAarch64Elf(string package, string file)
    {
        await ExtractAsync(package);

        Assert.Equal(ElfMachineAarch64, ElfMachine(Path.Join(_extracted, file)));
    }

    [Fact]
    public async Task Arm64Agent_UnderQemuUser_PrintsTheProductVersion()
    {
        await ExtractAsync(PackageBuild.Agent);
        if (!Directory.Exists(CrossLibcRoot))
        {
            MissingComponent.SkipOrFail($"{CrossLibcRoot} is missing (Debian package libc6-arm64-cross)");
        }

        var version = await CommandRunner.RunRequiredAsync(
            "qemu-aarch64", "qemu-user", [Path.Join(_extracted, "usr/lib/kernel-agent/kernel-agent"), "--version"], RunTimeout,
            new Dictionary<string, string> { ["QEMU_LD_PREFIX"] = CrossLibcRoot });

        Assert.True(version.ExitCode == 0, version.Transcript);
        Assert.Equal(build.Version, version.Output.Trim());
    }

    private async Task ExtractAsync(string package)
    {
        build.RequireBuilt();
        var result = await CommandRunner.RunRequiredAsync("dpkg-deb", "dpkg", ["-x", build.Deb(package, "arm64"), _extracted], RunTimeout);
        Assert.True(result.ExitCode == 0, result.Transcript);
    }

    private static ushort ElfMachine(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> header = stackalloc byte[20];
        stream.ReadExactly(header);
        Assert.True(header[..4].SequenceEqual("\u007fELF"u8), $"{path} is not an ELF file");
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(header[18..]);
    }
}
