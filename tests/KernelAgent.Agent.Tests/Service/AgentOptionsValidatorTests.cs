using KernelAgent.Agent.Service;

namespace KernelAgent.Agent.Tests.Service;

public sealed class AgentOptionsValidatorTests
{
    [Theory]
    [InlineData("00:00:59")]
    [InlineData("1.00:00:01")]
    public void Validate_DemandReportIntervalOutOfRange_NamesTheSettingAndItsBounds(string interval)
    {
        var options = Valid();
        options.Farm.DemandReportInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture);

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.Equal([$"Agent:Farm:DemandReportInterval must be between 00:01:00 and 1.00:00:00 (got {options.Farm.DemandReportInterval})"], result.Failures);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("00:01:01")]
    public void Validate_StartBudgetOutOfRange_NamesTheSettingAndItsBound(string budget)
    {
        var options = Valid();
        options.StartBudget = TimeSpan.Parse(budget, System.Globalization.CultureInfo.InvariantCulture);

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.Equal([$"Agent:StartBudget must be positive and at most 00:01:00 (got {options.StartBudget})"], result.Failures);
    }

    [Fact]
    public void Validate_OnceDeadlineNotPositive_NamesTheSetting()
    {
        var options = Valid();
        options.Farm.OnceDeadline = TimeSpan.Zero;

        Assert.Equal(["Agent:Farm:OnceDeadline must be positive (got 00:00:00)"], new AgentOptionsValidator().Validate(null, options).Failures);
    }

    [Fact]
    public void Validate_Defaults_StartBudgetTwentySecondsAndOnceDeadlineOneMinute()
    {
        var options = Valid();

        Assert.True(new AgentOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60)), (options.StartBudget, options.Farm.OnceDeadline));
    }

    [Fact]
    public void Validate_Defaults_ReportDemandEverySixHours()
    {
        var options = Valid();

        Assert.True(new AgentOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((true, TimeSpan.FromHours(6)), (options.Farm.ReportDemand, options.Farm.DemandReportInterval));
    }

    [Theory]
    [InlineData("s3://", "Agent:Stores:0: store 's3://'")]
    [InlineData("s3://fleet-modules:9000/v", "a port does not belong")]
    public void Validate_S3StoreUrlThatCannotOpen_NamesTheStoreAndTheProblem(string url, string expected)
    {
        var options = Valid();
        options.Stores.Add(url);

        var failure = Assert.Single(new AgentOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith("Agent:Stores:0: ", failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_S3SettingsThatCannotWork_AreReportedWithEveryOtherProblem()
    {
        var options = Valid();
        options.Stores.Add("s3://fleet-modules/v");
        options.S3.MaxErrorRetry = -3;
        options.S3.AccessKey = "only-the-access-key";
        options.RetryInterval = TimeSpan.Zero;

        var failures = new AgentOptionsValidator().Validate(null, options).Failures!;

        Assert.Contains(failures, f => f.StartsWith("Agent:Stores:0: ", StringComparison.Ordinal) && f.Contains("AccessKey and SecretKey together", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Agent:RetryInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ReachableLookingStores_OpenNothingAndPass()
    {
        var options = Valid();
        options.Stores.Add("s3://fleet-modules/v");
        options.S3.Region = "eu-west-1";
        options.Stores.Add("https://mirror.invalid/modules/");
        options.Stores.Add("file:///var/lib/kernel-agent/store");

        Assert.True(new AgentOptionsValidator().Validate(null, options).Succeeded);
    }

    private static AgentOptions Valid() => new() { DriverName = "kagent_sample", DriverVersion = "1.0.0", Farm = { Address = "http://farm:50051" } };
}
