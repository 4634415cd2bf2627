namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>A kernel's exact <c>uname -v</c> and where it was read.</summary>
internal sealed record BuildStringResolution(string BuildString, string Source);
