namespace KernelAgent.Packaging.Tests.Changelog;

/// <summary>packaging/lib/changelog.py: CHANGELOG.md (Keep a Changelog) to deb-changelog(5) and rpm %changelog.</summary>
[Trait("Category", "Integration")]
public sealed class ChangelogConversionTests : IDisposable
{
    private const string Maintainer = "KernelAgent developers <packaging@kernelagent.invalid>";

    /// <summary>2026-11-23 12:00:00 UTC.</summary>
    private const long BuildEpoch = 1795435200;

    private const string Markdown = """
        # Changelog

        ## [Unreleased]

        ### Added
        - `kernel-agent once` loads the module; a long item that goes on and on so that it has to be wrapped
          onto a second line in the package changelog, with a [link](https://example.invalid/) in it.

        ### Fixed
        - The farm keeps 100% of its builds.

        ## [0.0.9] - 2026-01-02

        ### Added
        - First preview.
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("kernelagent-changelog.").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Deb_UnreleasedSection_BecomesTheCurrentVersionsEntryAboveOlderReleases()
    {
        var text = await ConvertAsync("deb", "0.1.0", Markdown);

        Assert.StartsWith("kernel-agent (0.1.0) unstable; urgency=medium\n\n  * Added: kernel-agent once loads the module;", text);
        Assert.Contains("  * Fixed: The farm keeps 100% of its builds.\n", text);
        Assert.Contains($" -- {Maintainer}  Mon, 23 Nov 2026 12:00:00 +0000\n", text);
        Assert.Contains("kernel-agent (0.0.9) unstable; urgency=medium\n\n  * Added: First preview.\n", text);
        Assert.Contains($" -- {Maintainer}  Fri, 02 Jan 2026 00:00:00 +0000", text);
        Assert.Contains("link in it", text);
        Assert.All(text.Split('\n').Where(line => line.StartsWith("  ", StringComparison.Ordinal)), line => Assert.True(line.Length <= 80, line));
    }

    [Fact]
    public async Task Deb_CurrentVersionHasItsOwnSection_UnreleasedIsLeftOut()
    {
        var text = await ConvertAsync("deb", "0.0.9", Markdown);

        Assert.StartsWith("kernel-agent (0.0.9) unstable; urgency=medium", text);
        Assert.DoesNotContain("once loads", text);
    }

    [Fact]
    public async Task Rpm_Entries_CarryVersionReleaseAndEscapePercentSigns()
    {
        var text = await ConvertAsync("rpm", "0.1.0", Markdown);

        Assert.StartsWith($"* Mon Nov 23 2026 {Maintainer} - 0.1.0-1\n- Added: kernel-agent once loads the module;", text);
        Assert.Contains("- Fixed: The farm keeps 100%% of its builds.\n", text);
        Assert.Contains($"* Fri Jan 02 2026 {Maintainer} - 0.0.9-1\n- Added: First preview.\n", text);
    }

    [Fact]
    public async Task Convert_VersionWithoutAnyEntry_Fails()
    {
        var path = Path.Join(_folder, "CHANGELOG.md");
        await File.WriteAllTextAsync(path, "# Changelog\n\n## [Unreleased]\n\n## [0.0.9] - 2026-01-02\n\n- First preview.\n", TestContext.Current.CancellationToken);

        var result = await RunAsync("deb", "0.1.0", path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("0.1.0 has no entry", result.Errors);
    }

    private async Task<string> ConvertAsync(string format, string version, string markdown)
    {
        var path = Path.Join(_folder, "CHANGELOG.md");
        await File.WriteAllTextAsync(path, markdown, TestContext.Current.CancellationToken);
        var result = await RunAsync(format, version, path);
        Assert.True(result.ExitCode == 0, result.Transcript);
        return result.Output;
    }

    private static Task<CommandResult> RunAsync(string format, string version, string path) =>
        CommandRunner.RunRequiredAsync(
            "python3",
            "python3",
            [Path.Join(RepositoryPaths.Packaging, "lib", "changelog.py"), format, path, "--package", "kernel-agent",
             "--version", version, "--maintainer", Maintainer, "--date-epoch", BuildEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(1));
}
