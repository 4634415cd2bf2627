namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>Tells, with one small read per archive, whether the configured archives changed since the last look.</summary>
internal interface IArchiveProbe
{
    /// <summary>
    /// Reads each configured archive's top file (Debian/Ubuntu: the suite's InRelease, or Release when it has none;
    /// RPM: repodata/repomd.xml) and returns its digest. Never throws for an archive that cannot be read: its check
    /// carries the problem instead.
    /// </summary>
    Task<IReadOnlyList<ArchiveCheck>> CheckAsync(CancellationToken cancellationToken);
}
