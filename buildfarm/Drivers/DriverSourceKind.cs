namespace KernelAgent.BuildFarm.Drivers;

public enum DriverSourceKind
{
    /// <summary>A folder; its digest is <see cref="DriverSourceDigest"/>'s folder scheme.</summary>
    Folder,

    /// <summary>A gzip-compressed tar file; its digest is the sha256 of the file's bytes.</summary>
    Tarball,
}
