using KernelAgent.EndToEnd.Tests.Support;

namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>
/// The guest's persistent disk: a raw ext2 image (mke2fs -d) holding an empty lib/modules/&lt;release&gt;/, which the
/// guest's init mounts over /lib/modules. What the agent installs there is still there at the next boot.
/// </summary>
internal static class PersistentDisk
{
    public static async Task<string> CreateAsync(string path, string release, CancellationToken cancellationToken)
    {
        var content = Path.Join(Path.GetDirectoryName(path), Path.GetFileNameWithoutExtension(path) + "-content");
        Directory.CreateDirectory(Path.Join(content, "lib", "modules", release));
        await ExternalProcess.RunCheckedAsync(
            "mke2fs",
            ["-q", "-F", "-t", "ext2", "-L", "kae2e", "-d", content, path, "32M"],
            TimeSpan.FromMinutes(1),
            cancellationToken);
        return path;
    }
}
