namespace KernelAgent.BuildFarm.Drivers;

internal enum DriverSourceKind
{
    /// <summary>A folder; its digest is <see cref="DriverSourceDigest"/>'s folder scheme.</summary>
    Folder,

    /// <summary>A gzip-compressed tar file; its digest is the sha256 of the file's bytes.</summary>
    Tarball,

    /// <summary>A Debian <c>*-dkms</c> package whose usr/src/&lt;name&gt;-&lt;version&gt;/ holds the tree; its digest is the sha256 of the .deb.</summary>
    DebianPackage,
}
