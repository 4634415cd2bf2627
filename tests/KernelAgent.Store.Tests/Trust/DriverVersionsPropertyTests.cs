using CsCheck;
using KernelAgent.Store.Tests.TestSupport;
using KernelAgent.Store.Trust;

namespace KernelAgent.Store.Tests.Trust;

/// <summary>
/// The version order is a total order on every valid version, any string is either refused with a reason or ordered,
/// and the order is dpkg's own (checked against <c>dpkg --compare-versions</c>).
/// </summary>
public sealed class DriverVersionsPropertyTests
{
    private const int Cases = PropertyCases.PerParser;

    /// <summary>Versions made of the pieces that matter to the order: digits with leading zeros, letters, '~', '+', '.', '-', an epoch.</summary>
    private static readonly Gen<string> Version =
        Gen.Select(
            Gen.Int[0, 3].Select(e => e == 0 ? string.Empty : $"{e - 1}:"),
            Gen.Int[0, 99].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.OneOf("0", "00", "1", "9", "10", "a", "z", "A", "~", "~~", ".", "+", "-", "_", "~rc", "-1", ".1", "+b1")
                .Array[0, 5].Select(parts => string.Concat(parts)))
        .Select((epoch, head, tail) => epoch + head + tail)
        .Where(v => DriverVersions.Problem(v) is null);

    [Fact]
    public void Compare_RandomTriples_IsATotalOrder() =>
        PropertyCases.Run(Gen.Select(Version, Version, Version), Cases, "version triples", t =>
        {
            var (a, b, c) = t;
            Assert.Equal(0, DriverVersions.Compare(a, a));
            Assert.Equal(Math.Sign(DriverVersions.Compare(a, b)), -Math.Sign(DriverVersions.Compare(b, a)));
            if (DriverVersions.Compare(a, b) <= 0 && DriverVersions.Compare(b, c) <= 0)
            {
                Assert.True(DriverVersions.Compare(a, c) <= 0, $"{a} <= {b} <= {c} but not {a} <= {c}");
            }
        });

    [Fact]
    public void Problem_RandomStrings_RefusesOrOrdersWithoutException() =>
        PropertyCases.Run(Gen.String[Gen.Char[(char)0, (char)127], 0, 80], Cases, "random version strings", text =>
        {
            if (DriverVersions.Problem(text) is null)
            {
                Assert.Equal(0, DriverVersions.Compare(text, text));
                _ = DriverVersions.Compare(text, "1.0");
            }
        });

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Compare_RandomPairs_AgreesWithDpkg()
    {
        const int pairs = 300;
        var samples = new List<(string A, string B)>();
        Gen.Select(Version, Version).Where((a, b) => !a.Contains('_', StringComparison.Ordinal) && !b.Contains('_', StringComparison.Ordinal))
            .Sample((a, b) => samples.Add((a, b)), iter: pairs, threads: 1);
        foreach (var (a, b) in samples)
        {
            var ours = Math.Sign(DriverVersions.Compare(a, b));
            var dpkg = await DpkgLessThanAsync(a, b) ? -1 : await DpkgLessThanAsync(b, a) ? 1 : 0;
            Assert.True(ours == dpkg, $"'{a}' vs '{b}': ours {ours}, dpkg {dpkg}");
        }

        PropertyCases.Report(samples.Count, "version pairs compared with dpkg --compare-versions");
        Assert.Equal(pairs, samples.Count);
    }

    private static async Task<bool> DpkgLessThanAsync(string a, string b)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dpkg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--compare-versions", a, "lt", b })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return process.ExitCode == 0;
    }
}
