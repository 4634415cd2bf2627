using CsCheck;

namespace KernelAgent.Store.Tests.TestSupport;

/// <summary>
/// Runs property tests and reports how many generated cases ran, in the test's output and as a diagnostic message.
/// Shared with the agent's tests (linked there).
/// </summary>
internal static class PropertyCases
{
    /// <summary>The cases each parser of outside input gets in the full suite.</summary>
    public const int PerParser = 10_000;

    public static void Report(int count, string what)
    {
        var line = $"{count} {what} checked";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }

    /// <summary>Checks <paramref name="property"/> on <paramref name="cases"/> values of <paramref name="gen"/>, reports the count and fails unless every case ran.</summary>
    public static void Run<T>(Gen<T> gen, int cases, string label, Action<T> property)
    {
        var count = 0;
        gen.Sample(value =>
        {
            Interlocked.Increment(ref count);
            property(value);
        }, iter: cases);
        Report(count, label);
        Assert.Equal(cases, count);
    }

    /// <summary>As <see cref="Run{T}"/>, each case with a <see cref="Random"/> of its own seed (for <see cref="Mutations"/> and hand-made edits).</summary>
    public static void Run(int cases, string label, Action<Random> property) =>
        Run(Gen.Int, cases, label, seed => property(new Random(seed)));
}
