namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>One repository index a crawl read.</summary>
/// <param name="Family">Crawler family: "debian", "ubuntu", "rhel", "amzn".</param>
/// <param name="Location">The index as its repository names it (an apt index description or a repodata URL).</param>
/// <param name="Distro">os-release ID the index serves.</param>
/// <param name="DistroVersion">os-release VERSION_ID the index serves.</param>
/// <param name="Kernels">Kernels found in it.</param>
internal sealed record CatalogSource(string Family, string Location, string Distro, string DistroVersion, int Kernels);
