using System.Text;
using CsCheck;
using KernelAgent.BuildFarm.Drivers.Dkms;

namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

public sealed class DkmsConfOutputTests(ITestOutputHelper output)
{
    private static readonly Gen<string> _names = Gen.Int[0, DkmsConfVariables.ConfNames.Count + DkmsConfVariables.MatchNames.Count - 1].Select(i => i < DkmsConfVariables.ConfNames.Count ? DkmsConfVariables.ConfNames[i] : DkmsConfVariables.MatchNames[i - DkmsConfVariables.ConfNames.Count]);

    // Bash values hold any character except NUL.
    private static readonly Gen<string> _values = Gen.String[Gen.Char.Where(c => c != '\0' && !char.IsSurrogate(c)), 0, 40];

    private static readonly Gen<List<(string Name, int Index, string Value)>> _assignments =
        Gen.Select(_names, Gen.Int[0, 99_999], _values).List[0, 30]
            .Select(list => list.DistinctBy(a => (a.Item1, a.Item2)).Select(a => (a.Item1, a.Item2, a.Item3)).ToList());

    [Fact]
    public void TryParse_WhatTheReaderWrites_ReadsBackEveryElement() =>
        PropertyCases.Check(_assignments, assignments =>
        {
            Assert.True(DkmsConfOutput.TryParse(DkmsConfOutput.Write(assignments), out var variables, out var error), error);
            foreach (var (name, index, value) in assignments)
            {
                Assert.Equal(value, variables!.Get(name, index));
            }

            foreach (var group in assignments.GroupBy(a => a.Name))
            {
                Assert.Equal(group.Count(), variables!.Count(group.Key));
            }
        }, output, "DkmsConfOutput.TryParse, round trips");

    [Fact]
    public void TryParse_AnyBytes_RefusesOrReadsWithoutThrowing() =>
        PropertyCases.Check(Gen.Byte.Array[0, 200], bytes =>
        {
            var parsed = DkmsConfOutput.TryParse(bytes, out var variables, out var error);
            Assert.Equal(parsed, variables is not null);
            Assert.Equal(parsed, error.Length == 0);
        }, output, "DkmsConfOutput.TryParse, random bytes");

    [Fact]
    public void TryParse_ValidOutputCutShort_IsRefused() =>
        PropertyCases.Check(Gen.Select(_assignments, Gen.Double[0, 1]), c =>
        {
            var (assignments, fraction) = c;
            var bytes = DkmsConfOutput.Write(assignments);
            var cut = (int)(fraction * (bytes.Length - 1));
            Assert.False(DkmsConfOutput.TryParse(bytes.AsSpan(0, cut), out _, out var error));
            Assert.NotEmpty(error);
        }, output, "DkmsConfOutput.TryParse, truncated output");

    [Theory]
    [InlineData("KA-DKMS-CONF-1\0FOO\00\0x\0END\0", "unexpected variable name 'FOO'")]
    [InlineData("KA-DKMS-CONF-1\0MAKE\0key\0x\0END\0", "MAKE has the index 'key'")]
    [InlineData("KA-DKMS-CONF-1\0MAKE\001\0x\0END\0", "MAKE has the index '01'")]
    [InlineData("KA-DKMS-CONF-1\0MAKE\00\0x\0MAKE\00\0y\0END\0", "MAKE[0] appears twice")]
    [InlineData("KA-DKMS-CONF-1\0END\0more\0", "continues after 'END'")]
    [InlineData("hello\0", "does not start with")]
    [InlineData("KA-DKMS-CONF-1\0MAKE\00\0", "ends inside a NAME INDEX VALUE triple")]
    public void TryParse_MalformedOutput_NamesTheProblem(string output, string expected)
    {
        Assert.False(DkmsConfOutput.TryParse(Encoding.UTF8.GetBytes(output), out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_InvalidUtf8_IsRefused()
    {
        byte[] output = [.. "KA-DKMS-CONF-1\0MAKE\00\0"u8, 0xff, 0, .. "END\0"u8];

        Assert.False(DkmsConfOutput.TryParse(output, out _, out var error));
        Assert.Contains("not valid UTF-8", error, StringComparison.Ordinal);
    }
}
