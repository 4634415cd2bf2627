namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>Why an entry is in the matrix.</summary>
internal enum EntrySource
{
    /// <summary>A policy target and its release window include the kernel.</summary>
    Policy,

    /// <summary>Hosts reported the kernel (installed but not running, or a miss): the hot set.</summary>
    Demand,
}
