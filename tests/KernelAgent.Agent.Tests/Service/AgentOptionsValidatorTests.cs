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

    [Fact]
    public void Validate_Defaults_ReportDemandEverySixHours()
    {
        var options = Valid();

        Assert.True(new AgentOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((true, TimeSpan.FromHours(6)), (options.Farm.ReportDemand, options.Farm.DemandReportInterval));
    }

    private static AgentOptions Valid() => new() { DriverName = "kagent_sample", DriverVersion = "1.0.0", Farm = { Address = "http://farm:50051" } };
}
