using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.Drivers;

public sealed class DriverSourceDigestTests
{
    // Computed independently of the C# code (a few lines of Python following the documented folder scheme).
    // Changing the sample driver changes this value: update it here and in the farm's configuration together.
    private const string SampleDriverDigest = "9e9b2d27b02216f416441b1e070acffdea10e757c2c788b6cd191dc1f01e052e";

    [Fact]
    public void ComputeForFolder_SampleDriver_MatchesPinnedDigest() =>
        Assert.Equal(SampleDriverDigest, DriverSourceDigest.ComputeForFolder(SampleDriver.Folder));

    [Fact]
    public void ComputeForFolder_KnownTree_HashesPathsSizesAndBytesInByteOrder()
    {
        using var folder = new ScratchDirectory("digest");
        Directory.CreateDirectory(Path.Join(folder.Path, "sub"));
        File.WriteAllText(Path.Join(folder.Path, "b.c"), "B");
        File.WriteAllText(Path.Join(folder.Path, "sub", "a.h"), "AA");
        File.WriteAllText(Path.Join(folder.Path, "Kbuild"), "");
        Directory.CreateDirectory(Path.Join(folder.Path, "empty"));

        // sha256 of "Kbuild\0" "0\0" "b.c\0" "1\0B" "sub/a.h\0" "2\0AA" ('K' < 'b' < 's' as bytes).
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("Kbuild\00\0b.c\01\0Bsub/a.h\02\0AA"u8));

        Assert.Equal(expected, DriverSourceDigest.ComputeForFolder(folder.Path));
    }

    [Fact]
    public void ComputeForFolder_ChangedByte_ChangesDigest()
    {
        using var folder = new ScratchDirectory("digest");
        File.WriteAllText(Path.Join(folder.Path, "m.c"), "int x;");
        var before = DriverSourceDigest.ComputeForFolder(folder.Path);
        File.WriteAllText(Path.Join(folder.Path, "m.c"), "int y;");

        Assert.NotEqual(before, DriverSourceDigest.ComputeForFolder(folder.Path));
    }

    [Fact]
    public void ComputeForFolder_SymbolicLink_IsRefused()
    {
        using var folder = new ScratchDirectory("digest");
        File.CreateSymbolicLink(Path.Join(folder.Path, "passwd.h"), "/etc/passwd");

        var error = Assert.Throws<DriverSourceException>(() => DriverSourceDigest.ComputeForFolder(folder.Path));

        Assert.Contains("passwd.h", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeForFolder_LinkInsideTheTree_CountsItsTargetTextNeverFollowingIt()
    {
        using var folder = new ScratchDirectory("digest");
        File.WriteAllText(Path.Join(folder.Path, "dkms.conf"), "PACKAGE_NAME=x\n");
        var link = Path.Join(folder.Path, "README.gz");

        // A dangling link digests (its target is never opened); another target text is another digest.
        File.CreateSymbolicLink(link, "README");
        var toReadme = DriverSourceDigest.ComputeForFolder(folder.Path);
        File.Delete(link);
        File.CreateSymbolicLink(link, "NEWS");
        var toNews = DriverSourceDigest.ComputeForFolder(folder.Path);
        File.Delete(link);
        File.CreateSymbolicLink(link, "README");

        Assert.NotEqual(toReadme, toNews);
        Assert.Equal(toReadme, DriverSourceDigest.ComputeForFolder(folder.Path));
    }
}
