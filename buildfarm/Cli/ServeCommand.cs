using System.CommandLine;
using KernelAgent.BuildFarm.Hosting;
using Microsoft.AspNetCore.Builder;

namespace KernelAgent.BuildFarm.Cli;

/// <summary><c>kernel-buildfarm serve</c>: runs the gRPC farm until stopped.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = $"JSON configuration file. Default: {FarmHost.DefaultConfigFile} if it exists." };
        var stateDir = new Option<string>("--state-dir") { Description = "State folder: keys, headers cache, build folders, the default store. Default /var/lib/kernel-buildfarm." };
        var listen = new Option<string>("--listen") { Description = "gRPC address:port. Default 127.0.0.1:50051." };
        var httpListen = new Option<string>("--http-listen") { Description = "address:port for /metrics and the store mirror. Default 127.0.0.1:50052." };
        var store = new Option<string>("--store") { Description = "Store URL to publish to (file:///..., s3://bucket/prefix). Default: a directory under the state folder." };
        var publicStore = new Option<string>("--public-store-url") { Description = "Store URL handed to agents. Default: the HTTP mirror of a directory store." };
        var workers = new Option<int?>("--workers") { Description = "Builds at once. Default: the number of cores." };
        var natsUrl = new Option<string>("--nats-url") { Description = "NATS server URL(s) (Nats:Url): run as one of several replicas whose builds run on kernel-buildfarm worker. Default: none, builds in-process." };
        var command = new Command(
            "serve",
            "Serve the kernelagent.v1.BuildFarm gRPC API (plus grpc.health.v1 and reflection). With no configuration " +
            "it runs the embedded default: a directory store under the state folder, builds in-process, and a signing key " +
            "generated on first start.")
        {
            config, stateDir, listen, httpListen, store, publicStore, workers, natsUrl,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
            void Set(string key, string? value) => FarmCommandLine.Set(overrides, key, value);

            Set("Farm:StateDirectory", parseResult.GetValue(stateDir));
            Set("Farm:StoreUrl", parseResult.GetValue(store));
            Set("Server:Listen", parseResult.GetValue(listen));
            Set("Server:HttpListen", parseResult.GetValue(httpListen));
            Set("Server:PublicStoreUrl", parseResult.GetValue(publicStore));
            Set("Nats:Url", parseResult.GetValue(natsUrl));
            Set("Builds:Workers", parseResult.GetValue(workers)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            try
            {
                await using var app = FarmHost.Build(parseResult.GetValue(config)?.FullName, overrides);
                await app.RunAsync(cancellationToken);
                return 0;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"kernel-buildfarm serve: invalid configuration:\n  {string.Join("\n  ", e.Failures)}");
                return 2;
            }
        });
        return command;
    }
}
