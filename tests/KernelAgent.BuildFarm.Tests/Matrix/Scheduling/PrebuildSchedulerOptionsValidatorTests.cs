using KernelAgent.BuildFarm.Matrix.Scheduling;

namespace KernelAgent.BuildFarm.Tests.Matrix.Scheduling;

public sealed class PrebuildSchedulerOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new PrebuildSchedulerOptionsValidator().Validate(null, new PrebuildSchedulerOptions()).Succeeded);

    [Fact]
    public void Validate_SeveralBadSettings_ReportsEachAtOnce()
    {
        var result = new PrebuildSchedulerOptionsValidator().Validate(null, new PrebuildSchedulerOptions
        {
            Interval = TimeSpan.Zero,
            Jitter = TimeSpan.FromSeconds(-1),
            ChunkSize = 0,
            RetryBackoff = TimeSpan.FromHours(7),
            Policy = "/nonexistent/policy.json",
        });

        Assert.Equal(5, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("Prebuild:Policy", StringComparison.Ordinal));
    }
}
