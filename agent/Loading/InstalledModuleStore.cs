using System.Text.Json;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// Installation records as JSON files <c>&lt;state&gt;/installed/&lt;release&gt;/&lt;name&gt;.json</c>, each replaced
/// atomically (temp file + rename), so <c>kernel-agent status</c> never reads half a record.
/// </summary>
internal sealed class InstalledModuleStore : IInstalledModuleStore
{
    private const string RecordsFolder = "installed";
    private const string RecordExtension = ".json";

    /// <summary>Records are written by the agent and read by anyone allowed into the state folder.</summary>
    private const UnixFileMode RecordMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _folder;

    public InstalledModuleStore(IOptions<ModuleInstallerOptions> options)
        : this(options.Value.StateDirectory)
    {
    }

    internal InstalledModuleStore(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        _folder = Path.Join(stateDirectory, RecordsFolder);
    }

    public InstalledModuleRecord? Read(string name, string release)
    {
        var path = PathOf(name, release);
        return File.Exists(path) ? ReadFile(path, name, release) : null;
    }

    public IReadOnlyList<InstalledModuleRecord> ReadAll()
    {
        if (!Directory.Exists(_folder))
        {
            return [];
        }

        var records = new List<InstalledModuleRecord>();
        foreach (var releaseFolder in Directory.EnumerateDirectories(_folder).Order(StringComparer.Ordinal))
        {
            var release = Path.GetFileName(releaseFolder);
            foreach (var file in Directory.EnumerateFiles(releaseFolder, "*" + RecordExtension).Order(StringComparer.Ordinal))
            {
                records.Add(ReadFile(file, Path.GetFileNameWithoutExtension(file), release));
            }
        }

        return records;
    }

    public void Write(InstalledModuleRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var path = PathOf(record.Name, record.Release);
        try
        {
            AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(record, LoadingJsonContext.Default.InstalledModuleRecord), RecordMode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleInstallException(record.Name, record.Release, $"cannot write the installation record {path}: {e.Message}", e);
        }
    }

    private static InstalledModuleRecord ReadFile(string path, string name, string release)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), LoadingJsonContext.Default.InstalledModuleRecord)
                ?? throw new JsonException("the file holds null");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ModuleInstallException(name, release, $"cannot read the installation record {path}: {e.Message}", e);
        }
    }

    private string PathOf(string name, string release)
    {
        if ((ModuleNames.NameProblem(name) ?? ModuleNames.ReleaseProblem(release)) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        return Path.Join(_folder, release, name + RecordExtension);
    }
}
