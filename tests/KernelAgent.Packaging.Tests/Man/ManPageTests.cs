using System.Text.RegularExpressions;

namespace KernelAgent.Packaging.Tests.Man;

/// <summary>
/// The hand-written man pages (packaging/man) stay in step with the programs: every command and option the
/// packaged amd64 binaries print in --help is named in the page.
/// </summary>
[Collection(PackageBuildGroup.Name)]
[Trait("Category", "Integration")]
public sealed partial class ManPageTests(PackageBuild build) : IDisposable
{
    private static readonly TimeSpan HelpTimeout = TimeSpan.FromMinutes(1);

    private readonly string _extracted = Directory.CreateTempSubdirectory("kernelagent-man.").FullName;

    public void Dispose() => Directory.Delete(_extracted, recursive: true);

    [Theory]
    [InlineData(PackageBuild.Agent, new[] { "verify", "identity", "once", "run", "status", "wait" })]
    [InlineData(PackageBuild.Farm, new[] { "serve", "worker", "keys", "keys generate", "keys rotate", "policy", "policy show", "policy revoke-key", "policy min-version", "resign", "catalog", "matrix", "drivers", "drivers add" })]
    public async Task ManPage_EveryCommandAndOptionOfHelp_IsNamed(string package, string[] commands)
    {
        var program = await ExtractAsync(package);
        var page = await File.ReadAllTextAsync(Path.Join(RepositoryPaths.Packaging, "man", $"{package}.8"), TestContext.Current.CancellationToken);

        var listed = Section(await HelpAsync(program), "Commands:").Select(line => line.Split(' ', 2)[0]).ToList();
        Assert.Equal(commands.Where(c => !c.Contains(' ', StringComparison.Ordinal)), listed);

        var missing = new List<string>();
        foreach (var command in commands)
        {
            if (!page.Contains(Roff(command), StringComparison.Ordinal))
            {
                missing.Add(command);
            }

            var options = Section(await HelpAsync(program, command.Split(' ')), "Options:")
                .Select(line => OptionName().Match(line).Value)
                .Where(option => option.StartsWith("--", StringComparison.Ordinal) && option != "--help");
            missing.AddRange(options.Where(option => !page.Contains(Roff(option), StringComparison.Ordinal)).Select(option => $"{command} {option}"));
        }

        Assert.Empty(missing);
    }

    private async Task<string> ExtractAsync(string package)
    {
        build.RequireBuilt();
        var result = await CommandRunner.RunRequiredAsync("dpkg-deb", "dpkg", ["-x", build.Deb(package, "amd64"), _extracted], HelpTimeout);
        Assert.True(result.ExitCode == 0, result.Transcript);
        return Path.Join(_extracted, "usr/lib", package, package);
    }

    private static async Task<string> HelpAsync(string program, params string[] command)
    {
        var result = await CommandRunner.RunAsync(program, [.. command, "--help"], HelpTimeout, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Transcript);
        return result.Output;
    }

    /// <summary>The indented entries under a "Commands:" or "Options:" heading of System.CommandLine's help.</summary>
    private static IEnumerable<string> Section(string help, string heading) =>
        help.Split('\n')
            .SkipWhile(line => line.Trim() != heading)
            .Skip(1)
            .TakeWhile(line => line.StartsWith("  ", StringComparison.Ordinal))
            .Select(line => line.Trim());

    /// <summary>How roff source spells a word: every '-' escaped as "\-".</summary>
    private static string Roff(string text) => text.Replace("-", "\\-", StringComparison.Ordinal);

    [GeneratedRegex(@"--[a-z-]+")]
    private static partial Regex OptionName();
}
