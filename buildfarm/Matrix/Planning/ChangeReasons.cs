namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>Why an entry is planned: the reasons of an added or changed entry (several may hold at once).</summary>
[Flags]
public enum ChangeReasons
{
    None = 0,

    /// <summary>A kernel the previous snapshot did not have, which the previous policy would also have included.</summary>
    NewKernel = 1,

    /// <summary>The policy now includes a kernel or driver it did not include before.</summary>
    PolicyChanged = 2,

    /// <summary>Hosts reported the kernel (hot set).</summary>
    Demand = 4,

    /// <summary>The policy names a new version of the driver.</summary>
    DriverVersionBump = 8,

    /// <summary>The registered source of the same driver version has a different digest.</summary>
    DriverSourceChanged = 16,

    /// <summary>A header package of the kernel changed (e.g. a newer linux-kbuild).</summary>
    HeaderPackageChanged = 32,

    /// <summary>The compiler or linker this farm would build with changed.</summary>
    ToolchainChanged = 64,
}
