namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// Why a variant's kernel fields can name no exact build of their distribution.
/// <paramref name="Field"/> is the variant's field name (<see cref="KernelAgent.Store.Variants.VariantFieldNames"/>).
/// </summary>
internal sealed record KernelFieldProblem(string Field, string Problem);
