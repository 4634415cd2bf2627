using System.IO.Compression;
using System.Text;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Rpm;

namespace KernelAgent.BuildFarm.Tests.Headers;

/// <summary>
/// The check of a target against what its fetched headers record, on header trees shaped as Debian's real packages
/// (linux-headers-6.1.0-57-amd64 6.1.192-3: utsrelease.h, utsversion.h, compile.h, the changelog naming bookworm-security).
/// </summary>
public sealed class ExactBuildCheckTests : IDisposable
{
    private const string Release = "6.1.0-57-amd64";
    private const string Build = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)";
    private static readonly Dictionary<string, string> Codenames = new DebianHeaderSourceOptions().Codenames.ToDictionary();

    private readonly ScratchDirectory _root = new("exact-build");

    private static KernelTarget Exact => new("debian", "12", KernelMachine.X8664, Release, Build);

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Verified_TargetAsTheHeadersRecordIt_Passes()
    {
        var headers = Tree(Exact);

        Assert.Same(headers, ExactBuildCheck.Verified(headers, DebianRelease.FromChangelog(_root.Path, Exact, Codenames), buildStringRequired: true));
    }

    [Theory]
    [InlineData("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2030-01-01)")]
    [InlineData("#2 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)")]
    [InlineData("#1 SMP Debian 6.1.192-3 (2026-11-26)")]
    public void Verified_BuildStringTheHeadersDoNotRecord_IsRefusedNamingKernelBuildAndTheRealString(string buildString)
    {
        var target = Exact with { KernelBuild = buildString };

        var error = Assert.Throws<InvalidKernelTargetException>(() => ExactBuildCheck.Verified(Tree(target), null, buildStringRequired: true));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(nameof(KernelTarget.KernelBuild), problem.Field);
        Assert.Contains($"'{Build}'", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("utsversion.h", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verified_BookwormKernelAsDebian13_IsRefusedNamingTheChangelogsRelease()
    {
        var target = Exact with { DistroVersionId = "13" };
        var headers = Tree(target);

        var evidence = DebianRelease.FromChangelog(_root.Path, target, Codenames);
        var error = Assert.Throws<InvalidKernelTargetException>(() => ExactBuildCheck.Verified(headers, evidence, buildStringRequired: true));

        Assert.Equal("12", evidence?.VersionId);
        var problem = Assert.Single(error.Problems);
        Assert.Equal(nameof(KernelTarget.DistroVersionId), problem.Field);
        Assert.Contains("bookworm-security", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verified_SeveralFieldsWrong_NamesEveryOneAtOnce()
    {
        var target = new KernelTarget("debian", "13", KernelMachine.Aarch64, Release, Build.Replace("2026-11-26", "2030-01-01", StringComparison.Ordinal));
        var headers = Tree(Exact) with { Target = target };

        var error = Assert.Throws<InvalidKernelTargetException>(
            () => ExactBuildCheck.Verified(headers, DebianRelease.FromChangelog(_root.Path, target, Codenames), buildStringRequired: true));

        Assert.Equal(
            [nameof(KernelTarget.KernelBuild), nameof(KernelTarget.Architecture), nameof(KernelTarget.DistroVersionId)],
            error.Problems.Select(p => p.Field));
        Assert.Contains("'x86_64'", error.Problems[1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verified_ReleaseTheHeadersAreNotFor_IsRefusedNamingKernelRelease()
    {
        var headers = Tree(Exact) with { Target = Exact with { KernelRelease = "6.1.0-56-amd64" } };

        var error = Assert.Throws<InvalidKernelTargetException>(() => ExactBuildCheck.Verified(headers, null, buildStringRequired: true));

        Assert.Equal(nameof(KernelTarget.KernelRelease), Assert.Single(error.Problems).Field);
        Assert.Contains($"'{Release}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verified_TreeWithoutBuildString_IsRefusedWhenTheFamilyAlwaysRecordsOneAndPassesOtherwise()
    {
        var headers = Tree(Exact);
        File.Delete(Path.Join(headers.BuildDirectory, "include", "generated", "utsversion.h"));
        File.WriteAllText(Path.Join(headers.BuildDirectory, "include", "generated", "compile.h"), "#define UTS_MACHINE\t\t\"x86_64\"\n");

        Assert.Throws<HeaderSourceException>(() => ExactBuildCheck.Verified(headers, null, buildStringRequired: true));
        Assert.Same(headers, ExactBuildCheck.Verified(headers, null, buildStringRequired: false));
    }

    [Fact]
    public void Verified_OlderTreeWithUtsVersionInCompileH_ComparesThatOne()
    {
        var headers = Tree(Exact);
        File.Delete(Path.Join(headers.BuildDirectory, "include", "generated", "utsversion.h"));
        File.WriteAllText(Path.Join(headers.BuildDirectory, "include", "generated", "compile.h"), $"#define UTS_MACHINE \"x86_64\"\n#define UTS_VERSION \"{Build}\"\n");
        var wrong = headers with { Target = Exact with { KernelBuild = Build + " " } };

        Assert.Same(headers, ExactBuildCheck.Verified(headers, null, buildStringRequired: true));
        Assert.Contains("compile.h", Assert.Throws<InvalidKernelTargetException>(() => ExactBuildCheck.Verified(wrong, null, true)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unstable")]
    [InlineData("UNRELEASED")]
    [InlineData("sid")]
    public void FromChangelog_DistributionThatIsNoRelease_NamesNone(string distribution)
    {
        Tree(Exact, distribution);

        Assert.Null(DebianRelease.FromChangelog(_root.Path, Exact, Codenames));
    }

    [Theory]
    [InlineData("6.1.0-57-amd64", "6.1.90-1+deb12u1", "12")]
    [InlineData("6.12.57+deb13-amd64", "6.12.57-1", "13")]
    [InlineData("6.12.43+deb12-amd64", "6.12.43-1~deb12u1", "12")]
    [InlineData("6.12.12-amd64", "6.12.12-1~bpo12+1", "12")]
    [InlineData("6.1.0-57-amd64", "6.1.192-3", null)]
    public void FromNames_VersionOrReleaseMarkers_NameTheRelease(string release, string version, string? expected)
    {
        var target = Exact with { KernelRelease = release };

        Assert.Equal(expected, DebianRelease.FromNames(target, version)?.VersionId);
    }

    [Theory]
    [InlineData("windows")]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("12.1")]
    [InlineData("012")]
    [InlineData("")]
    public void CheckForm_NotADebianVersionId_IsRefusedNamingDistroVersionId(string versionId)
    {
        var error = Assert.Throws<InvalidKernelTargetException>(() => DebianRelease.CheckForm(Exact with { DistroVersionId = versionId }));

        Assert.Equal(nameof(KernelTarget.DistroVersionId), error.Field);
    }

    [Theory]
    [InlineData("rhel", "9", "5.14.0-362.8.1.el9_3.x86_64", null)]
    [InlineData("rocky", "9.4", "5.14.0-362.8.1.el9_3.x86_64", null)]
    [InlineData("rhel", "8", "5.14.0-362.8.1.el9_3.x86_64", "el9")]
    [InlineData("ol", "8", "5.15.0-200.131.27.el9uek.x86_64", "el9")]
    [InlineData("rhel", "NaN", "5.14.0-362.8.1.el9_3.x86_64", "VERSION_ID")]
    [InlineData("amzn", "2023", "6.1.102-111.182.amzn2023.x86_64", null)]
    [InlineData("amzn", "2", "6.1.102-111.182.amzn2023.x86_64", "Amazon Linux 2023")]
    [InlineData("amzn", "windows", "6.1.102-111.182.amzn2023.x86_64", "VERSION_ID")]
    public void ParseAndCheckDistro_VersionIdAgainstTheDistTag_RefusesAnotherRelease(string distro, string versionId, string release, string? problem)
    {
        var target = new KernelTarget(distro, versionId, KernelMachine.X8664, release, "#1 SMP PREEMPT_DYNAMIC Fri Oct 6 12:00:00 UTC 2023");

        if (problem is null)
        {
            RpmKernelRelease.ParseAndCheckDistro(target);
            return;
        }

        var error = Assert.Throws<InvalidKernelTargetException>(() => RpmKernelRelease.ParseAndCheckDistro(target));
        Assert.Equal(nameof(KernelTarget.DistroVersionId), error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    // The flavour package's files that record the build, as linux-headers-6.1.0-57-amd64 6.1.192-3 ships them.
    private KernelHeaders Tree(KernelTarget target, string distribution = "bookworm-security")
    {
        var build = Path.Join(_root.Path, "usr", "src", $"linux-headers-{target.KernelRelease}");
        var generated = Path.Join(build, "include", "generated");
        Directory.CreateDirectory(generated);
        File.WriteAllText(Path.Join(build, ".config"), "CONFIG_CC_VERSION_TEXT=\"gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0\"\nCONFIG_X86_64=y\n");
        File.WriteAllText(Path.Join(generated, "utsrelease.h"), $"#define UTS_RELEASE \"{Release}\"\n");
        File.WriteAllText(Path.Join(generated, "utsversion.h"), $"#define UTS_VERSION \"{Build}\"\n");
        File.WriteAllText(
            Path.Join(generated, "compile.h"),
            "#define UTS_MACHINE\t\t\"x86_64\"\n#define LINUX_COMPILE_BY\t\"debian-kernel\"\n#define LINUX_COMPILER\t\t\"gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0\"\n");
        var doc = Path.Join(_root.Path, "usr", "share", "doc", $"linux-headers-{target.KernelRelease}");
        Directory.CreateDirectory(doc);
        using (var gzip = new GZipStream(File.Create(Path.Join(doc, "changelog.Debian.gz")), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(
                $"linux (6.1.192-3) {distribution}; urgency=high\n\n  * nfsd: a fix\n\n -- Maintainer <m@example.org>  Thu, 26 Nov 2026 18:12:56 +0100\n"));
        }

        return new KernelHeaders(target, _root.Path, build, null, null, [], 0);
    }
}
