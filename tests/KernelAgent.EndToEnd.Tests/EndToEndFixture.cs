using System.Collections.Concurrent;
using KernelAgent.EndToEnd.Tests.Farm;
using KernelAgent.EndToEnd.Tests.Guest;
using KernelAgent.EndToEnd.Tests.Support;
using KernelAgent.Store.Attestations.Keys;

namespace KernelAgent.EndToEnd.Tests;

/// <summary>
/// What the end-to-end tests share: the farm (fresh state, so the first request is a real miss), the prepared
/// kernels, the published agents, and the first amd64 boot. Everything costly happens once, on first need;
/// downloads (kernel images, header packages, user space) are cached by digest under $KA_TEST_CACHE/e2e.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    internal const string Amd64 = "amd64";
    internal const string Arm64 = "arm64";

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(15);

    private static readonly string[] Amd64Tools =
        ["qemu-system-x86_64", "cpio", "mke2fs", "modinfo", "depmod", "dpkg-deb", "apt-get", "gcc", "make", "bwrap", "file", "dotnet"];

    private static readonly string[] Arm64Tools = ["qemu-system-aarch64", "aarch64-linux-gnu-gcc", "aarch64-linux-gnu-objcopy"];

    private readonly ConcurrentDictionary<string, OnceAsync<PreparedKernel>> _kernels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OnceAsync<GuestUserland>> _userlands = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OnceAsync<IReadOnlyList<string>>> _abis = new(StringComparer.Ordinal);
    private RepositoryPaths? _repository;
    private ScratchDirectory? _scratch;
    private string _cache = string.Empty;
    private OnceAsync<FarmInstance>? _farm;
    private OnceAsync<FirstBoot>? _firstBoot;
    private OnceAsync<StoreVariant>? _neighbour;
    private OnceAsync<SystemdGuestRun>? _systemdGuest;

    public string? UnavailableReason { get; private set; }

    internal RepositoryPaths Repository => _repository ?? throw new InvalidOperationException("the fixture is not initialized");

    internal ScratchDirectory Scratch => _scratch ?? throw new InvalidOperationException("the fixture is not initialized");

    public ValueTask InitializeAsync()
    {
        var missing = Amd64Tools.Where(t => !ExternalProcess.IsInstalled(t)).ToList();
        if (missing.Count > 0)
        {
            UnavailableReason = $"the end-to-end tests need {string.Join(", ", missing)}: install the Debian packages in scripts/e2e/packages.sh (E2E_PACKAGES)";
            return ValueTask.CompletedTask;
        }

        try
        {
            _repository = RepositoryPaths.Find();
            _cache = Path.Join(Environment.GetEnvironmentVariable("KA_TEST_CACHE") ?? "/var/cache/kernelagent-test", "e2e");
            Directory.CreateDirectory(_cache);
        }
        catch (Exception e) when (e is EndToEndSetupException or IOException or UnauthorizedAccessException)
        {
            UnavailableReason = $"the end-to-end tests cannot set up: {e.Message}";
            return ValueTask.CompletedTask;
        }

        if (!File.Exists(_repository.FarmAssembly))
        {
            UnavailableReason = $"the farm is not built at {_repository.FarmAssembly}";
            return ValueTask.CompletedTask;
        }

        _scratch = new ScratchDirectory("kae2e-");
        _farm = new(() => FarmInstance.StartAsync(Repository, Scratch.Combine("farm"), Path.Join(_cache, "farm-headers"), CancellationToken.None));
        _firstBoot = new(BootFirstAmd64Async);
        _neighbour = new(BuildNeighbourAsync);
        _systemdGuest = new(RunSystemdGuestAsync);
        return ValueTask.CompletedTask;
    }

    /// <summary>Skips (or fails under CI) when a tool is missing; arm64 needs qemu-system-aarch64 and the cross toolchain too.</summary>
    internal void Require(string arch = Amd64)
    {
        IntegrationRequirement.Require(UnavailableReason);
        if (arch == Arm64)
        {
            var missing = Arm64Tools.Where(t => !ExternalProcess.IsInstalled(t)).ToList();
            IntegrationRequirement.Require(missing.Count == 0 ? null :
                $"the arm64 end-to-end test needs {string.Join(", ", missing)}: install E2E_PACKAGES_ARM64 from scripts/e2e/packages.sh");
        }
    }

    internal Task<FarmInstance> FarmAsync() => _farm!.Value;

    internal Task<FirstBoot> FirstAmd64BootAsync() => _firstBoot!.Value;

    /// <summary>The systemd guest's three boots (Guest/SystemdGuestLauncher.cs); needs the built .debs and mmdebstrap.</summary>
    internal Task<SystemdGuestRun> SystemdGuestAsync()
    {
        var (_, unavailable) = SystemdGuestLauncher.FindPackages();
        IntegrationRequirement.Require(unavailable ?? (ExternalProcess.IsInstalled("mmdebstrap") ? null
            : "the systemd guest's root disk is built with mmdebstrap: install the Debian package mmdebstrap"));
        return _systemdGuest!.Value;
    }

    /// <summary>The farm's published amd64 artifact for the neighbouring ABI (built by booting that kernel once).</summary>
    internal Task<StoreVariant> NeighbourVariantAsync() => _neighbour!.Value;

    /// <summary>6.1 ABIs with an unsigned image in the archive, newest first; KA_E2E_ABI and KA_E2E_NEIGHBOUR_ABI pin them.</summary>
    internal async Task<(string Newest, string Neighbour)> AbisAsync(string arch)
    {
        var available = await _abis.GetOrAdd(arch, a => new(async () =>
        {
            var output = await RunScriptAsync("abis.sh", _cache, a);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        })).Value;
        var newest = Environment.GetEnvironmentVariable("KA_E2E_ABI") ?? (available.Count > 0 ? available[0] : null);
        var neighbour = Environment.GetEnvironmentVariable("KA_E2E_NEIGHBOUR_ABI") ?? available.FirstOrDefault(a => a != newest);
        return newest is null || neighbour is null
            ? throw new EndToEndSetupException($"the Debian archive offers fewer than two linux-image-6.1.0-*-{arch}-unsigned ABIs: {string.Join(", ", available)}")
            : (newest, neighbour);
    }

    /// <param name="arch">amd64 or arm64.</param>
    /// <param name="abi">e.g. 6.1.0-57.</param>
    /// <param name="kernelModules">Comma-separated in-tree modules a driver needs, shipped (with theirs) for the agent to load.</param>
    internal Task<PreparedKernel> KernelAsync(string arch, string abi, string kernelModules = "") =>
        _kernels.GetOrAdd($"{arch}/{abi}/{kernelModules}", _ => new(async () =>
            new PreparedKernel(arch, abi, (await RunScriptAsync("kernel.sh", _cache, arch, abi, kernelModules)).Trim()))).Value;

    /// <summary>A Debian package (e.g. jool-dkms) from the machine's apt sources, downloaded once and kept by digest.</summary>
    internal async Task<string> DebianPackageAsync(string package) => (await RunScriptAsync("deb.sh", _cache, package)).Trim();

    internal Task<GuestUserland> UserlandAsync(string arch) =>
        _userlands.GetOrAdd(arch, _ => new(async () =>
        {
            var agent = PrebuiltAgent(arch);
            if (agent is null)
            {
                agent = Path.Join(_cache, "agent", arch);
                await RunScriptAsync("publish-agent.sh", Repository.Root, arch, agent);
            }

            return new GuestUserland(agent, (await RunScriptAsync("userland.sh", _cache, arch)).Trim());
        })).Value;

    /// <summary>
    /// The agent the packages ship, when scripts/test.sh built them before the tests (KA_TEST_AGENT_PUBLISH_DIR holds
    /// agent-&lt;arch&gt;/ from packaging/build.sh): the guest then runs the very binary of the .deb, and the suite pays for
    /// one NativeAOT publish per architecture instead of two.
    /// </summary>
    private static string? PrebuiltAgent(string arch)
    {
        var published = Environment.GetEnvironmentVariable("KA_TEST_AGENT_PUBLISH_DIR");
        if (string.IsNullOrEmpty(published))
        {
            return null;
        }

        var folder = Path.Join(published, "agent-" + arch);
        return File.Exists(Path.Join(folder, "kernel-agent")) && File.Exists(Path.Join(folder, "libsodium.so")) ? folder : null;
    }

    /// <summary>An agent that asks the farm and trusts only the farm's key.</summary>
    internal async Task<AgentSetup> FarmAgentAsync()
    {
        var farm = await FarmAsync();
        return new AgentSetup(TrustedKeys("farm", farm.PublicKeyFile)) { FarmAddress = farm.GuestAddress };
    }

    /// <summary>A folder holding one trusted public key.</summary>
    internal string TrustedKeys(string name, string publicKeyFile)
    {
        var folder = Scratch.CreateFolder("keys", name);
        File.Copy(publicKeyFile, Path.Join(folder, name + ".pub"), overwrite: true);
        return folder;
    }

    /// <summary>A new Ed25519 key pair that no farm here signs with.</summary>
    internal string UntrustedPublicKey()
    {
        var folder = Scratch.CreateFolder("keys", "stranger-pair");
        var publicKey = Path.Join(folder, "stranger.pub");
        if (!File.Exists(publicKey))
        {
            using var key = SigningKey.Generate();
            key.WriteTo(Path.Join(folder, "stranger.pem"), publicKey);
        }

        return publicKey;
    }

    internal async Task<GuestReport> BootAsync(GuestRequest request, CancellationToken cancellationToken)
    {
        var userland = await UserlandAsync(request.Kernel.Arch);
        return await new GuestLauncher(Repository, Scratch.CreateFolder("runs")).BootAsync(request, userland, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_farm is not null && _farm.Value.IsCompletedSuccessfully)
        {
            await (await _farm.Value).DisposeAsync();
        }

        _scratch?.Dispose();
    }

    private async Task<FirstBoot> BootFirstAmd64Async()
    {
        var (abi, _) = await AbisAsync(Amd64);
        var kernel = await KernelAsync(Amd64, abi);
        var farm = await FarmAsync();
        var disk = await PersistentDisk.CreateAsync(Scratch.Combine("runs", "amd64-disk.img"), kernel.Release, CancellationToken.None);
        var before = farm.CompilationsLogged();
        var report = await BootAsync(
            new GuestRequest("amd64-first-boot", kernel, GuestScenario.Agent, await FarmAgentAsync()) { Disk = disk },
            CancellationToken.None);
        return new FirstBoot(report, kernel, disk, before, farm.CompilationsLogged());
    }

    private async Task<SystemdGuestRun> RunSystemdGuestAsync()
    {
        // The first amd64 boot must be the one that makes the farm compile (BuildOnDemandTests asserts it); the
        // systemd guest shares the farm and kernel, so it runs after that boot, whatever order the tests run in.
        try
        {
            await FirstAmd64BootAsync();
        }
        catch (Exception e) when (e is EndToEndSetupException or InvalidOperationException or IOException)
        {
            // The first boot's own tests report its failure; the systemd guest still runs.
        }

        var (abi, _) = await AbisAsync(Amd64);
        var kernel = await KernelAsync(Amd64, abi);
        var (debs, _) = SystemdGuestLauncher.FindPackages();
        return await new SystemdGuestLauncher(Repository, _cache, Scratch.CreateFolder("runs", "systemd-guest"))
            .RunAsync(kernel, await FarmAgentAsync(), debs, CancellationToken.None);
    }

    private async Task<StoreVariant> BuildNeighbourAsync()
    {
        var (_, abi) = await AbisAsync(Amd64);
        var kernel = await KernelAsync(Amd64, abi);
        var report = await BootAsync(new GuestRequest("amd64-neighbour-abi", kernel, GuestScenario.Agent, await FarmAgentAsync()), CancellationToken.None);
        if (report.AgentExitCode != 0)
        {
            throw new EndToEndSetupException($"the agent in the {kernel.Release} guest did not get its module from the farm (exit {report.AgentExitCode}); {report.Describe()}");
        }

        return StoreVariant.Find((await FarmAsync()).StoreDirectory, kernel.Machine, kernel.Release);
    }

    private async Task<string> RunScriptAsync(string script, params string[] arguments) =>
        await ExternalProcess.RunCheckedAsync(Repository.Script(script), arguments, ScriptTimeout, CancellationToken.None);
}
