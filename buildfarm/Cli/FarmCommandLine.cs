using System.CommandLine;

namespace KernelAgent.BuildFarm.Cli;

/// <summary>The verbs of <c>kernel-buildfarm</c>; each verb lives in its own file.</summary>
internal static class FarmCommandLine
{
    /// <summary>Verbs that run a host until stopped: the host's own lifetime handles SIGTERM and SIGINT.</summary>
    private static readonly string[] HostedVerbs = ["serve", "worker"];

    /// <summary>Parses and runs <paramref name="args"/>.</summary>
    public static Task<int> InvokeAsync(string[] args)
    {
        var parse = Build().Parse(args);
        return parse.InvokeAsync(ConfigurationFor(parse.CommandResult.Command.Name));
    }

    /// <summary>
    /// How a verb is invoked. System.CommandLine turns SIGTERM into a cancellation and, when the verb has not
    /// returned 2 s later, exits 143 by itself: systemd then marks the farm failed although its host was still
    /// stopping cleanly (it waits up to HostOptions.ShutdownTimeout for builds and streams). Hosted verbs leave
    /// SIGTERM to the host, whose graceful stop returns 0.
    /// </summary>
    public static InvocationConfiguration ConfigurationFor(string verb) =>
        HostedVerbs.Contains(verb, StringComparer.Ordinal)
            ? new InvocationConfiguration { ProcessTerminationTimeout = null }
            : new InvocationConfiguration();

    /// <summary>Adds a configuration override for an option given on the command line (an empty one is not given).</summary>
    public static void Set(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            overrides[key] = value;
        }
    }

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "kernel-buildfarm: builds kernel modules for exact kernels on demand, signs and publishes them.\n" +
            "Serves the kernelagent.v1.BuildFarm gRPC API; also manages signing keys.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(PolicyCommand.Create());
        root.Subcommands.Add(ResignCommand.Create());
        root.Subcommands.Add(CatalogCommand.Create());
        root.Subcommands.Add(MatrixCommand.Create());
        root.Subcommands.Add(DriversCommand.Create());
        return root;
    }
}
