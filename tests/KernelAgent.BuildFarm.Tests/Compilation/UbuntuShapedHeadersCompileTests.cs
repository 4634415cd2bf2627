using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;
using KernelAgent.BuildFarm.Tests.Headers.Ubuntu;

namespace KernelAgent.BuildFarm.Tests.Compilation;

/// <summary>
/// A real kernel tree (Debian's, the only archive reachable here) repackaged the way Ubuntu ships its headers: a
/// common package with the shared tree and a flavour package with .config, Module.symvers, the generated headers
/// and the host tools, linking the rest (its Makefile included) to the common folder with relative links. The
/// Ubuntu header source fetches it over loopback HTTP, and kbuild builds the sample driver in the flavour folder.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DebianArchiveTestGroup.Name)]
public sealed class UbuntuShapedHeadersCompileTests(DebianHeadersFixture kernels)
{
    [Fact(Timeout = 600_000)]
    public async Task CompileAsync_UbuntuShapedPackagesOfARealKernelTree_BuildsTheSampleInTheFlavourFolder()
    {
        var token = TestContext.Current.CancellationToken;
        kernels.Require();
        IntegrationRequirement.Require(FakeUbuntuArchive.DpkgDebAvailable, "dpkg-deb (Debian package dpkg) builds and extracts the Ubuntu-shaped packages");
        var debian = await SampleModuleBuild.SharedHeadersAsync(kernels.Amd64, token);
        using var scratch = new ScratchDirectory("ubuntu-shaped");
        FakeUbuntuArchive.Create(Path.Join(scratch.Path, "mirror", "ubuntu"), (common, flavour) => Repackage(debian, common, flavour));
        using var server = new LocalHttpRepository(Path.Join(scratch.Path, "mirror"));
        using var http = new HttpClient();
        var source = FakeUbuntuArchive.Source(new Uri(server.BaseUri, "ubuntu/"), Path.Join(scratch.Path, "cache"), http);
        var target = new KernelTarget("ubuntu", "22.04", KernelMachine.X8664, FakeUbuntuArchive.Release, FakeUbuntuArchive.Build);

        var headers = await source.FetchAsync(target, Path.Join(scratch.Path, "root"), null, token);
        var (module, _) = await SampleModuleBuild.BuildAsync(headers, Path.Join(scratch.Path, "build"), token);

        Assert.Null(headers.MakefilePath);
        Assert.Equal(debian.ExpectedCompiler, headers.ExpectedCompiler);
        Assert.Equal(62, SampleModuleBuild.ElfMachine(module.ModulePath));
        Assert.Contains(SampleModuleBuild.ModinfoStrings(module.ModulePath), s => s.StartsWith($"vermagic={FakeUbuntuArchive.Release} ", StringComparison.Ordinal));
    }

    // Debian's flavour folder links scripts/ and tools/ to linux-kbuild: Ubuntu's holds them itself, so they are copied in.
    private static void Repackage(KernelHeaders debian, string common, string flavour)
    {
        CopyTree(Path.GetDirectoryName(debian.MakefilePath!)!, common);
        foreach (var entry in new DirectoryInfo(debian.BuildDirectory).EnumerateFileSystemInfos().Where(e => e.Name != "Makefile"))
        {
            var resolved = entry.LinkTarget is { } link ? Path.GetFullPath(Path.Join(debian.BuildDirectory, link)) : entry.FullName;
            if (Directory.Exists(resolved))
            {
                CopyTree(resolved, Path.Join(flavour, entry.Name));
            }
            else
            {
                File.Copy(resolved, Path.Join(flavour, entry.Name));
            }
        }

        FakeUbuntuArchive.LinkCommonInto(common, flavour);

        // The generated headers record the kernel the packages are for: the Ubuntu kernel this archive pretends to hold.
        var generated = Path.Join(flavour, "include", "generated");
        File.Delete(Path.Join(generated, "utsrelease.h"));
        File.Delete(Path.Join(generated, "utsversion.h"));
        File.WriteAllText(Path.Join(generated, "utsrelease.h"), $"#define UTS_RELEASE \"{FakeUbuntuArchive.Release}\"\n");
        File.WriteAllText(Path.Join(generated, "utsversion.h"), $"#define UTS_VERSION \"{FakeUbuntuArchive.Build}\"\n");
    }

    // Links are copied as links.
    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Join(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyTree(entry.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }
}
