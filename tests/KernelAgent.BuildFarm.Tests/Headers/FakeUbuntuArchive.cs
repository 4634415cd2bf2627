using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace KernelAgent.BuildFarm.Tests.Headers;

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
    public static void Create(string folder)
    {
        var work = Path.Join(folder, ".build");
        var pool = Path.Join(folder, Pool);
        Directory.CreateDirectory(pool);
        var common = BuildDeb(work, CommonPackage, "all", pool, tree =>
        {
            var src = Path.Join(tree, "usr", "src", CommonPackage);
            Write(src, "Makefile", "# Top Makefile of the shared tree (stand-in)\nVERSION = 5\nPATCHLEVEL = 15\nSUBLEVEL = 0\n");
            Write(src, "include/linux/module.h", "/* stand-in */\n");
            Write(src, "scripts/Makefile.build", "# stand-in\n");
            Write(src, "arch/x86/Makefile", "# stand-in\n");
        });
        var flavour = BuildDeb(work, FlavourPackage, "amd64", pool, tree =>
        {
            var src = Path.Join(tree, "usr", "src", FlavourPackage);
            Write(src, ".config", $"CONFIG_CC_VERSION_TEXT=\"{Compiler}\"\nCONFIG_MODULES=y\nCONFIG_MODVERSIONS=y\n");
            Write(src, "Module.symvers", "0x92997ed8\t_printk\tvmlinux\tEXPORT_SYMBOL\t\n");
            Write(src, "include/generated/utsrelease.h", $"#define UTS_RELEASE \"{Release}\"\n");
            Write(src, "include/config/auto.conf", "CONFIG_MODULES=y\n");
            File.CreateSymbolicLink(Path.Join(src, "Makefile"), $"../{CommonPackage}/Makefile");
            File.CreateSymbolicLink(Path.Join(src, "scripts"), $"../{CommonPackage}/scripts");
            File.CreateSymbolicLink(Path.Join(src, "arch"), $"../{CommonPackage}/arch");
            File.CreateSymbolicLink(Path.Join(src, "include", "linux"), $"../../{CommonPackage}/include/linux");
            var modules = Path.Join(tree, "lib", "modules", Release);
            Directory.CreateDirectory(modules);
            File.CreateSymbolicLink(Path.Join(modules, "build"), $"/usr/src/{FlavourPackage}");
        });
        Directory.Delete(work, recursive: true);

        var index = File.ReadAllText(Path.Join(TestRepository.HeaderFixtures, "ubuntu-debs", "Packages.template"))
            .Replace("@FLAVOUR_SIZE@", Size(flavour), StringComparison.Ordinal)
            .Replace("@FLAVOUR_SHA256@", Sha256(flavour), StringComparison.Ordinal)
            .Replace("@COMMON_SIZE@", Size(common), StringComparison.Ordinal)
            .Replace("@COMMON_SHA256@", Sha256(common), StringComparison.Ordinal);
        var indexFolder = Path.Join(folder, "dists", "jammy-updates", "main", "binary-amd64");
        Directory.CreateDirectory(indexFolder);
        File.WriteAllText(Path.Join(indexFolder, "Packages"), index);
    }

    public static string FlavourFile(string folder) => Path.Join(folder, Pool, $"{FlavourPackage}_5.15.0-91.101_amd64.deb");

    public static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private static string Size(string file) => new FileInfo(file).Length.ToString(CultureInfo.InvariantCulture);

    private static string BuildDeb(string work, string package, string architecture, string pool, Action<string> fill)
    {
        var tree = Path.Join(work, package);
        Write(tree, "DEBIAN/control",
            $"Package: {package}\nVersion: 5.15.0-91.101\nArchitecture: {architecture}\nMaintainer: KernelAgent tests <tests@localhost>\nDescription: stand-in kernel headers\n");
        fill(tree);
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
