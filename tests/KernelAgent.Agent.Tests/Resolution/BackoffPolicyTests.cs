using KernelAgent.Agent.Resolution;

namespace KernelAgent.Agent.Tests.Resolution;

public sealed class BackoffPolicyTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Maximum = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(1, 0.5, 500)]
    [InlineData(2, 0.5, 1000)]
    [InlineData(3, 0.5, 2000)]
    [InlineData(5, 0.25, 4000)]
    public void Delay_FullJitter_IsTheRandomFractionOfTheExponentialCap(int attempt, double random, int expectedMs)
    {
        var policy = new BackoffPolicy(Initial, Maximum, () => random);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), policy.Delay(attempt));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void Delay_RandomAtItsBounds_StaysBetweenZeroAndTheCap(int attempt)
    {
        var cap = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempt - 1), Maximum.TotalSeconds));

        Assert.Equal(TimeSpan.Zero, new BackoffPolicy(Initial, Maximum, () => 0).Delay(attempt));
        Assert.InRange(new BackoffPolicy(Initial, Maximum, () => 0.999999).Delay(attempt), cap * 0.99, cap);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(31)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Delay_ManyAttempts_NeverExceedsTheMaximum(int attempt)
    {
        Assert.Equal(Maximum, new BackoffPolicy(Initial, Maximum, () => 1).Delay(attempt));
    }

    [Fact]
    public void Delay_ServerDelayAboveTheJitter_IsAFloor()
    {
        var policy = new BackoffPolicy(Initial, Maximum, () => 0.5);

        Assert.Equal(TimeSpan.FromSeconds(7), policy.Delay(1, TimeSpan.FromSeconds(7)));
    }

    [Fact]
    public void Delay_ServerDelayBelowTheJitter_KeepsTheJitter()
    {
        var policy = new BackoffPolicy(Initial, Maximum, () => 0.5);

        Assert.Equal(TimeSpan.FromSeconds(16), policy.Delay(6, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Delay_ServerDelayAboveTheMaximum_IsStillHonoured()
    {
        var policy = new BackoffPolicy(Initial, Maximum, () => 1);

        Assert.Equal(TimeSpan.FromMinutes(5), policy.Delay(3, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Delay_DefaultRandom_SpreadsAFleetAcrossTheWholeWindow()
    {
        var policy = new BackoffPolicy(Initial, Maximum);

        var waits = Enumerable.Range(0, 2000).Select(_ => policy.Delay(4)).ToList();

        Assert.All(waits, wait => Assert.InRange(wait, TimeSpan.Zero, TimeSpan.FromSeconds(8)));
        Assert.Contains(waits, wait => wait < TimeSpan.FromSeconds(1));
        Assert.Contains(waits, wait => wait > TimeSpan.FromSeconds(7));
    }
}
