namespace KernelAgent.BuildFarm.Headers;

/// <summary>Picks the header source of a target's distribution family.</summary>
internal interface IHeaderSourceSelector
{
    /// <exception cref="InvalidKernelTargetException">No source serves the target's distribution (field DistroId).</exception>
    IHeaderSource SourceFor(KernelTarget target);
}
