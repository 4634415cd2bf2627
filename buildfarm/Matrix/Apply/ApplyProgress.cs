namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>One entry of an apply has ended: which, how, and how far the run is (<paramref name="Done"/> of <paramref name="Total"/>).</summary>
internal sealed record ApplyProgress(EntryResult Result, int Done, int Total, TimeSpan Elapsed);
