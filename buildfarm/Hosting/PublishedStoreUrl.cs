namespace KernelAgent.BuildFarm.Hosting;

/// <summary>The store URL agents are told to fetch from (see <see cref="FarmServerOptions.PublicStoreUrl"/>).</summary>
internal sealed record PublishedStoreUrl(string Value);
