using CsCheck;
using KernelAgent.Agent.Loading;

namespace KernelAgent.Agent.Tests.Loading;

public sealed class ModulesDepParserTests
{
    [Fact]
    public void Parse_KmodLines_GivesNamesPathsAndDependencyNames()
    {
        var entries = ModulesDepParser.Parse(
            "kernel/net/netfilter/nf_conntrack.ko: kernel/net/ipv6/netfilter/nf_defrag_ipv6.ko kernel/lib/libcrc32c.ko\n" +
            "kernel/drivers/media/v4l2-core/videodev.ko.zst:  kernel/drivers/media/mc/mc.ko.zst\n\n" +
            "updates/dkms/nf_conntrack.ko:\n", out var problem);

        Assert.NotNull(entries);
        Assert.Equal(string.Empty, problem);
        Assert.Equal(["nf_defrag_ipv6", "libcrc32c"], entries["nf_conntrack"].Depends);
        Assert.Equal("kernel/net/netfilter/nf_conntrack.ko", entries["nf_conntrack"].RelativePath);
        Assert.Equal(["mc"], entries["videodev"].Depends);
    }

    [Theory]
    [InlineData("kernel/a.ko kernel/b.ko", "no ':'")]
    [InlineData("/lib/modules/6.1.0-57-amd64/kernel/a.ko:", "not a plain path")]
    [InlineData("kernel/../../a.ko:", "not a plain path")]
    [InlineData("kernel/a.o:", "does not end in")]
    [InlineData("kernel/a.ko: kernel/b\u0001.ko", "control character")]
    [InlineData("kernel/.ko:", "line 1")]
    public void Parse_MalformedLine_IsARefusalNamingIt(string line, string expected)
    {
        Assert.Null(ModulesDepParser.Parse("kernel/x.ko:\n" + line + "\n", out var problem));

        Assert.Contains("line 2", problem, StringComparison.Ordinal);
        Assert.Contains(expected.Replace("line 1", "line 2", StringComparison.Ordinal), problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WellFormedLines_GivesEveryModuleWithItsDependencies()
    {
        string[] folders = ["kernel/net/netfilter/", "kernel/lib/", "updates/dkms/", "extra/"];
        string[] suffixes = [".ko", ".ko.xz", ".ko.zst", ".ko.gz"];
        var path = Gen.Select(Gen.Int[0, folders.Length - 1], Gen.Int[0, 30], Gen.Int[0, suffixes.Length - 1],
            (f, n, s) => $"{folders[f]}mod-{n}{suffixes[s]}");
        var cases = 0;
        Gen.Select(path, path.Array[0, 4]).Array[0, 20].Sample(lines =>
        {
            Interlocked.Increment(ref cases);
            var text = string.Join("\n", lines.Select(l => $"{l.Item1}: {string.Join(' ', l.Item2)}"));
            var entries = ModulesDepParser.Parse(text, out _);
            // The first line of a name wins, as for modprobe.
            return entries is not null && entries.Count == lines.Select(l => Name(l.Item1)).Distinct().Count() && lines.DistinctBy(l => Name(l.Item1)).All(l =>
                entries[Name(l.Item1)].RelativePath == l.Item1 && entries[Name(l.Item1)].Depends.SequenceEqual(l.Item2.Select(Name)));
        }, iter: 2000);
        Console.WriteLine($"ModulesDepParser.Parse well-formed: {cases} cases");
        TestContext.Current.SendDiagnosticMessage($"ModulesDepParser.Parse well-formed: {cases} cases");

        static string Name(string path) => path[(path.LastIndexOf('/') + 1)..path.IndexOf(".ko", StringComparison.Ordinal)].Replace('-', '_');
    }

    [Fact]
    public void Parse_AnyText_IsEntriesOrARefusalNeverAnException()
    {
        string[] parts = ["kernel/", "updates/", "a", "b-c", "x_tables", ".ko", ".ko.xz", ".o", ":", " ", "\n", "\r\n", "/", "..", "\t", "\0", "é"];
        var part = Gen.Int[0, parts.Length - 1].Select(i => parts[i]);
        var text = Gen.OneOf(part.Array[0, 40].Select(string.Concat), Gen.String);
        var cases = 0;
        var refused = 0;
        text.Sample(input =>
        {
            Interlocked.Increment(ref cases);
            var entries = ModulesDepParser.Parse(input, out var problem);
            if (entries is null)
            {
                Interlocked.Increment(ref refused);
                return problem.Length > 0;
            }

            return entries.All(e => e.Key == e.Value.Name && !e.Value.RelativePath.StartsWith('/') && !e.Value.RelativePath.Contains("..", StringComparison.Ordinal));
        }, iter: 5000);
        Console.WriteLine($"ModulesDepParser.Parse: {cases} cases, {refused} refused");
        TestContext.Current.SendDiagnosticMessage($"ModulesDepParser.Parse: {cases} cases, {refused} refused");
    }
}
