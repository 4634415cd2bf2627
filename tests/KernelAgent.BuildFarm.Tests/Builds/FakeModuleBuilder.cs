using System.Text;
using System.Threading.Channels;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StoreHeaderPackage = KernelAgent.Store.Attestations.HeaderPackage;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>
/// Stands in for the real module builder: counts builds, reports the phases a real build reports, can hold
/// every build at a gate, and fails when told to. Whether a distribution is supported is still the real
/// builder's answer (its header sources), so the service's precondition checks run for real.
/// </summary>
internal sealed class FakeModuleBuilder(IModuleBuilder supportCheck) : IModuleBuilder
{
    public const string HeaderPackage = "linux-headers-6.1.0-56-amd64";
    public const string Compiler = "gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0";

    private readonly Lock _gateLock = new();
    private readonly List<TaskCompletionSource> _held = [];
    private readonly Channel<ArtifactVariant> _started = Channel.CreateUnbounded<ArtifactVariant>();
    private readonly Channel<ArtifactVariant> _ended = Channel.CreateUnbounded<ArtifactVariant>();
    private TaskCompletionSource _gate = Opened();
    private int _builds;

    /// <summary>How many times BuildAsync was called: the number of compiles the farm asked for.</summary>
    public int Builds => Volatile.Read(ref _builds);

    /// <summary>The failure to end a build of the variant with; null builds it.</summary>
    public Func<ArtifactVariant, BuildFailedException?> FailWith { get; set; } = _ => null;

    /// <summary>The header packages a build of the variant reports using; null reports the one fixed package.</summary>
    public Func<ArtifactVariant, IReadOnlyList<StoreHeaderPackage>>? HeaderPackagesOf { get; set; }

    /// <summary>The modules a build produces; null: one module named after the driver.</summary>
    public Func<ArtifactVariant, IReadOnlyList<BuiltModuleFile>>? ModulesOf { get; set; }

    /// <summary>
    /// False makes a held build notice cancellation only once its gate opens, as a real build notices it only
    /// when its current step (a download, make) returns.
    /// </summary>
    public bool ObservesCancellation { get; set; } = true;

    /// <summary>Registers the fake (as itself and as <see cref="IModuleBuilder"/>) in place of the real builder.</summary>
    public static void Install(IServiceCollection services)
    {
        services.AddSingleton(sp => new FakeModuleBuilder(ActivatorUtilities.CreateInstance<KbuildModuleBuilder>(sp)));
        services.Replace(ServiceDescriptor.Singleton<IModuleBuilder>(sp => sp.GetRequiredService<FakeModuleBuilder>()));
    }

    /// <summary>
    /// Builds started from now on wait (after reporting their first phases) at a new gate, until it is opened
    /// (<see cref="TaskCompletionSource.SetResult"/>) or <see cref="Release"/> opens every gate.
    /// </summary>
    public TaskCompletionSource Hold()
    {
        lock (_gateLock)
        {
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _held.Add(_gate);
            return _gate;
        }
    }

    public void Release()
    {
        lock (_gateLock)
        {
            _held.ForEach(gate => gate.TrySetResult());
            _gate = Opened();
        }
    }

    /// <summary>The variant of the next build that reached the gate.</summary>
    public ValueTask<ArtifactVariant> NextStartedAsync(CancellationToken cancellationToken) => _started.Reader.ReadAsync(cancellationToken);

    /// <summary>
    /// Forgets the builds that reached the gate so far, so that <see cref="NextStartedAsync"/> waits for the next
    /// one: a test that lets queued builds run without waiting for each of their starts calls it before a new round.
    /// </summary>
    public void ForgetStarted()
    {
        while (_started.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>The variant of the next build that returned or threw.</summary>
    public ValueTask<ArtifactVariant> NextEndedAsync(CancellationToken cancellationToken) => _ended.Reader.ReadAsync(cancellationToken);

    public string? Unsupported(ArtifactVariant variant) => supportCheck.Unsupported(variant);

    public KernelFieldProblem? InvalidKernelFields(ArtifactVariant variant) => supportCheck.InvalidKernelFields(variant);

    public async Task<BuiltDriver> BuildAsync(ArtifactVariant variant, IBuildProgress progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _builds);
        progress.FetchingHeaders(HeaderPackage, 0, 1000, fromCache: false);
        progress.FetchingHeaders(HeaderPackage, 1000, 1000, fromCache: false);
        progress.Compiling(Compiler);
        progress.Log("  CC [M]  kagent_sample.o");
        Task gate;
        lock (_gateLock)
        {
            gate = _gate.Task;
        }

        _started.Writer.TryWrite(variant);
        try
        {
            await (ObservesCancellation ? gate.WaitAsync(cancellationToken) : gate);
            cancellationToken.ThrowIfCancellationRequested();
            if (FailWith(variant) is { } failure)
            {
                throw failure;
            }

            progress.Log("  LD [M]  kagent_sample.ko");
            return Module(variant);
        }
        finally
        {
            _ended.Writer.TryWrite(variant);
        }
    }

    private BuiltDriver Module(ArtifactVariant variant) =>
        new(
            ModulesOf?.Invoke(variant) ?? [BuiltModuleFile.Create(variant.Driver.Name, Encoding.UTF8.GetBytes("not a real module: " + variant.ContentKey))],
            new string('a', 64),
            HeaderPackagesOf?.Invoke(variant)
                ?? [new StoreHeaderPackage(HeaderPackage, "6.1.192-2", new string('b', 64), "pkg:deb/debian/" + HeaderPackage + "@6.1.192-2?arch=amd64")],
            Compiler,
            Compiler,
            KernelSignature: false);

    private static TaskCompletionSource Opened()
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        opened.SetResult();
        return opened;
    }
}
