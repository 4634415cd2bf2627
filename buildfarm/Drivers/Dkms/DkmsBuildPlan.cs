namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>What a DKMS build runs, in order, and what it must produce.</summary>
/// <param name="Conf">The dkms.conf as read for the kernel.</param>
/// <param name="Patches">Files under patches/ applied with <c>patch -p1</c>, in order.</param>
/// <param name="PreBuild">PRE_BUILD split into program (relative to the build folder) and arguments, or empty.</param>
/// <param name="MakeCommand">The shell command run in the build folder, as dkms runs it (<c>make -jN KERNELRELEASE=&lt;rel&gt; ...</c>).</param>
/// <param name="PostBuild">POST_BUILD split like <paramref name="PreBuild"/>, or empty.</param>
/// <param name="Modules">The modules the build must produce.</param>
internal sealed record DkmsBuildPlan(
    DkmsConf Conf,
    IReadOnlyList<string> Patches,
    IReadOnlyList<string> PreBuild,
    string MakeCommand,
    IReadOnlyList<string> PostBuild,
    IReadOnlyList<DkmsModule> Modules)
{
    /// <summary>
    /// The plan dkms(8) follows for <paramref name="conf"/>: its actual_build replaces a leading <c>make</c> with
    /// <c>make -j&lt;jobs&gt; KERNELRELEASE=&lt;kernelver&gt;</c>; scripts are split on white space (dkms runs
    /// <c>exec $run</c>).
    /// </summary>
    public static DkmsBuildPlan For(DkmsConf conf, DkmsVariables variables, int parallelJobs)
    {
        var make = conf.MakeCommand.StartsWith("make", StringComparison.Ordinal)
            ? $"make -j{parallelJobs} KERNELRELEASE={variables.KernelVersion}{conf.MakeCommand["make".Length..]}"
            : conf.MakeCommand;
        return new DkmsBuildPlan(conf, conf.Patches, Words(conf.PreBuild), make, Words(conf.PostBuild), conf.Modules);
    }

    private static string[] Words(string command) => command.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
}
