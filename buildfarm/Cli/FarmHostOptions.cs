using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Cli;

/// <summary>The options the catalog and matrix verbs share to find the farm's configuration, state and store.</summary>
internal sealed class FarmHostOptions
{
    public Option<FileInfo> Config { get; } = new("--config") { Description = $"Farm configuration file (as for serve). Default: {Hosting.FarmHost.DefaultConfigFile} if it exists." };

    public Option<string> StateDirectory { get; } = new("--state-dir") { Description = "The farm's state folder (headers cache, keys, default store). Default /var/lib/kernel-buildfarm." };

    public Option<string> Store { get; } = new("--store") { Description = "Store URL holding snapshots, audit and artifacts. Default: the farm's configured store." };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Log progress (downloads, builds) to standard error." };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(StateDirectory);
        command.Options.Add(Store);
        command.Options.Add(Verbose);
    }

    public IHost BuildHost(ParseResult parseResult)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (parseResult.GetValue(StateDirectory) is { Length: > 0 } state)
        {
            overrides["Farm:StateDirectory"] = state;
        }

        if (parseResult.GetValue(Store) is { Length: > 0 } store)
        {
            overrides["Farm:StoreUrl"] = store;
        }

        return CommandHost.Build(parseResult.GetValue(Config)?.FullName, overrides, parseResult.GetValue(Verbose) ? LogLevel.Information : LogLevel.Warning);
    }
}
