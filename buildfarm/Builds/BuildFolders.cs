using KernelAgent.BuildFarm.State;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// The work folders of builds under <c>&lt;StateDirectory&gt;/builds</c>, and which of them a build of this farm
/// is using now: any other folder there was left by a killed build (<see cref="Maintenance.LeftoverSweeper"/>).
/// </summary>
internal sealed class BuildFolders(IOptions<FarmStateOptions> state)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);

    public string Root => Path.Join(Path.GetFullPath(state.Value.StateDirectory), "builds");

    /// <summary>A new, empty folder for one build, marked in use before it exists.</summary>
    public string Create(string contentKey)
    {
        var folder = Path.Join(Root, contentKey[..16] + "-" + Guid.NewGuid().ToString("N")[..8]);
        lock (_gate)
        {
            _active.Add(folder);
        }

        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The build is over (its folder removed or about to be).</summary>
    public void Release(string folder)
    {
        lock (_gate)
        {
            _active.Remove(folder);
        }
    }

    public bool IsActive(string folder)
    {
        lock (_gate)
        {
            return _active.Contains(folder);
        }
    }
}
