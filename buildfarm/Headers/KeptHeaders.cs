namespace KernelAgent.BuildFarm.Headers;

/// <summary>What keeping one kernel's header packages did.</summary>
/// <param name="Target">The kernel whose set is now recorded in the headers cache.</param>
/// <param name="Downloaded">Packages downloaded now.</param>
/// <param name="AlreadyCached">Packages the cache held already (verified by digest).</param>
/// <param name="BytesDownloaded">Size of the packages downloaded now.</param>
internal sealed record KeptHeaders(KernelTarget Target, int Downloaded, int AlreadyCached, long BytesDownloaded);
