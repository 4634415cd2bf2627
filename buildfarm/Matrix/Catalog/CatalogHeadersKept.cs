namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>What keeping a catalog's header packages did.</summary>
/// <param name="Kernels">Kernels whose package set is now recorded in the headers cache.</param>
/// <param name="Downloaded">Packages downloaded (a package several kernels share counts once).</param>
/// <param name="AlreadyCached">Package uses the cache already held, verified by digest.</param>
/// <param name="BytesDownloaded">Size of the packages downloaded.</param>
/// <param name="Failed">Kernels whose packages could not all be kept (each named in <paramref name="Warnings"/>).</param>
/// <param name="Warnings">Kernels left out or failed, and why.</param>
internal sealed record CatalogHeadersKept(int Kernels, int Downloaded, int AlreadyCached, long BytesDownloaded, int Failed, IReadOnlyList<string> Warnings);
