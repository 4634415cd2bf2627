using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Rpm;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Headers.Rpm;

/// <summary>
/// What the RPM header tests share: a scratch folder, an HTTP client, the recorded processes, a header cache under
/// the scratch folder, and the RHEL and Amazon Linux sources built from repository options over them.
/// </summary>
internal sealed class RpmHeaderSources(string scratchName) : IDisposable
{
    private readonly ScratchDirectory _scratch = new(scratchName);
    private readonly HttpClient _http = new();

    public string Scratch => _scratch.Path;

    public RecordingProcessRunner Runner { get; } = new();

    public string CacheDirectory => Path.Join(_scratch.Path, "cache");

    /// <summary>Options for the given repositories, with the short timeouts the tests use.</summary>
    public static RpmHeaderSourceOptions For(params RpmRepository[] repositories)
    {
        var options = new RpmHeaderSourceOptions { IndexTimeout = TimeSpan.FromSeconds(30), PackageTimeout = TimeSpan.FromSeconds(30) };
        foreach (var repository in repositories)
        {
            options.Repositories.Add(repository);
        }

        return options;
    }

    public RhelHeaderSource Rhel(RpmHeaderSourceOptions options) =>
        new(Options.Create(options), Cache, _http, Runner, TimeProvider.System, NullLogger<RhelHeaderSource>.Instance);

    public AmazonLinuxHeaderSource Amazon(RpmHeaderSourceOptions options) =>
        new(Options.Create(options), Cache, _http, Runner, TimeProvider.System, NullLogger<AmazonLinuxHeaderSource>.Instance);

    public void Dispose()
    {
        _http.Dispose();
        _scratch.Dispose();
    }

    private IOptions<HeaderCacheOptions> Cache => Options.Create(new HeaderCacheOptions { Directory = CacheDirectory });
}
