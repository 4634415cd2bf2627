using System.Globalization;
using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.EndToEnd.Tests.Support;

namespace KernelAgent.EndToEnd.Tests.Farm;

/// <summary>
/// The build farm on its embedded default, started by scripts/e2e/farm.sh on 127.0.0.1 with a fresh state folder
/// (a new signing key, an empty store), and a headers cache kept between runs so header packages are downloaded once.
/// Guests reach it as 10.0.2.2 through qemu's user-mode network.
/// </summary>
internal sealed class FarmInstance : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly RepositoryPaths _repository;

    private FarmInstance(RepositoryPaths repository, string stateDirectory, int grpcPort, int httpPort)
    {
        _repository = repository;
        StateDirectory = stateDirectory;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
    }

    public string StateDirectory { get; }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    /// <summary>The gRPC address as a guest sees it.</summary>
    public string GuestAddress => $"http://10.0.2.2:{GrpcPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The directory store the farm publishes to (file:// under its state folder).</summary>
    public string StoreDirectory => Path.Join(StateDirectory, "store");

    /// <summary>The Ed25519 key the farm generated on first start.</summary>
    public string SigningKeyFile => Path.Join(StateDirectory, "keys", "signing-key.pem");

    public string PublicKeyFile => Path.Join(StateDirectory, "keys", "signing-key.pub");

    public string LogFile => Path.Join(StateDirectory, "farm.log");

    /// <summary>The farm's driver registration folder (Drivers:RegistrationDirectory), which it watches while it runs.</summary>
    public string RegistrationDirectory => Path.Join(StateDirectory, "registrations");

    public static async Task<FarmInstance> StartAsync(RepositoryPaths repository, string stateDirectory, string headersCache, CancellationToken cancellationToken)
    {
        var (grpc, http) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        var farm = new FarmInstance(repository, stateDirectory, grpc, http);
        Directory.CreateDirectory(farm.RegistrationDirectory);
        await ExternalProcess.RunCheckedAsync(
            repository.Script("farm.sh"),
            ["start", repository.FarmAssembly, stateDirectory, grpc.ToString(CultureInfo.InvariantCulture), http.ToString(CultureInfo.InvariantCulture)],
            StartTimeout,
            cancellationToken,
            new Dictionary<string, string>
            {
                ["KERNEL_BUILDFARM_Headers__Cache__Directory"] = headersCache,
                ["KERNEL_BUILDFARM_Drivers__RegistrationDirectory"] = farm.RegistrationDirectory,
            });
        return farm;
    }

    /// <summary>How many kbuild runs the farm started (its compiler logs "Building &lt;driver&gt; for &lt;variant&gt;" once per run).</summary>
    public int CompilationsLogged() =>
        File.Exists(LogFile) ? File.ReadLines(LogFile).Count(l => l.Contains("Building kagent_sample for", StringComparison.Ordinal)) : 0;

    public async ValueTask DisposeAsync() =>
        await ExternalProcess.RunAsync(_repository.Script("farm.sh"), ["stop", StateDirectory], TimeSpan.FromMinutes(1), CancellationToken.None);
}
