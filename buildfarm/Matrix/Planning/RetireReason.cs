namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>Why an entry leaves the matrix. Retiring never deletes an artifact: hosts still on that kernel keep resolving it.</summary>
internal enum RetireReason
{
    /// <summary>The exact kernel is no longer in the catalog (it left the mirrors).</summary>
    KernelRemoved,

    /// <summary>Newer ABIs of its series pushed it out of the release window.</summary>
    LeftWindow,

    /// <summary>The policy no longer includes its distro, version, arch, flavour, series or driver.</summary>
    PolicyChanged,

    /// <summary>It was in the hot set, and no host has reported it recently enough.</summary>
    DemandExpired,
}
