using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Roots;

namespace KernelAgent.BuildFarm.Tests.Headers.Roots;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReadOnlyTreeTests : IDisposable
{
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private readonly ScratchDirectory _scratch = new("read-only-tree");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void MakeReadOnly_TreeWithLinksOutOfIt_LocksEveryFileAndFolderButNeverALinkTarget()
    {
        var (root, outside) = Tree();

        ReadOnlyTree.MakeReadOnly(root);

        foreach (var path in new[] { root, Path.Join(root, "usr"), Path.Join(root, "usr", "Makefile") })
        {
            Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(path) & AnyWrite);
        }

        Assert.NotEqual((UnixFileMode)0, File.GetUnixFileMode(outside) & UnixFileMode.UserWrite);
        Assert.NotEqual((UnixFileMode)0, File.GetUnixFileMode(Path.Join(outside, "kept")) & UnixFileMode.UserWrite);
    }

    [Fact]
    public void Delete_ReadOnlyTree_RemovesItAndLeavesLinkTargetsAlone()
    {
        var (root, outside) = Tree();
        ReadOnlyTree.MakeReadOnly(root);

        ReadOnlyTree.Delete(root);

        Assert.False(Directory.Exists(root));
        Assert.True(File.Exists(Path.Join(outside, "kept")));
    }

    private (string Root, string Outside) Tree()
    {
        var root = Path.Join(_scratch.Path, "root");
        var outside = Path.Join(_scratch.Path, "outside");
        Directory.CreateDirectory(Path.Join(root, "usr"));
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Join(root, "usr", "Makefile"), "all:\n");
        File.WriteAllText(Path.Join(outside, "kept"), "not part of the root");
        Directory.CreateSymbolicLink(Path.Join(root, "usr", "linked-folder"), outside);
        File.CreateSymbolicLink(Path.Join(root, "usr", "linked-file"), Path.Join(outside, "kept"));
        return (root, outside);
    }
}
