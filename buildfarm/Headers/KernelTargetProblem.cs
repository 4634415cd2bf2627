namespace KernelAgent.BuildFarm.Headers;

/// <summary>One field of a <see cref="KernelTarget"/> (named as its property, e.g. "KernelBuild") and what is wrong with it.</summary>
internal sealed record KernelTargetProblem(string Field, string Problem);
