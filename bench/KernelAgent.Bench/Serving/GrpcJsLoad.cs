using System.Text.Json;
using Google.Protobuf;
using KernelAgent.Bench.Dkms;

namespace KernelAgent.Bench.Serving;

/// <summary>
/// Runs bench/grpc-js/load.js (an independent @grpc/grpc-js client) and reads the one JSON line it prints. Installs its
/// npm packages on first use (npm ci), as scripts/test.sh does for tests/interop.
/// </summary>
internal static class GrpcJsLoad
{
    private static readonly JsonFormatter s_wireNames = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    public static string Json(IMessage request) => s_wireNames.Format(request);

    public static async Task<JsonElement> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var folder = await ReadyAsync(cancellationToken);
        var result = await ExternalCommand.RequireAsync("node", [Path.Join(folder, "load.js"), .. arguments], timeout, cancellationToken);
        var line = result.Output.Split('\n').LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"load.js printed no result:\n{result.Output}");
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    private static async Task<string> ReadyAsync(CancellationToken cancellationToken)
    {
        var folder = Folder();
        if (!Directory.Exists(Path.Join(folder, "node_modules", "@grpc", "grpc-js")))
        {
            Console.WriteLine($"installing the grpc-js load client (npm ci in {folder}) ...");
            await ExternalCommand.RequireAsync("npm", ["ci", "--prefix", folder, "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(5), cancellationToken);
        }

        return folder;
    }

    /// <summary>bench/grpc-js of the checkout this benchmark was built from.</summary>
    private static string Folder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Join(directory.FullName, "bench", "grpc-js");
            if (File.Exists(Path.Join(candidate, "load.js")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"bench/grpc-js/load.js is not above {AppContext.BaseDirectory}: run the benchmark from its checkout");
    }
}
