namespace KernelAgent.Store.Tests.TestSupport;

/// <summary>Reports how many generated cases a property test ran, in the test's output and as a diagnostic message.</summary>
internal static class PropertyCases
{
    public static void Report(int count, string what)
    {
        var line = $"{count} {what} checked";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }
}
