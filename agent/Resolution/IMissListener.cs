using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Resolution;

/// <summary>Told when the stores answered that they have no artifact for a variant (a miss the farm should hear of).</summary>
internal interface IMissListener
{
    void Missed(ArtifactVariant variant);
}
