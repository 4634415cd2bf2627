using System.Text;
using CsCheck;
using KernelAgent.BuildFarm.Drivers.Dkms;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

/// <summary>
/// The registration-time look at a dkms.conf (its text, never run) on random and mutated files: a result or problems
/// naming what is wrong, never an exception, and never a clean result for a file that cannot be a DKMS tree's.
/// </summary>
public sealed class DkmsConfPrecheckPropertyTests(ITestOutputHelper output) : IDisposable
{
    private const string Valid = """
        PACKAGE_NAME="kahello"
        PACKAGE_VERSION='1.0'
        BUILT_MODULE_NAME[0]=kahello
        DEST_MODULE_LOCATION[0]="/updates/dkms"
        PATCH[0]="fix.patch"
        BUILD_DEPENDS="other-dkms"
        AUTOINSTALL=yes

        """;

    private static readonly Gen<string> Pieces = Gen.OneOf(
        "PACKAGE_NAME=", "PACKAGE_VERSION=", "BUILT_MODULE_NAME[0]=", "DEST_MODULE_LOCATION[1]=", "PATCH[0]=", "PATCH[2]=", "BUILD_DEPENDS=",
        "MAKE[0]=", "\"kahello\"", "'1.0'", "x", "fix.patch", "../evil.patch", "a/../../b.patch", "$(uname -r)", "`id`", "\\", "#", " ", "\t",
        ";", "\n", "\r\n", "=", "[", "]", "+=", "\"", "'", "é", "\0");

    private static readonly Gen<byte[]> Files = Gen.Frequency(
        (2, Pieces.Array[0, 30].Select(p => Encoding.UTF8.GetBytes(string.Concat(p)))),
        (2, PropertyCases.Mutated(Encoding.UTF8.GetBytes(Valid))),
        (1, Gen.Byte.Array[0, 120]));

    private readonly ScratchDirectory _scratch = new("dkms-precheck");
    private int _tree;

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Check_RandomAndMutatedDkmsConf_IsAResultOrNamedProblemsNeverAnException()
    {
        PropertyCases.Check(Files, bytes =>
        {
            // Cases run on several threads: each gets a tree of its own.
            var tree = Path.Join(_scratch.Path, Interlocked.Increment(ref _tree).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(Path.Join(tree, "patches"));
            File.WriteAllText(Path.Join(tree, "patches", "fix.patch"), string.Empty);
            File.WriteAllBytes(Path.Join(tree, "dkms.conf"), bytes);

            var result = DkmsConfPrecheck.Check(tree);

            Assert.True(result.IsDkmsTree);
            Assert.All(result.Problems.Concat(result.Notes), p => Assert.False(string.IsNullOrWhiteSpace(p)));
            // Words as bash splits them with the default IFS (space, tab, newline).
            Assert.All(result.BuildDepends, d => Assert.True(d.Length > 0 && d.IndexOfAny([' ', '\t', '\n']) < 0, d));
            if (bytes.Contains((byte)0))
            {
                Assert.Contains("dkms.conf is not a text file (it holds NUL bytes)", result.Problems);
            }

            // A file that never names PACKAGE_NAME can pass for no valid tree, whatever else it holds. The farm reads
            // carriage returns as nothing (CRLF files), so "PACKAGE_\rNAME" names it.
            if (bytes.Where(b => b != (byte)'\r').ToArray().AsSpan().IndexOf("PACKAGE_NAME"u8) < 0)
            {
                Assert.Null(result.PackageName);
                Assert.NotEmpty(result.Problems);
            }

            Directory.Delete(tree, recursive: true);
        }, output, "DkmsConfPrecheck.Check, random and mutated dkms.conf files");
    }
}
