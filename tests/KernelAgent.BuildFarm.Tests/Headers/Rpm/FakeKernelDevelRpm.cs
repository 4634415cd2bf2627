using System.Globalization;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Rpm;

namespace KernelAgent.BuildFarm.Tests.Headers.Rpm;

/// <summary>
/// Builds a small -devel package the way RPM kernels ship theirs, with Debian's rpmbuild: a build tree
/// /usr/src/kernels/&lt;uname -r&gt; with a Makefile, a .config naming the compiler, include/generated/utsrelease.h
/// and Module.symvers. The payload compressor is chosen per test (RHEL 8 and Amazon Linux 2 use xz, newer
/// releases zstd).
/// </summary>
internal static class FakeKernelDevelRpm
{
    public const string Compiler = "gcc (GCC) 11.4.1 20231218 (Red Hat 11.4.1-3)";

    /// <summary>A file of the tree whose path inside the package is well over 100 characters.</summary>
    public const string LongPath = "include/dt-bindings/interconnect/qcom,sm8550-rpmh-interconnect-bandwidth-voting-nodes/qcom,sm8550-rpmh.h";

    // rpmbuild makes the package; rpm2archive is the farm's extractor.
    private static readonly string[] _programs = ["rpmbuild", "rpm2archive"];

    public static bool Available => _programs.All(program => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Any(directory => File.Exists(Path.Join(directory, program))));

    /// <summary>Skips the test (fails it in CI) when rpmbuild or rpm2archive is missing.</summary>
    public static void Require() => IntegrationRequirement.Require(Available, "rpmbuild is not installed (Debian package rpm; rpm2archive is in rpm2cpio)");

    /// <summary>
    /// Builds the package and returns its path; <paramref name="payload"/> is rpmbuild's _binary_payload, e.g. "w2.xzdio" or
    /// "w19.zstdio"; with <paramref name="utsVersion"/> the tree also holds include/generated/compile.h defining it.
    /// </summary>
    public static async Task<string> BuildAsync(
        string workDirectory, string name, string version, string release, string architecture, string? variant, string payload, CancellationToken cancellationToken,
        string? utsVersion = null)
    {
        var uname = $"{version}-{release}.{architecture}{(variant is null ? "" : "+" + variant)}";
        var tree = Path.Join(workDirectory, "tree");
        var kernel = Path.Join(tree, "usr", "src", "kernels", uname);
        Directory.CreateDirectory(Path.Join(kernel, "include", "generated"));
        await File.WriteAllTextAsync(Path.Join(kernel, "Makefile"), "VERSION = 5\nPATCHLEVEL = 14\nSUBLEVEL = 0\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Join(kernel, ".config"), $"CONFIG_CC_VERSION_TEXT=\"{Compiler}\"\nCONFIG_MODULES=y\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Join(kernel, "include", "generated", "utsrelease.h"), $"#define UTS_RELEASE \"{uname}\"\n", cancellationToken);
        if (utsVersion is not null)
        {
            await File.WriteAllTextAsync(
                Path.Join(kernel, "include", "generated", "compile.h"),
                $"/* This file is auto generated, version 1 */\n#define UTS_MACHINE \"{architecture}\"\n#define UTS_VERSION \"{utsVersion}\"\n#define LINUX_COMPILER \"{Compiler}\"\n",
                cancellationToken);
        }

        await File.WriteAllTextAsync(Path.Join(kernel, "Module.symvers"), "0x12345678\tprintk\tvmlinux\tEXPORT_SYMBOL\t\n", cancellationToken);
        // Real trees hold paths longer than tar's classic 100 characters.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Join(kernel, LongPath))!);
        await File.WriteAllTextAsync(Path.Join(kernel, LongPath), "/* long path */\n", cancellationToken);

        var spec = Path.Join(workDirectory, $"{name}.spec");
        await File.WriteAllTextAsync(spec, string.Create(CultureInfo.InvariantCulture, $$"""
            Name: {{name}}
            Version: {{version}}
            Release: {{release}}
            Summary: A fake kernel build tree for the farm's tests
            License: GPLv2
            AutoReqProv: no
            %global debug_package %{nil}
            %global __os_install_post %{nil}
            %global _build_id_links none

            %description
            A fake kernel build tree for the farm's tests.

            %install
            cp -a "{{tree}}/." %{buildroot}/

            %files
            /usr/src/kernels/{{uname}}

            """), cancellationToken);

        var output = Path.Join(workDirectory, "rpms");
        var result = await new ProcessRunner(TimeProvider.System).RunAsync(
            new ProcessInvocation(
                "rpmbuild",
                ["-bb", "--quiet", "--target", architecture,
                 "--define", $"_topdir {Path.Join(workDirectory, "top")}",
                 "--define", $"_rpmdir {output}",
                 "--define", $"_binary_payload {payload}",
                 "--define", "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm",
                 spec],
                TimeSpan.FromMinutes(2)),
            cancellationToken);
        Assert.True(result.Succeeded, $"rpmbuild failed: {result.Tail(30)}");
        return Path.Join(output, $"{name}-{version}-{release}.{architecture}.rpm");
    }

    /// <summary>
    /// A repository in <paramref name="folder"/> under <paramref name="scratch"/> holding one fake -devel package; its
    /// primary.xml names the package's sha256, or <paramref name="claimedSha256"/> instead when given; signed by
    /// <paramref name="signedBy"/> when given (before it is indexed, as a distribution signs).
    /// </summary>
    public static async Task<(Uri Repository, HeaderPackage Package)> RepositoryAsync(
        string scratch, string folder, string name, string version, string release, string? variant, string payload, CancellationToken token, string? claimedSha256 = null,
        string? utsVersion = null, RpmSigningKey? signedBy = null)
    {
        Require();
        var built = await BuildAsync(Path.Join(scratch, "rpmbuild-" + folder), name, version, release, "x86_64", variant, payload, token, utsVersion);
        if (signedBy is not null)
        {
            await signedBy.SignAsync(built, token);
        }

        var href = $"Packages/k/{Path.GetFileName(built)}";
        var sha256 = await HeaderCache.Sha256OfFileAsync(built, token);
        var size = new FileInfo(built).Length;
        var repository = RepositoryFixtures.RpmRepository(scratch, "rpm-devel", new Dictionary<string, string>
        {
            ["@NAME@"] = name,
            ["@ARCH@"] = "x86_64",
            ["@VERSION@"] = version,
            ["@RELEASE@"] = release,
            ["@SHA256@"] = claimedSha256 ?? sha256,
            ["@SIZE@"] = size.ToString(CultureInfo.InvariantCulture),
            ["@HREF@"] = href,
        }, folder);
        Directory.CreateDirectory(Path.Join(repository.LocalPath, "Packages", "k"));
        File.Copy(built, Path.Join(repository.LocalPath, href));
        return (repository, new HeaderPackage(name, $"{version}-{release}", "x86_64", sha256, size, new Uri(repository, href)));
    }
}
