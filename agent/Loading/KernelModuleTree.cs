namespace KernelAgent.Agent.Loading;

/// <summary>
/// The running kernel's own modules, as its <c>lib/modules/&lt;release&gt;/modules.dep</c> under the host root lists
/// them: where a driver's module needs a module of the kernel (jool needs nf_defrag_ipv6), this finds it and every module
/// that one needs, as <c>modprobe</c> would. Only files under the release's <c>kernel/</c> folder qualify: updates/,
/// extra/ and the like hold other software's modules, which the agent never loads on their word.
/// </summary>
internal sealed class KernelModuleTree
{
    private const string InTreeFolder = "kernel/";
    private const string CompressionAttribute = "sys/module/compression";

    private static readonly (string Suffix, string Compression)[] Compressions = [(".ko.xz", "xz"), (".ko.zst", "zstd"), (".ko.gz", "gzip")];

    private readonly string _hostRoot;
    private readonly string _releaseFolder;

    /// <exception cref="ArgumentException">The host root is not absolute or the release is not a release.</exception>
    public KernelModuleTree(string hostRoot, string release)
    {
        if (!Path.IsPathFullyQualified(hostRoot))
        {
            throw new ArgumentException($"the host root '{hostRoot}' must be an absolute path", nameof(hostRoot));
        }

        if (ModuleNames.ReleaseProblem(release) is { } problem)
        {
            throw new ArgumentException(problem, nameof(release));
        }

        _hostRoot = hostRoot;
        _releaseFolder = Path.Join(hostRoot, "lib/modules", release);
    }

    /// <summary>The path of modules.dep under the host root.</summary>
    public string ModulesDepPath => Path.Join(_releaseFolder, "modules.dep");

    /// <summary>
    /// The in-tree modules that <paramref name="needed"/> (module, what it needs) require, transitively, skipping what
    /// <paramref name="present"/> says is in the driver's set or loaded. Every problem is found before anything loads.
    /// </summary>
    /// <exception cref="ModuleLoadException"><see cref="ModuleLoadFailure.UnmetDependency"/>, naming every module that
    /// is found nowhere, is not the kernel's own, or is compressed in a way the kernel cannot decompress.</exception>
    public IReadOnlyList<InTreeModule> Resolve(IReadOnlyList<(string Needer, string Name)> needed, Func<string, bool> present)
    {
        ArgumentNullException.ThrowIfNull(needed);
        ArgumentNullException.ThrowIfNull(present);
        var first = needed.Count > 0 ? needed[0].Needer : "?";
        var entries = ReadModulesDep(first);
        var compression = ReadCompression();
        var found = new Dictionary<string, InTreeModule>(StringComparer.Ordinal);
        var problems = new List<string>();
        var queue = new Queue<(string Needer, string Name)>(needed);
        while (queue.TryDequeue(out var next))
        {
            var (needer, name) = next;
            if (found.ContainsKey(name) || present(name))
            {
                continue;
            }

            if (entries?.GetValueOrDefault(name) is not { } entry)
            {
                problems.Add($"{needer} needs {name}, which is neither in the driver's modules, nor loaded, nor in {ModulesDepPath}");
                continue;
            }

            var refusal = Refusal(entry, compression, out var compressed);
            if (refusal is not null)
            {
                problems.Add($"{needer} needs {name}: {refusal}");
                continue;
            }

            found[name] = new InTreeModule(name, Path.Join(_releaseFolder, entry.RelativePath), entry.Depends, compressed);
            foreach (var dep in entry.Depends)
            {
                queue.Enqueue((name, dep));
            }
        }

        if (problems.Count > 0)
        {
            throw new ModuleLoadException(first, null, ModuleLoadFailure.UnmetDependency, null,
                $"a dependency cannot be loaded, so nothing was: {string.Join("; ", problems.Distinct(StringComparer.Ordinal))}");
        }

        return [.. found.Values];
    }

    private string? Refusal(ModulesDepEntry entry, string? compression, out bool compressed)
    {
        compressed = false;
        if (!entry.RelativePath.StartsWith(InTreeFolder, StringComparison.Ordinal))
        {
            return $"modules.dep has it at {entry.RelativePath}, outside the kernel's own {InTreeFolder} folder (other software installed it); load it yourself if it is wanted";
        }

        var path = Path.Join(_releaseFolder, entry.RelativePath);
        if (!File.Exists(path))
        {
            return $"modules.dep names {path}, which does not exist (run depmod {Path.GetFileName(_releaseFolder)})";
        }

        foreach (var (suffix, kind) in Compressions)
        {
            if (entry.RelativePath.EndsWith(suffix, StringComparison.Ordinal))
            {
                compressed = true;
                return kind == compression ? null
                    : $"{path} is {kind}-compressed and the running kernel does not decompress {kind} modules itself ({CompressionAttribute} says {compression ?? "nothing: it is absent"}); load it with modprobe";
            }
        }

        return null;
    }

    private IReadOnlyDictionary<string, ModulesDepEntry>? ReadModulesDep(string module)
    {
        var path = ModulesDepPath;
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            if (info.Length > ModulesDepParser.MaxBytes)
            {
                throw Unreadable(module, $"{path} is larger than {ModulesDepParser.MaxBytes} bytes");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(module, $"cannot read {path}: {e.Message}");
        }

        return ModulesDepParser.Parse(text, out var problem) ?? throw Unreadable(module, $"{path} is malformed: {problem}");
    }

    // The kernel (CONFIG_MODULE_DECOMPRESS) shows the one format it decompresses; without it, finit_module takes plain files only.
    private string? ReadCompression()
    {
        try
        {
            var value = File.ReadAllText(Path.Join(_hostRoot, CompressionAttribute)).Trim();
            return value.Length == 0 ? null : value;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static ModuleLoadException Unreadable(string module, string detail) =>
        new(module, null, ModuleLoadFailure.UnmetDependency, null, $"a dependency outside the driver's modules is looked up in the kernel's modules.dep, and {detail}; nothing was loaded");
}
