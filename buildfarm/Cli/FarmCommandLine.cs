using System.CommandLine;

namespace KernelAgent.BuildFarm.Cli;

/// <summary>The verbs of <c>kernel-buildfarm</c>; each verb lives in its own file.</summary>
internal static class FarmCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "kernel-buildfarm: builds kernel modules for exact kernels on demand, signs and publishes them.\n" +
            "Serves the kernelagent.v1.BuildFarm gRPC API; also manages signing keys.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(CatalogCommand.Create());
        root.Subcommands.Add(MatrixCommand.Create());
        root.Subcommands.Add(DriversCommand.Create());
        return root;
    }
}
