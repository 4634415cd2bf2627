using System.Text.RegularExpressions;

namespace KernelAgent.Packaging.Tests.Lint;

/// <summary>Every accepted lintian or rpmlint finding carries its reason and is listed in packaging/README.md.</summary>
public sealed partial class LintExplanationTests
{
    private static readonly string Readme = File.ReadAllText(Path.Join(RepositoryPaths.Packaging, "README.md"));

    [Theory]
    [InlineData("kernel-agent")]
    [InlineData("kernel-buildfarm")]
    public void LintianOverrides_EachOverride_FollowsItsReasonAndIsListedInTheReadme(string package)
    {
        var lines = File.ReadAllLines(Path.Join(RepositoryPaths.Packaging, "deb", $"{package}.lintian-overrides"));

        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            Assert.True(i > 0 && lines[i - 1].StartsWith('#'), $"override '{lines[i]}' has no comment with its reason above it");
            var tag = lines[i].Split(' ')[0];
            Assert.True(Readme.Contains($"`{tag}`", StringComparison.Ordinal), $"lintian tag {tag} is not explained in packaging/README.md");
        }
    }

    [Fact]
    public void RpmlintFilters_EachFilter_FollowsItsReasonAndIsListedInTheReadme()
    {
        var lines = File.ReadAllLines(Path.Join(RepositoryPaths.Packaging, "rpm", "rpmlint.toml"));
        var filters = lines.Index().Where(line => FilterLine().IsMatch(line.Item)).ToList();

        Assert.NotEmpty(filters);
        foreach (var (index, line) in filters)
        {
            Assert.True(lines[index - 1].TrimStart().StartsWith('#'), $"filter {line.Trim()} has no comment with its reason above it");
            var tag = FilterLine().Match(line).Groups["tag"].Value;
            Assert.True(Readme.Contains($"`{tag}`", StringComparison.Ordinal), $"rpmlint finding {tag} is not explained in packaging/README.md");
        }
    }

    [GeneratedRegex("""^\s+" (?<tag>[a-z0-9%-]+)""")]
    private static partial Regex FilterLine();
}
