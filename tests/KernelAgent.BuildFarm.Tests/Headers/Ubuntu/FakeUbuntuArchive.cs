using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Roots;
using KernelAgent.BuildFarm.Headers.Ubuntu;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Headers.Ubuntu;

/// <summary>
/// A small Ubuntu archive for one kernel (jammy-updates, 5.15.0-91-generic, upload 101): two real .deb packages
/// built with dpkg-deb, shaped as Ubuntu ships them, in pool/, and a Packages index naming their sizes and
/// sha256 (from the Fixtures/ubuntu-debs template). The flavour package holds .config, Module.symvers and the
/// generated headers, and links its Makefile and the shared tree to the common package's folder with relative
/// links; the common package holds the shared tree.
/// </summary>
internal static class FakeUbuntuArchive
{
    public const string Release = "5.15.0-91-generic";
    public const string Build = "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023";
    public const string Compiler = "x86_64-linux-gnu-gcc-11 (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0";
    public const string FlavourPackage = "linux-headers-5.15.0-91-generic";
    public const string CommonPackage = "linux-headers-5.15.0-91";
    public const string Pool = "pool/main/l/linux/";

    public static bool DpkgDebAvailable => File.Exists("/usr/bin/dpkg-deb");

    /// <summary>Builds the archive under <paramref name="folder"/> (its root: dists/ and pool/).</summary>
    /// <param name="folder">The archive root to create.</param>
    /// <param name="fill">
    /// Fills the common and the flavour package's /usr/src folders (in that order); default: small stand-in trees.
    /// </param>
    public static void Create(string folder, Action<string, string>? fill = null)
    {
        var work = Path.Join(folder, ".build");
        var pool = Path.Join(folder, Pool);
        Directory.CreateDirectory(pool);
        var commonSource = Path.Join(work, CommonPackage, "usr", "src", CommonPackage);
        var flavourSource = Path.Join(work, FlavourPackage, "usr", "src", FlavourPackage);
        Directory.CreateDirectory(commonSource);
        Directory.CreateDirectory(flavourSource);
        (fill ?? FillStandIns)(commonSource, flavourSource);
        var modules = Path.Join(work, FlavourPackage, "lib", "modules", Release);
        Directory.CreateDirectory(modules);
        File.CreateSymbolicLink(Path.Join(modules, "build"), $"/usr/src/{FlavourPackage}");
        var common = BuildDeb(work, CommonPackage, "all", pool);
        var flavour = BuildDeb(work, FlavourPackage, "amd64", pool);
        ReadOnlyTree.Delete(work);

        var index = File.ReadAllText(Path.Join(TestRepository.HeaderFixtures, "ubuntu-debs", "Packages.template"))
            .Replace("@FLAVOUR_SIZE@", Size(flavour), StringComparison.Ordinal)
            .Replace("@FLAVOUR_SHA256@", Sha256(flavour), StringComparison.Ordinal)
            .Replace("@COMMON_SIZE@", Size(common), StringComparison.Ordinal)
            .Replace("@COMMON_SHA256@", Sha256(common), StringComparison.Ordinal);
        var indexFolder = Path.Join(folder, "dists", "jammy-updates", "main", "binary-amd64");
        Directory.CreateDirectory(indexFolder);
        File.WriteAllText(Path.Join(indexFolder, "Packages"), index);
    }

    /// <summary>The Ubuntu header source reading the archive at <paramref name="archiveUri"/>, with its own headers cache.</summary>
    public static UbuntuHeaderSource Source(Uri archiveUri, string cacheDirectory, HttpClient http) => new(
        Options.Create(new UbuntuHeaderSourceOptions { ArchiveUri = archiveUri, HostArchitecture = "amd64" }),
        Options.Create(new HeaderCacheOptions { Directory = cacheDirectory }),
        http,
        new ProcessRunner(TimeProvider.System),
        TimeProvider.System,
        NullLogger<UbuntuHeaderSource>.Instance);

    public static string FlavourFile(string folder) => Path.Join(folder, Pool, $"{FlavourPackage}_5.15.0-91.101_amd64.deb");

    public static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private static string Size(string file) => new FileInfo(file).Length.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Links every entry of the common folder the flavour folder lacks, descending into folders both have, with
    /// relative links as Ubuntu's flavour packages do (kbuild's source tree is then the flavour folder itself).
    /// </summary>
    public static void LinkCommonInto(string commonFolder, string flavourFolder, string relativeToCommon = "")
    {
        foreach (var entry in new DirectoryInfo(Path.Join(commonFolder, relativeToCommon)).EnumerateFileSystemInfos())
        {
            var relative = Path.Join(relativeToCommon, entry.Name);
            var inFlavour = Path.Join(flavourFolder, relative);
            if (Directory.Exists(inFlavour) && new DirectoryInfo(inFlavour).LinkTarget is null && entry is DirectoryInfo && entry.LinkTarget is null)
            {
                LinkCommonInto(commonFolder, flavourFolder, relative);
            }
            else if (!Path.Exists(inFlavour) && new FileInfo(inFlavour).LinkTarget is null)
            {
                var up = string.Concat(Enumerable.Repeat("../", relative.Count(c => c == '/') + 1));
                File.CreateSymbolicLink(inFlavour, $"{up}{CommonPackage}/{relative}");
            }
        }
    }

    /// <summary>The default trees: a stand-in shared tree, and a flavour folder with .config, Module.symvers and utsrelease.h.</summary>
    public static void FillStandIns(string common, string flavour)
    {
        Write(common, "Makefile", "# Top Makefile of the shared tree (stand-in)\nVERSION = 5\nPATCHLEVEL = 15\nSUBLEVEL = 0\n");
        Write(common, "include/linux/module.h", "/* stand-in */\n");
        Write(common, "scripts/Makefile.build", "# stand-in\n");
        Write(common, "arch/x86/Makefile", "# stand-in\n");
        Write(flavour, ".config", $"CONFIG_CC_VERSION_TEXT=\"{Compiler}\"\nCONFIG_MODULES=y\nCONFIG_MODVERSIONS=y\n");
        Write(flavour, "Module.symvers", "0x92997ed8\t_printk\tvmlinux\tEXPORT_SYMBOL\t\n");
        Write(flavour, "include/generated/utsrelease.h", $"#define UTS_RELEASE \"{Release}\"\n");
        Write(flavour, "include/config/auto.conf", "CONFIG_MODULES=y\n");
        LinkCommonInto(common, flavour);
    }

    private static string BuildDeb(string work, string package, string architecture, string pool)
    {
        var tree = Path.Join(work, package);
        Write(tree, "DEBIAN/control",
            $"Package: {package}\nVersion: 5.15.0-91.101\nArchitecture: {architecture}\nMaintainer: KernelAgent tests <tests@localhost>\nDescription: stand-in kernel headers\n");
        var deb = Path.Join(pool, $"{package}_5.15.0-91.101_{architecture}.deb");
        var start = new ProcessStartInfo("dpkg-deb") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--root-owner-group", "-Zgzip", "--build", tree, deb])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? deb : throw new InvalidOperationException($"dpkg-deb --build {package} failed: {errors.Result}");
    }

    private static void Write(string root, string relative, string contents)
    {
        var path = Path.Join(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
    }
}
