using Google.Protobuf;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Interop;

/// <summary>
/// tests/interop/farm_client.js: a gRPC client we did not write (@grpc/grpc-js + @grpc/proto-loader reading proto/),
/// installed with <c>npm ci</c> when its node_modules are missing.
/// </summary>
internal static class NodeClient
{
    private static readonly JsonFormatter ProtoFieldNames = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
    private static readonly ProcessRunner Runner = new(TimeProvider.System);

    public static string Folder => Path.Join(TestRepository.Root, "tests", "interop");

    /// <summary>Node and the client's packages, or a failure in CI / a skip elsewhere.</summary>
    public static async Task RequireAsync(CancellationToken cancellationToken)
    {
        var node = await TryRunAsync("node", ["--version"], TimeSpan.FromSeconds(30), cancellationToken);
        IntegrationRequirement.Require(node?.Succeeded == true, "node is not installed (Debian package nodejs)");
        if (Directory.Exists(Path.Join(Folder, "node_modules", "@grpc", "grpc-js")) && Directory.Exists(Path.Join(Folder, "node_modules", "@grpc", "proto-loader")))
        {
            return;
        }

        var install = await TryRunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), cancellationToken);
        IntegrationRequirement.Require(install?.Succeeded == true, $"npm ci in {Folder} failed (npm is Debian package npm):\n{install?.Tail(20)}");
    }

    public static Task<NodeRun> RunAsync(string address, string verb, KernelVariant variant, DriverRef driver, CancellationToken cancellationToken) =>
        RunAsync(address, verb, variant, driver, new Dictionary<string, string>(), cancellationToken);

    /// <param name="address">host:port.</param>
    /// <param name="verb">resolve, build or list.</param>
    /// <param name="variant">The kernel.</param>
    /// <param name="driver">The driver.</param>
    /// <param name="credentials">FARM_CA_FILE, FARM_CERT_FILE, FARM_KEY_FILE, FARM_TOKEN (see farm_client.js).</param>
    /// <param name="cancellationToken">Ends the client.</param>
    public static async Task<NodeRun> RunAsync(
        string address, string verb, KernelVariant variant, DriverRef driver, IReadOnlyDictionary<string, string> credentials, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(
            new ProcessInvocation("node", [Path.Join(Folder, "farm_client.js"), address, verb, ProtoFieldNames.Format(variant), driver.Name, driver.Version], TimeSpan.FromMinutes(15))
            {
                WorkingDirectory = Folder,
                Environment = credentials,
            },
            cancellationToken);
        return new NodeRun(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), result.ExitCode, result.StandardError);
    }

    private static async Task<ProcessResult?> TryRunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await Runner.RunAsync(new ProcessInvocation(program, arguments, timeout) { WorkingDirectory = Folder }, cancellationToken);
        }
        catch (ExternalToolException)
        {
            return null;
        }
    }
}
