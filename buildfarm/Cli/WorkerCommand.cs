using System.CommandLine;
using KernelAgent.BuildFarm.Hosting;
using Microsoft.Extensions.Hosting;

namespace KernelAgent.BuildFarm.Cli;

/// <summary><c>kernel-buildfarm worker</c>: builds jobs from the NATS JetStream work queue until stopped.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = $"JSON configuration file. Default: {FarmHost.DefaultConfigFile} if it exists." };
        var stateDir = new Option<string>("--state-dir") { Description = "State folder: keys, headers cache, build folders. Default /var/lib/kernel-buildfarm." };
        var store = new Option<string>("--store") { Description = "Store URL to publish to (file:///..., s3://bucket/prefix); the replicas' store." };
        var natsUrl = new Option<string>("--nats-url") { Description = "NATS server URL(s), comma-separated (Nats:Url). Required here or in the configuration." };
        var workers = new Option<int?>("--workers") { Description = "Builds at once. Default: the number of cores." };
        var command = new Command(
            "worker",
            "Take build jobs from the NATS JetStream work queue that kernel-buildfarm serve replicas fill (Nats section), and " +
            "build them: headers, sandboxed compile, sign, publish. No gRPC port. A worker killed mid-build leaves its job to " +
            "another after Nats:AckWait.")
        {
            config, stateDir, store, natsUrl, workers,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
            FarmCommandLine.Set(overrides, "Farm:StateDirectory", parseResult.GetValue(stateDir));
            FarmCommandLine.Set(overrides, "Farm:StoreUrl", parseResult.GetValue(store));
            FarmCommandLine.Set(overrides, "Nats:Url", parseResult.GetValue(natsUrl));
            FarmCommandLine.Set(overrides, "Builds:Workers", parseResult.GetValue(workers)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            try
            {
                using var host = WorkerHost.Build(parseResult.GetValue(config)?.FullName, overrides);
                await host.RunAsync(cancellationToken);
                return 0;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"kernel-buildfarm worker: invalid configuration:\n  {string.Join("\n  ", e.Failures)}");
                return 2;
            }
        });
        return command;
    }
}
