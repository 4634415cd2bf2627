using CsCheck;

namespace KernelAgent.BuildFarm.Tests;

/// <summary>Shared generators and the case counter of the parsers' property tests (each prints how many cases it ran).</summary>
internal static class PropertyCases
{
    public const int Iterations = 10_000;

    /// <summary>Strings a request field may carry: well-formed ones, edge cases and anything at all.</summary>
    public static Gen<string> Field(params string[] valid) => Gen.Frequency(
        (4, Gen.OneOf(valid)),
        (2, Gen.OneOf("", ".", "..", "/", "a/b", "../etc", " ", "\n", "\0", "x\u0085y", "é", "\uD800", new string('a', 300), "#1 SMP", "6.1.0-56-amd64")),
        (3, Gen.String),
        (1, Gen.String[Gen.Char[(char)0, (char)0x80], 0, 40]));

    /// <summary>A document with 1 to 4 byte-level mutations: a byte deleted, inserted, replaced, or the rest cut off.</summary>
    public static Gen<byte[]> Mutated(byte[] document) =>
        Gen.Select(Gen.Int[0, document.Length], Gen.Int[0, 3], Gen.Byte).Array[1, 4].Select(edits =>
        {
            var bytes = document.ToList();
            foreach (var (position, kind, value) in edits)
            {
                var at = Math.Min(position, bytes.Count);
                switch (kind)
                {
                    case 0 when at < bytes.Count: bytes.RemoveAt(at); break;
                    case 1: bytes.Insert(at, value); break;
                    case 2 when at < bytes.Count: bytes[at] = value; break;
                    case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                }
            }

            return bytes.ToArray();
        });

    /// <summary>Runs <paramref name="property"/> on <paramref name="iterations"/> cases (the parsers' own tests: at least <see cref="Iterations"/>) and reports how many ran.</summary>
    public static void Check<T>(Gen<T> gen, Action<T> property, ITestOutputHelper output, string what, int iterations = Iterations)
    {
        var cases = 0L;
        gen.Sample(value =>
        {
            Interlocked.Increment(ref cases);
            property(value);
        }, iter: iterations);
        var line = $"{what}: {cases} cases, every one a result or a refusal";
        output.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        Assert.True(cases >= iterations, $"only {cases} cases ran");
    }
}
