namespace KernelAgent.BuildFarm.Headers;

internal sealed class HeaderSourceSelector(IEnumerable<IHeaderSource> sources) : IHeaderSourceSelector
{
    private readonly IReadOnlyList<IHeaderSource> _sources = [.. sources];

    public IHeaderSource SourceFor(KernelTarget target) =>
        _sources.FirstOrDefault(s => s.Serves(target))
        ?? throw new InvalidKernelTargetException(
            target,
            nameof(KernelTarget.DistroId),
            $"no header source serves distribution '{target.DistroId}' (families: {string.Join(", ", _sources.Select(s => s.Family))})");
}
