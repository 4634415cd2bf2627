using KernelAgent.Store.Backends;

namespace KernelAgent.BuildFarm.Demand;

/// <summary>Reads the demand flushes of the last days and aggregates them per kernel (distinct hosts across flushes).</summary>
internal interface IDemandReader
{
    /// <exception cref="StoreException">The store failed.</exception>
    /// <exception cref="DemandDocumentException">A demand document is damaged.</exception>
    Task<IReadOnlyList<DemandedKernel>> ReadAsync(int maxAgeDays, CancellationToken cancellationToken);
}
