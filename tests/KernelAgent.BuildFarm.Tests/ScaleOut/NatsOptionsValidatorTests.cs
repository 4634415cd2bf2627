using KernelAgent.BuildFarm.ScaleOut;

namespace KernelAgent.BuildFarm.Tests.ScaleOut;

/// <summary>The Nats section: unset keeps the single box; set, every problem is named at once.</summary>
public sealed class NatsOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_SingleBoxAndValid()
    {
        var options = new NatsOptions();

        var result = new NatsOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.False(options.Enabled);
        Assert.Equal("kagent.jobs", options.JobsSubject);
        Assert.Equal("kagent.events.b-1", options.EventsSubject("b-1"));
    }

    [Fact]
    public void Validate_EverythingWrong_NamesEveryProblem()
    {
        var options = new NatsOptions
        {
            Url = "http://nats:4222, nats://ok:4222",
            CredentialsFile = "/nonexistent/user.creds",
            JobsStream = "jobs.stream",
            EventsStream = "",
            BuildsBucket = "b*",
            SubjectPrefix = "kagent.>",
            AckWait = TimeSpan.Zero,
            MaxDeliver = 0,
            EventRetention = TimeSpan.FromDays(60),
        };

        var result = new NatsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(9, result.Failures!.Count());
        Assert.Contains("Nats:Url 'http://nats:4222' is not a NATS server URL", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Nats:CredentialsFile '/nonexistent/user.creds' does not exist", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Nats:MaxDeliver 0 is outside 1..100", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CredentialsWithoutUrl_IsRefused()
    {
        var result = new NatsOptionsValidator().Validate(null, new NatsOptions { CredentialsFile = "/etc/x.creds" });

        Assert.True(result.Failed);
        Assert.Contains("Nats:CredentialsFile is set but Nats:Url is not", result.FailureMessage, StringComparison.Ordinal);
    }
}
