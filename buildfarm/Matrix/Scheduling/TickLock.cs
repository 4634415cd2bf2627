namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>
/// The state folder's prebuild lock: one tick (or one <c>matrix apply</c>) at a time, across processes too. .NET
/// takes an exclusive flock(2) on a file opened with <see cref="FileShare.None"/>; the kernel drops it when the
/// process dies, so a killed tick never leaves the next one locked out.
/// </summary>
internal sealed class TickLock : IDisposable
{
    private readonly FileStream _file;

    private TickLock(FileStream file) => _file = file;

    public static string PathIn(string stateDirectory) => Path.Join(stateDirectory, "matrix", "prebuild", "tick.lock");

    /// <summary>The lock, or null when another tick holds it.</summary>
    public static TickLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new TickLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
