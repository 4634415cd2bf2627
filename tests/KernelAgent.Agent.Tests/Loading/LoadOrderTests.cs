using CsCheck;
using KernelAgent.Agent.Loading;

namespace KernelAgent.Agent.Tests.Loading;

public sealed class LoadOrderTests
{
    [Fact]
    public void Compute_AnyDependsLines_IsARefusalOrAnOrderWithEveryDependencyFirst()
    {
        string[] names = ["a", "b", "c", "d", "e", "x_tables", "jool-common", "jool_common"];
        var name = Gen.Int[0, names.Length - 1].Select(i => names[i]);
        var member = Gen.Select(name, name.Array[0, 3], (n, depends) => (Name: n, Depends: depends));
        var cases = 0;
        var refusals = 0;
        Gen.Select(member.Array[1, 6], name.Array[0, 2]).Sample((members, loaded) =>
        {
            Interlocked.Increment(ref cases);
            var set = members.DistinctBy(m => m.Name.Replace('-', '_')).Select(m => (m.Name, (IReadOnlyList<string>)m.Depends)).ToList();
            try
            {
                var order = LoadOrder.Compute(set, n => loaded.Contains(n));
                var position = order.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
                return order.Count == set.Count && set.All(m => m.Item2.All(d =>
                    !position.ContainsKey(d.Replace('-', '_')) || position[d.Replace('-', '_')] < position[m.Name.Replace('-', '_')]));
            }
            catch (ModuleLoadException e) when (e.Failure == ModuleLoadFailure.UnmetDependency)
            {
                Interlocked.Increment(ref refusals);
                return true;
            }
        }, iter: 5000);
        Console.WriteLine($"LoadOrder.Compute: {cases} cases, {refusals} refused");
        TestContext.Current.SendDiagnosticMessage($"LoadOrder.Compute: {cases} cases, {refusals} refused");
    }
}
