namespace KernelAgent.Agent.Loading;

/// <summary>One module of a driver's set, to be loaded after the modules it depends on.</summary>
/// <param name="Request">What to load and how to check it.</param>
/// <param name="Depends">The module's <c>.modinfo</c> <c>depends=</c> names.</param>
internal sealed record ModuleSetMember(ModuleLoadRequest Request, IReadOnlyList<string> Depends);
