using System.Diagnostics;
using System.Globalization;
using Amazon.S3;
using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.Store.Backends.S3;
using KernelAgent.Store.Tests.Backends.Http;

namespace KernelAgent.Store.Tests.Backends.S3;

/// <summary>
/// A real Ceph radosgw for the S3 tests. Uses KA_TEST_S3_ENDPOINT / KA_TEST_S3_ACCESS_KEY /
/// KA_TEST_S3_SECRET_KEY when the test script already started one; otherwise starts its own with
/// scripts/radosgw/start.sh in a temporary folder and stops it with stop.sh afterwards.
/// </summary>
public sealed class RadosgwFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(3);

    private string? _clusterDir;
    private string? _scripts;
    private string? _missing;
    private string? _startFailure;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:1/");

    public string AccessKey { get; private set; } = string.Empty;

    public string SecretKey { get; private set; } = string.Empty;

    /// <summary>How long the fixture's own radosgw took to start, when it started one.</summary>
    public TimeSpan? StartupTime { get; private set; }

    /// <summary>Options for a store on this radosgw with short timeouts, so failures surface quickly.</summary>
    public S3StoreOptions Options(string? accessKey = null, string? secretKey = null) => new()
    {
        ServiceUrl = Endpoint,
        ForcePathStyle = true,
        AccessKey = accessKey ?? AccessKey,
        SecretKey = secretKey ?? SecretKey,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        RequestTimeout = TimeSpan.FromSeconds(10),
        MaxErrorRetry = 1,
        OperationTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Skips or fails the test (see <see cref="IntegrationRequirement"/>) unless radosgw serves.</summary>
    public void EnsureServing()
    {
        IntegrationRequirement.Require(_missing);
        Assert.Null(_startFailure);
    }

    /// <summary>A new, empty bucket with a unique name, created with the SDK directly.</summary>
    public async Task<string> NewBucketAsync(CancellationToken cancellationToken)
    {
        var bucket = "ka-test-" + Guid.NewGuid().ToString("N")[..16];
        using var client = Client();
        await client.PutBucketAsync(bucket, cancellationToken);
        return bucket;
    }

    /// <summary>A plain SDK client with the test credentials, to look behind the store's back.</summary>
    public AmazonS3Client Client() => S3ClientFactory.Create(Options());

    public async ValueTask InitializeAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable("KA_TEST_S3_ENDPOINT");
        if (!string.IsNullOrEmpty(endpoint))
        {
            Endpoint = new Uri(endpoint);
            AccessKey = Environment.GetEnvironmentVariable("KA_TEST_S3_ACCESS_KEY") ?? string.Empty;
            SecretKey = Environment.GetEnvironmentVariable("KA_TEST_S3_SECRET_KEY") ?? string.Empty;
            if (AccessKey.Length == 0 || SecretKey.Length == 0)
            {
                _startFailure = "KA_TEST_S3_ENDPOINT is set but KA_TEST_S3_ACCESS_KEY or KA_TEST_S3_SECRET_KEY is not";
            }

            return;
        }

        if (IntegrationRequirement.FindOnPath("radosgw") is null || IntegrationRequirement.FindOnPath("ceph-mon") is null
            || IntegrationRequirement.FindOnPath("ceph-osd") is null)
        {
            _missing = "Ceph is not installed (Debian packages radosgw ceph-mon ceph-osd) and KA_TEST_S3_ENDPOINT is not set";
            return;
        }

        _scripts = Path.Combine(RepositoryRoot(), "scripts", "radosgw");
        _clusterDir = Directory.CreateTempSubdirectory("ka-radosgw-").FullName;
        var port = LoopbackPorts.Free();
        var monPort = LoopbackPorts.Free();
        var clock = Stopwatch.StartNew();
        var started = await ScriptProcess.RunAsync(Path.Combine(_scripts, "start.sh"),
            [_clusterDir, port.ToString(CultureInfo.InvariantCulture), monPort.ToString(CultureInfo.InvariantCulture)], StartDeadline);
        StartupTime = clock.Elapsed;
        if (started.ExitCode != 0)
        {
            _startFailure = $"scripts/radosgw/start.sh exited with {started.ExitCode}:\n{started.Errors}";
            return;
        }

        var env = started.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        Endpoint = new Uri(env["KA_TEST_S3_ENDPOINT"]);
        AccessKey = env["KA_TEST_S3_ACCESS_KEY"];
        SecretKey = env["KA_TEST_S3_SECRET_KEY"];
    }

    public async ValueTask DisposeAsync()
    {
        if (_clusterDir is null || _scripts is null)
        {
            return;
        }

        var stopped = await ScriptProcess.RunAsync(Path.Combine(_scripts, "stop.sh"), [_clusterDir], TimeSpan.FromMinutes(1));
        if (stopped.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/radosgw/stop.sh exited with {stopped.ExitCode}; cluster left in {_clusterDir}:\n{stopped.Errors}");
        }

        Directory.Delete(_clusterDir, recursive: true);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KernelAgent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no KernelAgent.sln above {AppContext.BaseDirectory}: cannot find scripts/radosgw");
    }
}
