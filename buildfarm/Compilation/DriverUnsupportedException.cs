namespace KernelAgent.BuildFarm.Compilation;

/// <summary>The driver says it does not build for this kernel (a BUILD_EXCLUSIVE rule): not a compile error, not a farm failure.</summary>
internal sealed class DriverUnsupportedException(string driver, string rule)
    : Exception($"{driver} does not support this kernel: {rule}")
{
    public string Rule { get; } = rule;
}
