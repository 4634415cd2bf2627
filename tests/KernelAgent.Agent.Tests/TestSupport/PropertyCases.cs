namespace KernelAgent.Agent.Tests.TestSupport;

/// <summary>Reports how many generated cases a property test ran, in the test's output and as a diagnostic message.</summary>
internal static class PropertyCases
{
    public const int PerParser = 10_000;

    public static void Report(int count, string what)
    {
        var line = $"{count} {what} checked";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }
}
